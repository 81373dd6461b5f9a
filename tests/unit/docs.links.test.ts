/**
 * The documentation holds together (issue 28): every link and image of every markdown page of the repository is an
 * address written out or a path that is there, and every #anchor a heading of its page (GitHub's slugs); the README
 * stays one page; the troubleshooting page starts each entry with the message the user sees.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { headings, linkProblem, linkTargets, markdownFiles, slug, anchors } from './docs.helpers';

const ROOT = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('markdown anchors follow GitHub', () => {
	it('lower case, punctuation dropped except - and _, each space a hyphen, letters of any script kept', () => {
		expect(slug('CoMagic API (`coMagicApi`)')).toBe('comagic-api-comagicapi');
		expect(slug('Trigger secrets (`coMagicTriggerApi`, `mttVoiceboxTriggerApi`)')).toBe(
			'trigger-secrets-comagictriggerapi-mttvoiceboxtriggerapi',
		);
		expect(slug('What is exact across processes, and what is best effort')).toBe(
			'what-is-exact-across-processes-and-what-is-best-effort',
		);
		expect(slug('n8n 1.x on SQLite: writes fail (DB_SQLITE_POOL_SIZE)')).toBe(
			'n8n-1x-on-sqlite-writes-fail-db_sqlite_pool_size',
		);
		expect(slug('Замена МИС')).toBe('замена-мис');
		expect(slug('A — B → [C](c.md)')).toBe('a--b--c');
	});

	it('a repeated heading gets -1, -2; code blocks hold no headings', () => {
		const page = '# Setup\n\n## Setup\n\n```\n# not a heading\n```\n\n## Setup ##\n';
		expect([...anchors(page)]).toEqual(['setup', 'setup-1', 'setup-2']);
		expect(headings(page).map((h) => h.line)).toEqual([1, 3, 9]);
	});

	it('links outside code, images and reference definitions included', () => {
		const page =
			'See [a](docs/a.md#x) and ![b](b.png "B") `[c](c.md)`\n\n```\n[d](d.md)\n```\n[e]: https://e.example\n';
		expect(linkTargets(page).map((l) => l.target)).toEqual([
			'docs/a.md#x',
			'b.png',
			'https://e.example',
		]);
	});
});

describe('every markdown page', () => {
	const pages = markdownFiles(ROOT);

	it('are found: the README, the docs, the templates in both languages', () => {
		for (const page of [
			'README.md',
			'docs/nodes.md',
			'docs/setup.md',
			'docs/operations.md',
			'docs/development.md',
			'docs/troubleshooting.md',
			'docs/quick-start.ru.md',
			'workflows/README.md',
			'workflows/README.ru.md',
		]) {
			expect(pages).toContain(page);
		}
	});

	const links = pages.flatMap((page) =>
		linkTargets(read(page)).map(({ target, line }): [string, string] => [
			`${page}:${line}`,
			target,
		]),
	);

	it('have links to check', () => {
		expect(links.length).toBeGreaterThan(50);
	});

	it.each(links)(
		'%s → %s: written out, or a path (and heading) of this repository',
		(where, target) => {
			expect(linkProblem(ROOT, where.replace(/:\d+$/, ''), target)).toBeUndefined();
		},
	);
});

describe('README', () => {
	it('is one page: at most 1,500 words (as wc -w counts them)', () => {
		const words = read('README.md')
			.split(/\s+/)
			.filter((w) => w !== '').length;
		expect(words).toBeLessThanOrEqual(1500);
	});

	it('keeps the two commands and the test command', () => {
		const readme = read('README.md');
		expect(readme).toContain('npm install && npm start');
		expect(readme).toContain('npm test');
		expect(read('docs/development.md')).toContain('npm test');
	});

	it('links the Russian quick start and the Russian templates page', () => {
		expect(read('README.md')).toContain('](docs/quick-start.ru.md)');
		expect(read('docs/quick-start.ru.md')).toContain('../workflows/README.ru.md');
	});
});

describe('workflows/README: one language per file, each linking the other', () => {
	it('English links Russian and the other way round', () => {
		expect(read('workflows/README.md').split('\n').slice(0, 4).join('\n')).toContain(
			'](README.ru.md)',
		);
		expect(read('workflows/README.ru.md').split('\n').slice(0, 4).join('\n')).toContain(
			'](README.md)',
		);
		expect(read('workflows/README.md')).not.toMatch(/^## Русский/m);
		expect(read('workflows/README.ru.md')).not.toMatch(/^## English/m);
	});
});

describe('docs/troubleshooting.md', () => {
	const path = 'docs/troubleshooting.md';

	it('exists', () => {
		expect(existsSync(join(ROOT, path))).toBe(true);
	});

	const lines = existsSync(join(ROOT, path)) ? read(path).split('\n') : [];
	const entries = headings(lines.join('\n')).filter((h) => h.level === 2);

	it('has entries', () => {
		expect(entries.length).toBeGreaterThanOrEqual(8);
	});

	it.each(entries.map((e): [string, number] => [e.text, e.line]))(
		'%s: starts with the quoted message the user sees',
		(_text, line) => {
			const first = lines.slice(line).find((l) => l.trim() !== '') ?? '';
			expect(first).toMatch(/^> \S/);
		},
	);
});
