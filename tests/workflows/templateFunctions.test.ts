/**
 * No function in templates/ is longer than MAX_LINES: a template is split by the sections its sticky notes name
 * (templates/README.md), so each part reads on its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import * as ts from 'typescript';

const MAX_LINES = 150;
const ROOT = join(__dirname, '../..');
const TEMPLATES = join(ROOT, 'templates');

function tsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return tsFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** Every function, method and arrow function of a file with its first line and length in lines. */
function functionLengths(
	file: string,
	text: string,
): Array<{ name: string; line: number; lines: number }> {
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const found: Array<{ name: string; line: number; lines: number }> = [];
	const visit = (node: ts.Node): void => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
			const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
			const named = 'name' in node && node.name ? node.name.getText(source) : '(anonymous)';
			found.push({ name: named, line: first + 1, lines: last - first + 1 });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

describe('templates/ functions', () => {
	it(`are at most ${MAX_LINES} lines long`, () => {
		const tooLong = tsFiles(TEMPLATES).flatMap((file) =>
			functionLengths(file, readFileSync(file, 'utf8'))
				.filter((f) => f.lines > MAX_LINES)
				.map((f) => `${relative(ROOT, file)}:${f.line} ${f.name}: ${f.lines} lines`),
		);
		expect(tooLong).toEqual([]);
	});

	it('are measured: an arrow function over the limit is found', () => {
		const body = Array.from({ length: MAX_LINES }, (_, i) => `\tconst a${i} = ${i};`).join('\n');
		const found = functionLengths('x.ts', `export const f = () => {\n${body}\n};\n`);
		expect(found).toEqual([{ name: '(anonymous)', line: 1, lines: MAX_LINES + 2 }]);
	});
});
