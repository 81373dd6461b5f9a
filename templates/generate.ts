/**
 * Writes the template workflows (index.ts) to workflows/*.json:
 *   npm run templates
 * `npm run build` then validates and copies them to dist/workflows; tests/workflows/templates.test.ts fails if they are stale.
 *
 * What a workflow exported from the n8n editor changes against its template (diff.ts; README.md):
 *   npm run templates -- --diff exported.json [--positions]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { diffWorkflows } from './diff';
import { allTemplates } from './index';

export const WORKFLOWS_DIR = resolve(__dirname, '../workflows');

/** The exact text of a shipped file: tabs like the rest of the repo, a final newline. */
export function templateText(workflow: unknown): string {
	return `${JSON.stringify(workflow, null, '\t')}\n`;
}

/** The differences of an exported workflow file against the template of the same name. */
function diffExport(file: string, positions: boolean): void {
	const exported = JSON.parse(readFileSync(file, 'utf8'));
	const templates = Object.values(allTemplates());
	const template = templates.find((workflow) => workflow.name === exported.name);
	if (!template) {
		const names = templates.map((workflow) => `  ${String(workflow.name)}`).join('\n');
		throw new Error(
			`no template is named ${JSON.stringify(exported.name)}; the templates are:\n${names}`,
		);
	}
	const lines = diffWorkflows(template, exported, { positions });
	process.stdout.write(lines.length ? `${lines.join('\n')}\n` : 'no differences\n');
}

if (require.main === module) {
	const args = process.argv.slice(2);
	const diff = args.indexOf('--diff');
	if (diff >= 0) {
		if (!args[diff + 1])
			throw new Error('usage: npm run templates -- --diff exported.json [--positions]');
		diffExport(args[diff + 1], args.includes('--positions'));
	} else {
		for (const [file, workflow] of Object.entries(allTemplates())) {
			writeFileSync(join(WORKFLOWS_DIR, file), templateText(workflow));
			process.stdout.write(`wrote workflows/${file}\n`);
		}
	}
}
