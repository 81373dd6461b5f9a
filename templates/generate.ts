/**
 * Writes the template workflows (index.ts) to workflows/*.json:
 *   npm run templates
 * `npm run build` then validates and copies them to dist/workflows; tests/workflows/templates.test.ts fails if they are stale.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { allTemplates } from './index';

export const WORKFLOWS_DIR = resolve(__dirname, '../workflows');

/** The exact text of a shipped file: tabs like the rest of the repo, a final newline. */
export function templateText(workflow: unknown): string {
	return `${JSON.stringify(workflow, null, '\t')}\n`;
}

if (require.main === module) {
	for (const [file, workflow] of Object.entries(allTemplates())) {
		writeFileSync(join(WORKFLOWS_DIR, file), templateText(workflow));
		process.stdout.write(`wrote workflows/${file}\n`);
	}
}
