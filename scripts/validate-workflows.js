/**
 * Checks an importable template before it ships: it parses, every node type is ours or a known n8n node, connections
 * point at existing nodes, no credential ids or secrets are inside, and every webhook trigger has a fixed webhookId
 * (a stable URL to paste into the provider's cabinet).
 */
const known = require('./known-n8n-nodes.json');
const pkg = require('../package.json');

const OUR_TYPES = new Set(
	pkg.n8n.nodes.map((file) => {
		const base = file.split('/').pop().replace('.node.js', '');
		return `${pkg.name}.${base[0].toLowerCase()}${base.slice(1)}`;
	}),
);
const OUR_TRIGGERS = [...OUR_TYPES].filter((t) => t.endsWith('Trigger'));
/**
 * The newest version of each node of this package, the one a template ships (tests/unit/validateWorkflows.test.ts
 * holds it to the node descriptions). The triggers' version 2 reads the shared secret from a credential, so a
 * template that takes a secret must name that credential.
 */
const OUR_VERSIONS = {
	[`${pkg.name}.coMagic`]: 1,
	[`${pkg.name}.coMagicTrigger`]: 2,
	[`${pkg.name}.mttVoicebox`]: 1,
	[`${pkg.name}.mttVoiceboxTrigger`]: 2,
};
const SECRET_CREDENTIALS = {
	[`${pkg.name}.coMagicTrigger`]: 'coMagicTriggerApi',
	[`${pkg.name}.mttVoiceboxTrigger`]: 'mttVoiceboxTriggerApi',
};
const WEBHOOK_TYPES = new Set(['n8n-nodes-base.webhook', 'n8n-nodes-base.formTrigger', ...OUR_TRIGGERS]);
const SECRET_KEYS = /^(password|apiKey|api_key|access_token|accessToken|token|secret|sharedSecret)$/i;

function findSecrets(value, trail, problems) {
	if (Array.isArray(value)) {
		value.forEach((v, i) => findSecrets(v, `${trail}[${i}]`, problems));
	} else if (value && typeof value === 'object') {
		for (const [key, v] of Object.entries(value)) {
			const isLiteral = typeof v === 'string' && v !== '' && !v.startsWith('=') && !/^<.*>$|^\{\{.*\}\}$/.test(v);
			if (SECRET_KEYS.test(key) && isLiteral) problems.push(`${trail}.${key} holds a literal secret`);
			findSecrets(v, `${trail}.${key}`, problems);
		}
	}
}

/** Returns the problems of one template (empty = valid). */
function validateWorkflow(text) {
	let wf;
	try {
		wf = JSON.parse(text);
	} catch (error) {
		return [`not valid JSON: ${error.message}`];
	}
	const problems = [];
	if (!wf || typeof wf !== 'object') return ['not a workflow object'];
	if (typeof wf.name !== 'string' || wf.name === '') problems.push('has no name');
	if (!Array.isArray(wf.nodes) || wf.nodes.length === 0) return [...problems, 'has no nodes'];
	const names = new Set();
	for (const node of wf.nodes) {
		const label = `node "${node.name}"`;
		if (names.has(node.name)) problems.push(`${label} appears twice`);
		names.add(node.name);
		if (OUR_TYPES.has(node.type)) {
			const newest = OUR_VERSIONS[node.type];
			if (node.typeVersion !== newest) {
				problems.push(`${label} has typeVersion ${node.typeVersion}, this package's newest is ${newest}`);
			}
			const credential = SECRET_CREDENTIALS[node.type];
			if (credential && node.parameters?.secretLocation !== 'none' && !node.credentials?.[credential]) {
				problems.push(`${label} takes a secret but names no ${credential} credential`);
			}
		} else if (node.type in known && node.type !== '//') {
			if (typeof node.typeVersion !== 'number' || node.typeVersion > known[node.type]) {
				problems.push(`${label} uses ${node.type} version ${node.typeVersion}, newer than ${known[node.type]}`);
			}
		} else {
			problems.push(`${label} has unknown type ${node.type}`);
		}
		if (WEBHOOK_TYPES.has(node.type) && !/^[0-9a-f-]{36}$/i.test(node.webhookId || '')) {
			problems.push(`${label} is a webhook trigger without a fixed webhookId (UUID)`);
		}
		for (const [type, ref] of Object.entries(node.credentials || {})) {
			if (ref && ref.id) problems.push(`${label} carries the id of a "${type}" credential: remove it`);
		}
	}
	for (const [from, outputs] of Object.entries(wf.connections || {})) {
		if (!names.has(from)) problems.push(`connection from missing node "${from}"`);
		for (const list of Object.values(outputs)) {
			for (const branch of list) {
				for (const link of branch || []) {
					if (!names.has(link.node)) problems.push(`connection from "${from}" to missing node "${link.node}"`);
				}
			}
		}
	}
	findSecrets(wf.nodes, 'nodes', problems);
	if (wf.pinData && Object.keys(wf.pinData).length > 0) problems.push('ships pinData: remove it');
	return problems;
}

/** Every *.json template of a folder: the file names and, per broken file, its problems. */
function checkWorkflowDir(dir) {
	const fs = require('node:fs');
	const path = require('node:path');
	const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
	const failures = [];
	for (const file of files) {
		const problems = validateWorkflow(fs.readFileSync(path.join(dir, file), 'utf8'));
		if (problems.length) failures.push(`workflows/${file}:\n  - ${problems.join('\n  - ')}`);
	}
	return { files, failures };
}

module.exports = { validateWorkflow, checkWorkflowDir, OUR_TYPES, OUR_VERSIONS };
