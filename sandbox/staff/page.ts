/**
 * GET /staff: what the clinic staff received, shown the way they would see it — Telegram chats as bubbles, e-mail as
 * a mailbox — so a demo (and the docs screenshot) shows the alert, not JSON. One self-contained page: inline CSS,
 * no scripts, no external assets; every piece of message text goes through format.ts.
 */
import { escapeHtml, linkify, telegramText } from './format';
import type { EmailMessage, StaffMessage, TelegramMessage } from './types';

export type StaffChannel = 'telegram' | 'email';

export interface StaffPageOptions {
	channel?: StaffChannel;
	/** the Base URL to give n8n's Telegram credential */
	telegramUrl: string;
	smtpUrl: string;
	timeZone: string;
	/** seconds; adds a meta refresh, for watching a workflow run */
	refresh?: number;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f3f5f8;color:#1c2430;font:15px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
a{color:#1f6fd1}
.top{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-end;justify-content:space-between;max-width:1180px;margin:0 auto;padding:28px 24px 12px}
h1{margin:0;font-size:22px;font-weight:650;letter-spacing:-.01em}
.sub{margin:4px 0 0;color:#667085;font-size:14px}
.tabs{display:flex;gap:4px;background:#e6e9ef;border-radius:10px;padding:3px}
.tabs a{padding:6px 14px;border-radius:8px;color:#344054;text-decoration:none;font-size:14px}
.tabs a.on{background:#fff;box-shadow:0 1px 2px rgba(16,24,40,.12);font-weight:600}
.tabs span{color:#98a2b3;margin-left:4px;font-weight:400}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:24px;max-width:1180px;margin:0 auto;padding:12px 24px 24px}
h2{display:flex;align-items:center;gap:8px;margin:0 0 12px;font-size:13px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:#667085}
h2 i{flex:none;width:10px;height:10px;border-radius:50%;display:inline-block}
.tg{background:#2aabee}.em{background:#7a5af8}
.card{background:#fff;border:1px solid #e4e7ec;border-radius:14px;box-shadow:0 1px 3px rgba(16,24,40,.06);overflow:hidden;margin-bottom:16px}
.chat-head{display:flex;align-items:center;gap:12px;padding:12px 16px;border-bottom:1px solid #e4e7ec}
.chat-head b{display:block;font-weight:600}
.chat-head small,.muted{color:#667085;font-size:13px}
.avatar{flex:none;width:38px;height:38px;border-radius:50%;display:grid;place-items:center;color:#fff;font-weight:600;font-size:14px}
.chat-body{background:#dfe8d3 linear-gradient(160deg,#e4ecd8,#cfdfc4);padding:14px 16px 16px;display:flex;flex-direction:column;gap:8px}
.day{align-self:center;background:rgba(40,60,40,.35);color:#fff;font-size:12px;padding:2px 10px;border-radius:10px;margin:4px 0}
.bubble{position:relative;align-self:flex-start;max-width:88%;background:#fff;border-radius:12px 12px 12px 4px;padding:7px 11px 6px;box-shadow:0 1px 1px rgba(0,0,0,.12)}
.bubble .text{white-space:pre-wrap;overflow-wrap:anywhere}
.bubble time{float:right;margin:6px 0 -2px 12px;color:#8a9aa9;font-size:12px}
.bubble pre,.bubble code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f2f4f7;border-radius:4px}
.bubble code{padding:1px 4px}.bubble pre{padding:6px 8px;margin:4px 0;white-space:pre-wrap}
.bubble blockquote{margin:4px 0;padding-left:8px;border-left:3px solid #2aabee}
.spoiler{background:#d0d5dd;border-radius:3px}
.mail{padding:14px 18px;border-bottom:1px solid #eef0f3}
.mail:last-child{border-bottom:0}
.mail-head{display:flex;gap:12px;align-items:flex-start}
.mail-meta{flex:1;min-width:0}
.row{display:flex;justify-content:space-between;gap:12px}
.from{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row time{flex:none;color:#667085;font-size:13px}
.subject{font-weight:600;color:#101828;margin-top:1px}
.to{color:#667085;font-size:13px;overflow-wrap:anywhere}
.mail-text{margin:10px 0 0 50px;padding:10px 12px;background:#f9fafb;border-radius:8px;white-space:pre-wrap;overflow-wrap:anywhere;font-size:14px;color:#344054}
.empty{padding:28px 20px;text-align:center;color:#667085}
.empty code,footer code{background:#eef1f5;border-radius:4px;padding:1px 5px;font-size:13px}
footer{max-width:1180px;margin:0 auto;padding:0 24px 32px;color:#98a2b3;font-size:13px}
`;

const PALETTE = [
	'#e5484d',
	'#f76b15',
	'#30a46c',
	'#0090ff',
	'#8e4ec6',
	'#d6409f',
	'#12a594',
	'#6e56cf',
];

function colour(key: string): string {
	let hash = 0;
	for (const ch of key) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
	return PALETTE[hash % PALETTE.length];
}

/** `Клиника «Здоровье» <a@b>` → `КЗ`; a bare address → its first letter. */
function initials(from: string): string {
	const name =
		from
			.replace(/<[^>]*>/, '')
			.replace(/["«»]/g, '')
			.trim() || from.replace(/[<>]/g, '');
	const words = name.split(/[\s@._-]+/).filter((w) => /\p{L}|\p{N}/u.test(w));
	return (words.length > 1 ? [words[0], words[1]] : [words[0] ?? '?'])
		.map((w) => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '')
		.join('')
		.toUpperCase();
}

/** `@clinic_alerts` → `C`; a numeric chat id → its last two digits. */
const chatAvatar = (chatId: string): string =>
	/^-?\d+$/.test(chatId) ? chatId.slice(-2) : initials(chatId.replace(/^@/, ''));

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): (iso: string) => string {
	const format = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
	return (iso) => format.format(new Date(iso));
}

function telegramSection(messages: TelegramMessage[], o: StaffPageOptions): string {
	const time = formatter(o.timeZone, { hour: '2-digit', minute: '2-digit' });
	const day = formatter(o.timeZone, { weekday: 'long', day: 'numeric', month: 'long' });
	const chats = new Map<string, TelegramMessage[]>();
	for (const m of messages) chats.set(m.chatId, [...(chats.get(m.chatId) ?? []), m]);
	const cards = [...chats].map(([chatId, list]) => {
		let lastDay = '';
		const bubbles = list.map((m) => {
			const today = day(m.at);
			const separator = today !== lastDay ? `<div class="day">${escapeHtml(today)}</div>` : '';
			lastDay = today;
			return `${separator}<div class="bubble"><div class="text">${telegramText(m.text, m.parseMode)}<time datetime="${escapeHtml(m.at)}" title="${escapeHtml(m.at)}">${escapeHtml(time(m.at))}</time></div></div>`;
		});
		const count = `${list.length} message${list.length === 1 ? '' : 's'}`;
		return `<article class="card"><header class="chat-head"><span class="avatar" style="background:${colour(chatId)}">${escapeHtml(chatAvatar(chatId))}</span><div><b>Telegram · chat ${escapeHtml(chatId)}</b><small>${count} from the bot</small></div></header><div class="chat-body">${bubbles.join('')}</div></article>`;
	});
	const empty = `<div class="card empty">No Telegram messages yet.<br>Give n8n's Telegram credential the Base URL <code>${escapeHtml(o.telegramUrl)}</code>.</div>`;
	return section('Telegram', 'tg', cards.length ? cards.join('') : empty);
}

function emailSection(messages: EmailMessage[], o: StaffPageOptions): string {
	const when = formatter(o.timeZone, {
		day: 'numeric',
		month: 'short',
		hour: '2-digit',
		minute: '2-digit',
	});
	// a mailbox lists the newest first
	const items = [...messages]
		.reverse()
		.map(
			(m) =>
				`<article class="mail"><div class="mail-head"><span class="avatar" style="background:${colour(m.from)}">${escapeHtml(initials(m.from))}</span><div class="mail-meta"><div class="row"><span class="from">${escapeHtml(m.from || '(no sender)')}</span><time datetime="${escapeHtml(m.at)}" title="${escapeHtml(m.at)}">${escapeHtml(when(m.at))}</time></div><div class="subject">${escapeHtml(m.subject || '(no subject)')}</div><div class="to">to ${escapeHtml(m.to.join(', '))}</div></div></div><div class="mail-text">${linkify(m.text)}</div></article>`,
		);
	const smtp = new URL(o.smtpUrl);
	const empty = `<div class="empty">No e-mail yet.<br>Give n8n's SMTP credential host <code>${escapeHtml(smtp.hostname)}</code>, port <code>${escapeHtml(smtp.port)}</code>, SSL/TLS off.</div>`;
	return section(
		'E-mail',
		'em',
		`<div class="card">${items.length ? items.join('') : empty}</div>`,
	);
}

const section = (title: string, dot: string, body: string): string =>
	`<section><h2><i class="${dot}"></i>${title}</h2>${body}</section>`;

export function renderStaffPage(messages: StaffMessage[], o: StaffPageOptions): string {
	const telegram = messages.filter((m): m is TelegramMessage => m.channel === 'telegram');
	const email = messages.filter((m): m is EmailMessage => m.channel === 'email');
	const tab = (channel: StaffChannel | undefined, label: string, count: number) =>
		`<a href="/staff${channel ? `?channel=${channel}` : ''}"${o.channel === channel ? ' class="on"' : ''}>${label}<span>${count}</span></a>`;
	const sections = [
		o.channel !== 'email' ? telegramSection(telegram, o) : '',
		o.channel !== 'telegram' ? emailSection(email, o) : '',
	];
	const refresh = o.refresh ? `<meta http-equiv="refresh" content="${o.refresh}">` : '';
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${refresh}
<title>Staff channels · sandbox</title><style>${CSS}</style></head>
<body><header class="top"><div><h1>Staff channels</h1><p class="sub">What the clinic staff received from the workflows: the sandbox's Telegram bot and mail server</p></div>
<nav class="tabs">${tab(undefined, 'All', messages.length)}${tab('telegram', 'Telegram', telegram.length)}${tab('email', 'E-mail', email.length)}</nav></header>
<main>${sections.join('')}</main>
<footer>Times in ${escapeHtml(o.timeZone)} · Telegram Base URL <code>${escapeHtml(o.telegramUrl)}</code> · SMTP <code>${escapeHtml(o.smtpUrl)}</code> · <code>DELETE /_control/staff/messages</code> clears this page</footer>
</body></html>
`;
}
