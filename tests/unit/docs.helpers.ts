/**
 * Markdown links and heading anchors as GitHub renders them, shared by the documentation tests
 * (docs.links.test.ts: every link of every page; editor.descriptions.test.ts: the nodes' and credentials' links).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Folders that hold no documentation of this repository. */
const SKIPPED = new Set(['node_modules', 'dist', '.git', 'coverage']);

/** Every *.md of the repository (paths relative to root, with /), outside node_modules, dist and .git. */
export function markdownFiles(root: string, folder = root): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(folder, { withFileTypes: true })) {
		if (SKIPPED.has(entry.name)) continue;
		const path = join(folder, entry.name);
		if (entry.isDirectory()) found.push(...markdownFiles(root, path));
		else if (entry.isFile() && entry.name.endsWith('.md'))
			found.push(relative(root, path).split(sep).join('/'));
	}
	return found.sort();
}

/** The lines outside fenced code blocks (``` or ~~~), each with its 1-based number. */
function proseLines(markdown: string): Array<{ text: string; line: number }> {
	const out: Array<{ text: string; line: number }> = [];
	let fence: string | undefined;
	markdown.split('\n').forEach((text, i) => {
		const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
		if (fence) {
			if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
			return;
		}
		if (marker) {
			fence = marker;
			return;
		}
		out.push({ text, line: i + 1 });
	});
	return out;
}

/**
 * GitHub's anchor for a heading's text (github-slugger): the rendered text (links and images as their text, inline
 * code as its content, HTML tags dropped), lower case, every character but letters, digits, marks, `_`, `-` and
 * spaces dropped, each space a hyphen.
 */
export function slug(heading: string): string {
	return heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/<[^>]+>/g, '')
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}_ -]/gu, '')
		.replace(/ /g, '-');
}

/** The ATX headings (# … ######) of a page, outside code blocks, without the closing #s. */
export function headings(markdown: string): Array<{ text: string; level: number; line: number }> {
	return proseLines(markdown).flatMap(({ text, line }) => {
		const match = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(text);
		return match ? [{ text: match[2], level: match[1].length, line }] : [];
	});
}

/** Every anchor a page's headings get: a repeated slug gets -1, -2… in order, as on GitHub. */
export function anchors(markdown: string): Set<string> {
	const taken = new Set<string>();
	const repeats = new Map<string, number>();
	for (const { text } of headings(markdown)) {
		const base = slug(text);
		let anchor = base;
		if (taken.has(base)) {
			let n = repeats.get(base) ?? 0;
			do {
				n += 1;
				anchor = `${base}-${n}`;
			} while (taken.has(anchor));
			repeats.set(base, n);
		}
		taken.add(anchor);
	}
	return taken;
}

/** Every link and image target of a page (inline `](target)` and reference definitions), outside code. */
export function linkTargets(markdown: string): Array<{ target: string; line: number }> {
	const out: Array<{ target: string; line: number }> = [];
	for (const { text, line } of proseLines(markdown)) {
		const prose = text.replace(/(`+)[\s\S]*?\1/g, '');
		for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) {
			out.push({ target: match[1], line });
		}
		const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(prose);
		if (definition) out.push({ target: definition[1], line });
	}
	return out;
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOf(file: string): Set<string> {
	let found = anchorCache.get(file);
	if (!found) {
		found = anchors(readFileSync(file, 'utf8'));
		anchorCache.set(file, found);
	}
	return found;
}

/**
 * What is wrong with a link of the page `from` (a path relative to root), or undefined: an external address
 * (http, https, mailto) is taken as written; a relative path must name a file or folder of the repository (a leading
 * / starts at the repository's root, as on GitHub), and an anchor, alone or after a .md file, a heading of that file.
 */
export function linkProblem(root: string, from: string, target: string): string | undefined {
	if (/^(https?:\/\/|mailto:)/i.test(target)) return undefined;
	if (target === '') return 'an empty link';
	if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return `${target}: not an http(s) or mailto address`;
	const hash = target.indexOf('#');
	const rawPath = hash < 0 ? target : target.slice(0, hash);
	const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
	const path = decodeURIComponent(rawPath);
	const file =
		path === ''
			? join(root, from)
			: path.startsWith('/')
				? join(root, path)
				: join(root, dirname(from), path);
	if (
		!relative(root, file)
			.split(sep)
			.every((part) => part !== '..')
	)
		return `${target}: outside the repository`;
	if (!existsSync(file)) return `${target}: no such file or folder`;
	if (anchor === undefined) return undefined;
	if (!statSync(file).isFile() || !file.endsWith('.md'))
		return `${target}: an anchor on something not markdown`;
	if (!anchorsOf(file).has(anchor))
		return `${target}: no heading of ${relative(root, file)} has the anchor #${anchor}`;
	return undefined;
}

/**
 * What is wrong with a documentation link of a node or credential, or undefined: `<repository>#<README heading>` or
 * `<repository>/blob/main/<path>#<heading of that file>`, the file present in this checkout.
 */
export function repositoryLinkProblem(
	root: string,
	repository: string,
	url: string,
): string | undefined {
	if (!url.startsWith(repository)) return `${url}: not in ${repository}`;
	const rest = url.slice(repository.length);
	const match = /^(?:\/blob\/main\/([^#]+))?#(.+)$/.exec(rest);
	if (!match)
		return `${url}: neither ${repository}#<heading> nor ${repository}/blob/main/<path>#<heading>`;
	const path = match[1] ?? 'README.md';
	if (!path.endsWith('.md')) return `${url}: ${path} is not a markdown page`;
	return linkProblem(root, path, `${path.split('/').pop()}#${match[2]}`);
}
