/**
 * The JavaScript of the templates' Code nodes, kept as real files so an editor and `npm run lint:dev` check it:
 * code/<workflow>/<node name in kebab case>.js (e.g. code/reminder-report/build-page.js for "Build page").
 *
 * A file is the Code node's body as n8n runs it (a top-level `return`, n8n's globals), with three additions the
 * generator resolves:
 * - leading block comments (`/* … *\/`: notes for readers, `/* global … *\/` and `/* eslint … *\/` for the linter)
 *   are dropped; `//` comments are part of the node's code;
 * - a line `// #include <file>.js` is replaced by that file of the same folder (its leading block comments dropped);
 * - `__NAME__` placeholders are replaced by the values the template passes (TypeScript constants), each exactly as
 *   given; a placeholder without a value, or a value no placeholder uses, fails the generator.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WfNode } from './build';

export const CODE_DIR = join(__dirname, 'code');

/** "Clean-up answer" → clean-up-answer */
export function codeFileName(node: string): string {
	return `${node
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')}.js`;
}

/** A file's text without its leading block comments and its final newline. */
function readCode(file: string): string {
	let text = readFileSync(file, 'utf8');
	for (let m = /^\/\*[\s\S]*?\*\/\n/.exec(text); m; m = /^\/\*[\s\S]*?\*\/\n/.exec(text)) {
		text = text.slice(m[0].length);
	}
	return text.replace(/\n$/, '');
}

/** The jsCode of Code node `node` of `workflow` (the folder under code/), placeholders filled from `values`. */
export function jsCode(
	workflow: string,
	node: string,
	values: Record<string, string | number> = {},
): string {
	const dir = join(CODE_DIR, workflow);
	const file = join(dir, codeFileName(node));
	const text = readCode(file).replace(/^\/\/ #include (\S+\.js)$/gm, (_line, included: string) =>
		readCode(join(dir, included)),
	);
	const used = new Set<string>();
	const filled = text.replace(/__([A-Z][A-Z0-9_]*[A-Z0-9])__/g, (_placeholder, name: string) => {
		if (!(name in values)) throw new Error(`${file}: no value for __${name}__`);
		used.add(name);
		return String(values[name]);
	});
	const unused = Object.keys(values).filter((name) => !used.has(name));
	if (unused.length) throw new Error(`${file}: no placeholder for ${unused.join(', ')}`);
	return filled;
}

/** n8n's Code node (JavaScript, run once for all items) running the file of `node` under code/<workflow>/. */
export function codeNode(
	workflow: string,
	name: string,
	position: [number, number],
	values: Record<string, string | number> = {},
): Omit<WfNode, 'id'> {
	return {
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position,
		parameters: { jsCode: jsCode(workflow, name, values) },
	};
}
