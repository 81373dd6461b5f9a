#!/usr/bin/env node
/**
 * `npm run lint`: what n8n's verification scanner lints — package.json, nodes/ and credentials/ — with the unchanged
 * strict community config and inline `eslint-disable` comments ignored (the scanner runs allowInlineConfig: false).
 * `n8n-node lint` itself runs `eslint .`, which would also hold tests and the sandbox to the cloud rules (no
 * process, no timers); those have their own config (`npm run lint:dev`).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const template = path.join(
	root,
	'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs',
);
const squash = (file) => fs.readFileSync(file, 'utf8').replace(/\s+/g, ' ').trim();
if (squash(path.join(root, 'eslint.config.mjs')) !== squash(template)) {
	console.error('eslint.config.mjs differs from the n8n-node strict template: restore it.');
	process.exit(1);
}
const eslint = path.join(root, 'node_modules/.bin/eslint');
try {
	execFileSync(
		eslint,
		['--no-inline-config', '--max-warnings', '0', 'package.json', 'nodes', 'credentials', ...process.argv.slice(2)],
		{ cwd: root, stdio: 'inherit' },
	);
} catch (error) {
	process.exit(error.status || 1);
}
