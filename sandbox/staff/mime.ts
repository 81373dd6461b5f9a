/**
 * Just enough MIME to read what nodemailer (n8n's Send Email node) sends: unfolded headers, RFC 2047 encoded words,
 * quoted-printable / base64 / 7bit / 8bit bodies in any charset Node's TextDecoder knows, and the text/plain part of
 * a multipart mail. The message is handled as a "binary" string (one char per byte) until a charset is known.
 */

export interface ParsedMail {
	headers: Map<string, string>;
	subject: string;
	from: string;
	text?: string;
	html?: string;
}

interface Part {
	headers: Map<string, string>;
	body: string;
}

function decodeBytes(bytes: Buffer, charset = 'utf-8'): string {
	try {
		return new TextDecoder(charset.trim().toLowerCase()).decode(bytes);
	} catch {
		return new TextDecoder('utf-8').decode(bytes);
	}
}

const binary = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Splits head and body, unfolds the head and keeps the first value of each header (lower-case names). */
function parsePart(raw: string): Part {
	const split = /\r?\n\r?\n/.exec(raw);
	const head = split ? raw.slice(0, split.index) : raw;
	const body = split ? raw.slice(split.index + split[0].length) : '';
	const headers = new Map<string, string>();
	for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon < 1) continue;
		const name = line.slice(0, colon).trim().toLowerCase();
		// headers may carry raw UTF-8 (SMTPUTF8, 8BITMIME)
		if (!headers.has(name)) headers.set(name, decodeBytes(binary(line.slice(colon + 1).trim())));
	}
	return { headers, body };
}

/** `text/plain; charset="utf-8"` → type and parameters (names lower-case). */
function contentType(value = 'text/plain'): { type: string; params: Map<string, string> } {
	const [type, ...rest] = value.split(';');
	const params = new Map<string, string>();
	for (const p of rest) {
		const eq = p.indexOf('=');
		if (eq < 0) continue;
		params.set(
			p.slice(0, eq).trim().toLowerCase(),
			p
				.slice(eq + 1)
				.trim()
				.replace(/^"(.*)"$/, '$1'),
		);
	}
	return { type: type.trim().toLowerCase() || 'text/plain', params };
}

function quotedPrintable(s: string): Buffer {
	return binary(
		s
			.replace(/[ \t]+(?=\r?\n)/g, '')
			.replace(/=\r?\n/g, '')
			.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
	);
}

function transferDecode(body: string, encoding = '7bit'): Buffer {
	switch (encoding.trim().toLowerCase()) {
		case 'base64':
			return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
		case 'quoted-printable':
			return quotedPrintable(body);
		default:
			return binary(body);
	}
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * RFC 2047: `=?UTF-8?B?…?=` and `=?UTF-8?Q?…?=`. Whitespace between two encoded words goes, and adjacent words of one
 * charset are decoded together, since an encoder may split a character's bytes across two words.
 */
export function decodeWords(value: string): string {
	const pieces: { charset?: string; bytes?: Buffer; text?: string }[] = [];
	let last = 0;
	for (const m of value.matchAll(ENCODED_WORD)) {
		const between = value.slice(last, m.index);
		const prev = pieces[pieces.length - 1];
		if (between && !(prev?.bytes && /^\s+$/.test(between))) pieces.push({ text: between });
		const charset = m[1].split('*')[0].toLowerCase();
		const bytes =
			m[2].toUpperCase() === 'B'
				? Buffer.from(m[3], 'base64')
				: quotedPrintable(m[3].replace(/_/g, ' '));
		const tail = pieces[pieces.length - 1];
		if (tail?.bytes && tail.charset === charset) tail.bytes = Buffer.concat([tail.bytes, bytes]);
		else pieces.push({ charset, bytes });
		last = (m.index ?? 0) + m[0].length;
	}
	pieces.push({ text: value.slice(last) });
	return pieces.map((p) => (p.bytes ? decodeBytes(p.bytes, p.charset) : p.text)).join('');
}

function htmlToText(html: string): string {
	return html
		.replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, '')
		.replace(/<br\s*\/?>|<\/(p|div|li|tr|h[1-6])>/gi, '\n')
		.replace(/<[^>]+>/g, '')
		.replace(/&nbsp;/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
		.replace(/&amp;/g, '&')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** Depth-first: the first inline text/plain and text/html, through nested multiparts. */
function collect(part: Part, found: { text?: string; html?: string }, depth = 0): void {
	const { type, params } = contentType(part.headers.get('content-type'));
	if (type.startsWith('multipart/')) {
		const boundary = params.get('boundary');
		if (!boundary || depth > 10) return;
		const delimiter = `--${boundary}`;
		const lines = part.body.split(/\r?\n/);
		let current: string[] | undefined;
		for (const line of lines) {
			if (line.trimEnd() === `${delimiter}--`) break;
			if (line.trimEnd() === delimiter) {
				if (current) collect(parsePart(current.join('\r\n')), found, depth + 1);
				current = [];
			} else current?.push(line);
		}
		if (current) collect(parsePart(current.join('\r\n')), found, depth + 1);
		return;
	}
	if (/^\s*attachment/i.test(part.headers.get('content-disposition') ?? '')) return;
	if (type !== 'text/plain' && type !== 'text/html') return;
	const key = type === 'text/plain' ? 'text' : 'html';
	if (found[key] !== undefined) return;
	const bytes = transferDecode(part.body, part.headers.get('content-transfer-encoding'));
	found[key] = decodeBytes(bytes, params.get('charset')).replace(/\r\n/g, '\n');
}

/** Parses one message as DATA delivered it (dot-unstuffed, CRLF line ends). */
export function parseMail(raw: Buffer): ParsedMail {
	const top = parsePart(raw.toString('latin1'));
	const found: { text?: string; html?: string } = {};
	collect(top, found);
	return {
		headers: top.headers,
		subject: decodeWords(top.headers.get('subject') ?? ''),
		// `"Clinic" <a@b>` reads better without the quotes
		from: decodeWords(top.headers.get('from') ?? '').replace(/^"(.*)"(\s*<[^>]*>)$/, '$1$2'),
		text: found.text ?? (found.html !== undefined ? htmlToText(found.html) : undefined),
		html: found.html,
	};
}
