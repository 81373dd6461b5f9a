/**
 * Whether a clinic's workflow is still a template as shipped, apart from what a clinic is meant to change: Settings
 * values, credentials, webhook ids, positions, and a version-1 trigger's Shared Secret. The fingerprint of what is
 * left is compared with those of every released version of the template (releases.json, recorded from git history
 * by recordRelease.ts) and of this one: no match means the clinic edited the workflow beyond Settings, and an
 * upgrade would throw that edit away.
 */
import { createHash } from 'node:crypto';

import type { Workflow } from './workflowFile';
import releases from './releases.json';

type Row = Record<string, any>;

/** JSON with sorted keys: the same content gives the same text whatever order n8n stored it in. */
export function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.keys(value)
				.sort()
				.map((k) => [k, canonical((value as Row)[k])]),
		);
	}
	return value;
}

/** A node's parameters without the values a clinic sets: Settings values, a version-1 trigger's secret. */
function shapeOf(node: Row): Row {
	const parameters = { ...(node.parameters ?? {}) };
	if (node.name === 'Settings' && parameters.assignments?.assignments) {
		parameters.assignments = {
			...parameters.assignments,
			assignments: (parameters.assignments.assignments as Row[]).map((a) => ({
				name: a.name,
				type: a.type,
			})),
		};
	}
	if (/\.(coMagicTrigger|mttVoiceboxTrigger)$/.test(node.type)) delete parameters.secret;
	return {
		name: node.name,
		type: node.type,
		typeVersion: node.typeVersion,
		disabled: node.disabled === true,
		parameters,
	};
}

export function fingerprint(wf: Pick<Workflow, 'nodes' | 'connections'>): string {
	const nodes = [...wf.nodes]
		.sort((a, b) => String(a.name).localeCompare(String(b.name)))
		.map(shapeOf);
	const text = JSON.stringify(canonical({ nodes, connections: wf.connections ?? {} }));
	return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Every released fingerprint of a template file, oldest first, with the version it shipped in. */
export function releasedFingerprints(
	file: string,
): Array<{ version: string; fingerprint: string }> {
	return Object.entries(releases as Record<string, Record<string, string>>)
		.filter(([, files]) => files[file])
		.map(([version, files]) => ({ version, fingerprint: files[file] }));
}
