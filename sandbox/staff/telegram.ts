/**
 * Telegram Bot API stand-in under /telegram: n8n's Telegram credential takes a Base URL, so pointing it at
 * `${sandbox.baseUrl}/telegram` makes the node call `/telegram/bot<token>/sendMessage` and the credential test
 * `/telegram/bot<token>/getMe` here. Answers and errors have Telegram's shape ({ok, result} / {ok, error_code,
 * description}) because n8n reads `description` into its error message.
 */
import type { ServerResponse } from 'node:http';

import { sendJson, tryParseJson } from '../core/http';
import type { SandboxContext, SandboxRequest } from '../core/types';
import type { StaffState } from './state';

export const TELEGRAM_PREFIX = '/telegram';
const MAX_TEXT = 4096;
const PARSE_MODES = ['html', 'markdown', 'markdownv2'];

const fail = (res: ServerResponse, code: number, description: string): void =>
	sendJson(res, code, { ok: false, error_code: code, description });

function safeDecode(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		return part;
	}
}

const HTML_TAGS = [
	'b',
	'strong',
	'i',
	'em',
	'u',
	'ins',
	's',
	'strike',
	'del',
	'a',
	'code',
	'pre',
	'tg-spoiler',
	'span',
	'blockquote',
];

/**
 * Telegram refuses a message whose formatting it cannot parse ("can't parse entities"), as strictly as the real API:
 * in HTML every `<` opens or closes a supported tag and every `&` starts an entity; in legacy Markdown every `_`, `*`,
 * `` ` `` and `[` is closed. A template that sends an error text as Markdown fails on the first `_` in it.
 * https://core.telegram.org/bots/api#formatting-options
 */
export function entityError(text: string, mode: string | undefined): string | undefined {
	const at = (i: number) =>
		`Bad Request: can't parse entities: Can't find end of the entity starting at byte offset ${Buffer.byteLength(text.slice(0, i))}`;
	if (mode?.toLowerCase() === 'html') {
		const open: string[] = [];
		for (const m of text.matchAll(
			/<\/?([a-z-]*)[^>]*>?|&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);)/gi,
		)) {
			const token = m[0];
			if (token === '&')
				return `Bad Request: can't parse entities: Character '&' is reserved and must be escaped at byte offset ${Buffer.byteLength(text.slice(0, m.index))}`;
			const tag = m[1].toLowerCase();
			if (!token.endsWith('>') || !HTML_TAGS.includes(tag))
				return `Bad Request: can't parse entities: Unsupported start tag "${tag}" at byte offset ${Buffer.byteLength(text.slice(0, m.index))}`;
			if (token.startsWith('</')) {
				if (open.pop() !== tag) return at(m.index);
			} else open.push(tag);
		}
		return open.length ? at(text.length) : undefined;
	}
	if (mode?.toLowerCase() === 'markdown') {
		const stack: Array<[string, number]> = [];
		for (let i = 0; i < text.length; i++) {
			const c = text[i];
			const top = stack.at(-1);
			if (top?.[0] === '`' && c !== '`') continue;
			if (c === '\\') i++;
			else if (c === '[' && !top) stack.push(['[', i]);
			else if (c === ']' && top?.[0] === '[') {
				if (text[i + 1] !== '(' || !text.includes(')', i)) return at(top[1]);
				i = text.indexOf(')', i);
				stack.pop();
			} else if (c === '_' || c === '*' || c === '`') {
				if (top?.[0] === c) stack.pop();
				else if (!top || top[0] === '[') stack.push([c, i]);
			}
		}
		return stack.length ? at(stack[0][1]) : undefined;
	}
	return undefined;
}

/** Telegram takes parameters as JSON, a form or the query string; n8n sends JSON. */
function params(req: SandboxRequest): Record<string, unknown> {
	const out: Record<string, unknown> = Object.fromEntries(req.query);
	const type = String(req.headers['content-type'] ?? '');
	if (type.includes('application/x-www-form-urlencoded')) {
		Object.assign(out, Object.fromEntries(new URLSearchParams(req.bodyText)));
	} else if (req.bodyText) {
		const parsed = tryParseJson(req.bodyText);
		if (typeof parsed === 'object' && parsed !== null) Object.assign(out, parsed);
	}
	return out;
}

/** The bot getMe describes: its id is the token's numeric part, as with real tokens (`123456:ABC…`). */
function bot(token: string) {
	const id = Number(/^(\d+):/.exec(token)?.[1] ?? 7000000001);
	return {
		id,
		is_bot: true,
		first_name: 'Clinic staff alerts (sandbox)',
		username: 'clinic_staff_sandbox_bot',
		can_join_groups: true,
		can_read_all_group_messages: false,
		supports_inline_queries: false,
	};
}

function sendMessage(
	res: ServerResponse,
	ctx: SandboxContext,
	state: StaffState,
	token: string,
	p: Record<string, unknown>,
): void {
	const rawChat = p.chat_id;
	if (rawChat === undefined || rawChat === null || rawChat === '') {
		return fail(res, 400, 'Bad Request: chat_id is empty');
	}
	if (typeof rawChat !== 'string' && typeof rawChat !== 'number') {
		return fail(res, 400, 'Bad Request: chat not found');
	}
	const text = typeof p.text === 'string' ? p.text : p.text === undefined ? '' : String(p.text);
	if (!text.trim()) return fail(res, 400, 'Bad Request: message text is empty');
	if ([...text].length > MAX_TEXT) return fail(res, 400, 'Bad Request: message is too long');
	const parseMode = typeof p.parse_mode === 'string' && p.parse_mode ? p.parse_mode : undefined;
	if (parseMode && !PARSE_MODES.includes(parseMode.toLowerCase())) {
		return fail(res, 400, `Bad Request: unsupported parse_mode "${parseMode}"`);
	}
	const unparsable = entityError(text, parseMode);
	if (unparsable) return fail(res, 400, unparsable);
	const chatId = String(rawChat);
	const now = ctx.now();
	const messageId = state.nextMessageId(chatId);
	state.messages.push({
		channel: 'telegram',
		at: new Date(now).toISOString(),
		chatId,
		text,
		parseMode,
		messageId,
	});
	const numeric = /^-?\d+$/.test(chatId);
	sendJson(res, 200, {
		ok: true,
		result: {
			message_id: messageId,
			from: bot(token),
			chat: numeric
				? { id: Number(chatId), type: chatId.startsWith('-') ? 'group' : 'private' }
				: { id: chatId, type: 'channel', username: chatId.replace(/^@/, '') },
			date: Math.floor(now / 1000),
			text,
		},
	});
}

/** Answers every request under /telegram. */
export function handleTelegram(
	req: SandboxRequest,
	res: ServerResponse,
	ctx: SandboxContext,
	state: StaffState,
): void {
	const match = /^\/bot([^/]+)\/([A-Za-z]+)\/?$/.exec(req.path.slice(TELEGRAM_PREFIX.length));
	if (!match) return fail(res, 404, 'Not Found');
	// "down" is the network between n8n and Telegram: nothing answers, whatever the token
	if (state.config.telegramDown) return fail(res, 502, 'Bad Gateway');
	const token = safeDecode(match[1]);
	const expected = state.config.telegramToken;
	if (expected !== null && token !== expected) return fail(res, 401, 'Unauthorized');
	switch (match[2].toLowerCase()) {
		case 'getme':
			return sendJson(res, 200, { ok: true, result: bot(token) });
		case 'sendmessage':
			return sendMessage(res, ctx, state, token, params(req));
		default:
			return fail(res, 404, 'Not Found');
	}
}
