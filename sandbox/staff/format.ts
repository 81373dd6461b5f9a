/**
 * Message text → safe HTML for the staff page: what the sender wrote is escaped everywhere, then shown the way the
 * channel shows it — Telegram's parse_mode (HTML or Markdown) rendered from an allow-list, bare links made
 * clickable. Line breaks are left to CSS (`white-space: pre-wrap`).
 */

const ENTITY: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITY[c]);

const URL_PATTERN = /https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]}»]/g;
const SAFE_HREF = /^(https?:|mailto:|tg:)/i;

/** The opening tag of a link to `href`, or undefined for anything but http(s), mailto and tg. */
function anchor(href: string): string | undefined {
	const target = href.trim();
	if (!SAFE_HREF.test(target)) return undefined;
	return `<a href="${escapeHtml(target)}" target="_blank" rel="noopener noreferrer">`;
}

/** `label` is already HTML; an unsafe link stays plain text. */
function link(href: string, label: string): string {
	const open = anchor(href);
	return open ? `${open}${label}</a>` : label;
}

/** Plain text: escaped, with its http(s) links clickable. */
export function linkify(text: string): string {
	let out = '';
	let last = 0;
	for (const m of text.matchAll(URL_PATTERN)) {
		out += escapeHtml(text.slice(last, m.index)) + link(m[0], escapeHtml(m[0]));
		last = (m.index ?? 0) + m[0].length;
	}
	return out + escapeHtml(text.slice(last));
}

function decodeEntities(s: string): string {
	return s
		.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
		.replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&');
}

/** Telegram's HTML tags → the page's; any other tag is shown as text. */
const HTML_TAGS: Record<string, string> = {
	b: 'b',
	strong: 'b',
	i: 'i',
	em: 'i',
	u: 'u',
	ins: 'u',
	s: 's',
	strike: 's',
	del: 's',
	code: 'code',
	pre: 'pre',
	a: 'a',
	'tg-spoiler': 'span',
	span: 'span',
	blockquote: 'blockquote',
};

function telegramHtml(text: string): string {
	const open: string[] = [];
	let out = '';
	let last = 0;
	const plain = (s: string) => {
		const decoded = decodeEntities(s);
		out += open.includes('a') ? escapeHtml(decoded) : linkify(decoded);
	};
	for (const m of text.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^<>]*)>/g)) {
		const tag = HTML_TAGS[m[2].toLowerCase()];
		plain(text.slice(last, m.index));
		last = (m.index ?? 0) + m[0].length;
		if (!tag) {
			out += escapeHtml(m[0]);
		} else if (!m[1]) {
			open.push(tag);
			const href = /href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(m[3]);
			if (tag === 'a')
				out += anchor(decodeEntities(href?.[1] ?? href?.[2] ?? href?.[3] ?? '')) ?? '<a>';
			else out += tag === 'span' ? '<span class="spoiler">' : `<${tag}>`;
		} else if (open.includes(tag)) {
			// close what the sender left open inside, as a browser would
			while (open.length) {
				const top = open.pop()!;
				out += `</${top}>`;
				if (top === tag) break;
			}
		}
	}
	plain(text.slice(last));
	return (
		out +
		open
			.reverse()
			.map((t) => `</${t}>`)
			.join('')
	);
}

const MARKDOWN =
	/```(?:[\w+-]*\n)?([\s\S]*?)```|`([^`\n]+)`|\[([^\]\n]+)\]\(([^)\s]+)\)|\*([^*\n]+)\*|__([^_\n]+)__|_([^_\n]+)_|~([^~\n]+)~|\|\|([^|\n]+)\|\|/g;

function telegramMarkdown(text: string, v2: boolean): string {
	// MarkdownV2 escapes with a backslash: park escaped characters in the private-use area, so the patterns skip
	// them, and bring them back (escaped) at the end
	const source = v2
		? text.replace(/\\([!-~])/g, (_, c: string) => String.fromCharCode(0xe000 + c.charCodeAt(0)))
		: text;
	let out = '';
	let last = 0;
	for (const m of source.matchAll(MARKDOWN)) {
		out += linkify(source.slice(last, m.index));
		last = (m.index ?? 0) + m[0].length;
		if (m[1] !== undefined) out += `<pre>${escapeHtml(m[1])}</pre>`;
		else if (m[2] !== undefined) out += `<code>${escapeHtml(m[2])}</code>`;
		else if (m[3] !== undefined) out += link(m[4], escapeHtml(m[3]));
		else if (m[5] !== undefined) out += `<b>${linkify(m[5])}</b>`;
		else if (m[6] !== undefined) out += v2 ? `<u>${linkify(m[6])}</u>` : `<i>${linkify(m[6])}</i>`;
		else if (m[7] !== undefined) out += `<i>${linkify(m[7])}</i>`;
		else if (m[8] !== undefined) out += v2 ? `<s>${linkify(m[8])}</s>` : escapeHtml(m[0]);
		else out += v2 ? `<span class="spoiler">${linkify(m[9])}</span>` : escapeHtml(m[0]);
	}
	out += linkify(source.slice(last));
	return v2
		? out.replace(/[\ue000-\ue07f]/g, (c) =>
				escapeHtml(String.fromCharCode(c.charCodeAt(0) - 0xe000)),
			)
		: out;
}

/** A Telegram message's text as the chat shows it. */
export function telegramText(text: string, parseMode?: string): string {
	switch (parseMode?.toLowerCase()) {
		case 'html':
			return telegramHtml(text);
		case 'markdown':
			return telegramMarkdown(text, false);
		case 'markdownv2':
			return telegramMarkdown(text, true);
		default:
			return linkify(text);
	}
}
