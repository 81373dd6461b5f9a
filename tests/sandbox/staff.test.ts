/**
 * Staff channels simulator: the Telegram Bot API stub, the SMTP server (driven here by a hand-written SMTP client,
 * since nodemailer is not a dependency), the control API and the /staff page.
 */
import axios from 'axios';
import { connect, type Socket } from 'node:net';

import { startSandbox, type Sandbox } from '../../sandbox';
import type { EmailMessage, StaffMessage, TelegramMessage } from '../../sandbox/staff';
import { entityError } from '../../sandbox/staff/telegram';

let sandbox: Sandbox;
/** started with a bot token and SMTP credentials */
let strict: Sandbox;
const TOKEN = '7012345678:AAH-sandbox-token';

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	strict = await startSandbox({
		port: 0,
		staff: { telegramToken: TOKEN, smtpUser: 'alerts@clinic.test', smtpPassword: 'пароль-1' },
	});
});
afterAll(async () => {
	await sandbox.stop();
	await strict.stop();
});
beforeEach(() => {
	sandbox.reset();
	strict.reset();
});

const bot = (s: Sandbox, token: string, method: string, body?: unknown) =>
	axios.post(`${s.urls.telegram}/bot${token}/${method}`, body, { validateStatus: () => true });
const messages = async (s: Sandbox, channel?: string): Promise<StaffMessage[]> =>
	(await axios.get(`${s.urls.control}/staff/messages${channel ? `?channel=${channel}` : ''}`)).data;
const config = (s: Sandbox, body: unknown) =>
	axios.put(`${s.urls.control}/staff/config`, body, { validateStatus: () => true });

interface Reply {
	code: number;
	text: string;
}

/** A bare SMTP client: one reply per command, multi-line replies joined. */
class SmtpClient {
	private buffer = '';
	private waiting: ((reply: Reply) => void)[] = [];
	closed = false;

	private constructor(private readonly socket: Socket) {
		socket.setEncoding('utf8');
		socket.on('data', (chunk: string) => {
			this.buffer += chunk;
			this.pump();
		});
		socket.on('close', () => {
			this.closed = true;
			for (const w of this.waiting.splice(0)) w({ code: 0, text: 'closed' });
		});
	}

	static async open(port: number): Promise<{ client: SmtpClient; greeting: Reply }> {
		const socket = connect(port, '127.0.0.1');
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('error', reject);
		});
		const client = new SmtpClient(socket);
		return { client, greeting: await client.read() };
	}

	private pump(): void {
		while (this.waiting.length) {
			const lines = this.buffer.split('\r\n');
			const last = lines.findIndex((l) => /^\d{3}( |$)/.test(l));
			if (last < 0 || last === lines.length - 1) return;
			const reply = lines.slice(0, last + 1);
			this.buffer = lines.slice(last + 1).join('\r\n');
			this.waiting.shift()!({ code: Number(reply[last].slice(0, 3)), text: reply.join('\n') });
		}
	}

	read(): Promise<Reply> {
		return new Promise((resolve) => {
			this.waiting.push(resolve);
			this.pump();
		});
	}

	write(raw: string | Buffer): void {
		this.socket.write(raw);
	}

	command(line: string): Promise<Reply> {
		this.write(`${line}\r\n`);
		return this.read();
	}

	/** DATA with dot-stuffing, as a client must do it. */
	async data(message: string): Promise<Reply> {
		const go = await this.command('DATA');
		if (go.code !== 354) return go;
		const stuffed = message
			.split('\r\n')
			.map((l) => (l.startsWith('.') ? `.${l}` : l))
			.join('\r\n');
		return this.command(`${stuffed}\r\n.`);
	}

	end(): void {
		this.socket.end();
	}
}

/** One mail through a whole conversation; returns the final reply. */
async function sendMail(
	port: number,
	message: string,
	{
		from = 'robot@clinic.test',
		to = ['admin@clinic.test'],
		auth,
	}: { from?: string; to?: string[]; auth?: string } = {},
): Promise<Reply> {
	const { client } = await SmtpClient.open(port);
	expect((await client.command('EHLO n8n.local')).code).toBe(250);
	if (auth) expect((await client.command(`AUTH PLAIN ${auth}`)).code).toBe(235);
	expect((await client.command(`MAIL FROM:<${from}> BODY=8BITMIME`)).code).toBe(250);
	for (const rcpt of to) expect((await client.command(`RCPT TO:<${rcpt}>`)).code).toBe(250);
	const reply = await client.data(message);
	expect((await client.command('QUIT')).code).toBe(221);
	return reply;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const plain = (user: string, password: string) => b64(`\0${user}\0${password}`);

/** Quoted-printable with soft line breaks, as nodemailer writes it. */
function qp(text: string): string {
	const out: string[] = [];
	let line = '';
	for (const byte of Buffer.from(text, 'utf8')) {
		if (byte === 0x0a) {
			out.push(line);
			line = '';
			continue;
		}
		const printable = (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32;
		const piece = printable
			? String.fromCharCode(byte)
			: `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
		if (line.length + piece.length > 75) {
			out.push(`${line}=`);
			line = '';
		}
		line += piece;
	}
	out.push(line);
	return out.join('\r\n');
}

/** RFC 2047 Q word. */
const qWord = (s: string) =>
	`=?UTF-8?Q?${[...Buffer.from(s, 'utf8')]
		.map((b) =>
			b === 32
				? '_'
				: /[A-Za-z0-9]/.test(String.fromCharCode(b))
					? String.fromCharCode(b)
					: `=${b.toString(16).toUpperCase()}`,
		)
		.join('')}?=`;

const mail = (headers: string[], body: string) =>
	[...headers, 'MIME-Version: 1.0', '', body].join('\r\n');

describe('Telegram Bot API stub', () => {
	it('getMe answers as a bot, with the token as its id, for any token by default', async () => {
		const res = await bot(sandbox, '123456:ABC-DEF', 'getMe');
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({ ok: true, result: { id: 123456, is_bot: true } });
		expect(typeof res.data.result.username).toBe('string');
	});

	it('sendMessage records the message and answers like Telegram', async () => {
		const text = 'Пропущенный звонок от +7 916 123-45-67\nПерезвоните, пожалуйста';
		const res = await bot(sandbox, '1:x', 'sendMessage', {
			chat_id: '-1001234567890',
			text,
			parse_mode: 'HTML',
			disable_web_page_preview: true,
		});
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({
			ok: true,
			result: { message_id: 1, chat: { id: -1001234567890 }, text },
		});
		expect(Math.abs(res.data.result.date - Date.now() / 1000)).toBeLessThan(5);
		const second = await bot(sandbox, '1:x', 'sendMessage', {
			chat_id: -1001234567890,
			text: 'ещё',
		});
		expect(second.data.result.message_id).toBe(2);
		const [first, next] = (await messages(sandbox)) as TelegramMessage[];
		expect(first).toEqual({
			channel: 'telegram',
			at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			chatId: '-1001234567890',
			text,
			parseMode: 'HTML',
			messageId: 1,
		});
		expect(next).toMatchObject({ chatId: '-1001234567890', text: 'ещё', messageId: 2 });
		expect(next.parseMode).toBeUndefined();
	});

	it('takes a form body too, and keeps an @channel chat id as it is', async () => {
		const res = await axios.post(
			`${sandbox.urls.telegram}/bot1:x/sendMessage`,
			new URLSearchParams({ chat_id: '@clinic_staff', text: 'форма' }).toString(),
			{ headers: { 'content-type': 'application/x-www-form-urlencoded' } },
		);
		expect(res.data.result.chat.id).toBe('@clinic_staff');
		expect(await messages(sandbox)).toMatchObject([{ chatId: '@clinic_staff', text: 'форма' }]);
	});

	it('refuses a missing chat_id or text with 400 Bad Request and records nothing', async () => {
		const noChat = await bot(sandbox, '1:x', 'sendMessage', { text: 'hi' });
		expect(noChat.status).toBe(400);
		expect(noChat.data).toEqual({
			ok: false,
			error_code: 400,
			description: 'Bad Request: chat_id is empty',
		});
		const noText = await bot(sandbox, '1:x', 'sendMessage', { chat_id: 1 });
		expect(noText.status).toBe(400);
		expect(noText.data.description).toMatch(/^Bad Request: /);
		expect(
			(await bot(sandbox, '1:x', 'sendMessage', { chat_id: 1, text: 'x'.repeat(4097) })).status,
		).toBe(400);
		expect((await bot(sandbox, '1:x', 'nosuchMethod', {})).data).toMatchObject({
			ok: false,
			error_code: 404,
		});
		expect(await messages(sandbox)).toEqual([]);
	});

	it('with a token configured, a wrong one gets 401 Unauthorized', async () => {
		const wrong = await bot(strict, '7012345678:wrong', 'getMe');
		expect(wrong.status).toBe(401);
		expect(wrong.data).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
		expect(
			(await bot(strict, '7012345678:wrong', 'sendMessage', { chat_id: 1, text: 'x' })).status,
		).toBe(401);
		expect((await bot(strict, TOKEN, 'getMe')).data.result.id).toBe(7012345678);
		expect((await bot(strict, TOKEN, 'sendMessage', { chat_id: 1, text: 'x' })).status).toBe(200);
	});

	it('PUT /config telegramToken sets the token; reset() goes back to the started one', async () => {
		expect((await config(sandbox, { telegramToken: '' })).status).toBe(400);
		expect((await config(sandbox, { telegramToken: '42:secret' })).data).toMatchObject({
			telegramToken: true,
		});
		expect((await bot(sandbox, '1:x', 'getMe')).status).toBe(401);
		expect((await bot(sandbox, '42:secret', 'getMe')).status).toBe(200);
		sandbox.reset();
		expect((await bot(sandbox, '1:x', 'getMe')).status).toBe(200);
		expect((await config(strict, { telegramToken: null })).data).toMatchObject({
			telegramToken: false,
		});
		expect((await bot(strict, 'any', 'getMe')).status).toBe(200);
		strict.reset();
		expect((await bot(strict, 'any', 'getMe')).status).toBe(401);
	});

	it('telegramDown answers 502 and records nothing, until turned off or reset', async () => {
		expect((await config(sandbox, { telegramDown: true })).data).toMatchObject({
			telegramDown: true,
		});
		const down = await bot(sandbox, '1:x', 'sendMessage', { chat_id: 1, text: 'alarm' });
		expect(down.status).toBe(502);
		expect(down.data).toMatchObject({ ok: false, error_code: 502 });
		expect(await messages(sandbox)).toEqual([]);
		await config(sandbox, { telegramDown: false });
		expect((await bot(sandbox, '1:x', 'sendMessage', { chat_id: 1, text: 'alarm' })).status).toBe(
			200,
		);
		await config(sandbox, { telegramDown: true });
		sandbox.reset();
		expect((await bot(sandbox, '1:x', 'sendMessage', { chat_id: 1, text: 'alarm' })).status).toBe(
			200,
		);
		expect(await messages(sandbox)).toHaveLength(1);
	});
});

describe('SMTP server', () => {
	it('is on its own port, shown in urls.smtp and smtpPort', () => {
		expect(sandbox.smtpPort).toBeGreaterThan(0);
		expect(sandbox.urls.smtp).toBe(`smtp://127.0.0.1:${sandbox.smtpPort}`);
		expect(strict.smtpPort).not.toBe(sandbox.smtpPort);
	});

	it('reads a quoted-printable Russian mail with a Q-encoded subject and dot-stuffed lines', async () => {
		const text = [
			'Пропущенный звонок: Иванова Мария Петровна, +7 916 123-45-67, в 14:05 — это очень длинная строка, которую кодировщик переносит мягкими разрывами.',
			'.точка в начале строки',
			'..и две',
			'Карточка: https://clinic.test/patients/42?tab=calls&from=alert',
		].join('\n');
		const reply = await sendMail(
			sandbox.smtpPort,
			mail(
				[
					`From: ${qWord('Клиника «Здоровье»')} <robot@clinic.test>`,
					'To: admin@clinic.test, doctor@clinic.test',
					`Subject: ${qWord('Пропущенный звонок:')}`,
					` ${qWord(' Иванова М. П.')}`,
					'Content-Type: text/plain; charset=utf-8',
					'Content-Transfer-Encoding: quoted-printable',
				],
				qp(text),
			),
			{ to: ['admin@clinic.test', 'doctor@clinic.test'] },
		);
		expect(reply.code).toBe(250);
		expect(await messages(sandbox)).toEqual([
			{
				channel: 'email',
				at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				from: 'Клиника «Здоровье» <robot@clinic.test>',
				to: ['admin@clinic.test', 'doctor@clinic.test'],
				subject: 'Пропущенный звонок: Иванова М. П.',
				text,
			},
		]);
	});

	it('reads a base64 body and B-encoded subject words, even one that splits a character', async () => {
		const subject = Buffer.from('Запись отменена — перезвонить', 'utf8');
		const cut = 7; // inside the fourth letter's two bytes
		const text = 'Пациент отменил запись на завтра 10:00.\nПерезвоните до 18:00.';
		await sendMail(
			sandbox.smtpPort,
			mail(
				[
					'From: robot@clinic.test',
					`Subject: =?UTF-8?B?${b64(subject.subarray(0, cut))}?=\r\n =?UTF-8?B?${b64(subject.subarray(cut))}?=`,
					'Content-Type: text/plain; charset="UTF-8"',
					'Content-Transfer-Encoding: base64',
				],
				b64(text).replace(/.{76}/g, '$&\r\n'),
			),
		);
		const [message] = (await messages(sandbox)) as EmailMessage[];
		expect(message).toMatchObject({
			from: 'robot@clinic.test',
			subject: subject.toString('utf8'),
			text,
		});
	});

	it('takes the text/plain part of a multipart/alternative inside multipart/mixed, skipping the attachment', async () => {
		const text = 'Новая заявка с сайта: Петров П. П.';
		const html = '<p>Новая заявка с сайта: <b>Петров П. П.</b></p>';
		const body = [
			'--mixed',
			'Content-Type: multipart/alternative; boundary="alt"',
			'',
			'--alt',
			'Content-Type: text/plain; charset=utf-8',
			'Content-Transfer-Encoding: base64',
			'',
			b64(text),
			'--alt',
			'Content-Type: text/html; charset=utf-8',
			'Content-Transfer-Encoding: quoted-printable',
			'',
			qp(html),
			'--alt--',
			'--mixed',
			'Content-Type: text/plain; name="report.txt"',
			'Content-Disposition: attachment; filename="report.txt"',
			'',
			'not the body',
			'--mixed--',
			'',
		].join('\r\n');
		await sendMail(
			sandbox.smtpPort,
			mail(
				[
					'From: "Clinic robot" <robot@clinic.test>',
					'Subject: =?UTF-8?Q?=D0=97=D0=B0=D1=8F=D0=B2=D0=BA=D0=B0?=',
					'Content-Type: multipart/mixed;\r\n boundary="mixed"',
				],
				body,
			),
		);
		expect((await messages(sandbox))[0]).toMatchObject({
			from: 'Clinic robot <robot@clinic.test>',
			subject: 'Заявка',
			text,
			html,
		});
	});

	it('an HTML-only mail gets its text from the HTML', async () => {
		await sendMail(
			sandbox.smtpPort,
			mail(
				[
					'Subject: html',
					'Content-Type: text/html; charset=utf-8',
					'Content-Transfer-Encoding: 8bit',
				],
				'<p>Звонок&nbsp;пропущен</p><p>a &lt; b</p>',
			),
		);
		expect((await messages(sandbox))[0]).toMatchObject({
			subject: 'html',
			text: 'Звонок пропущен\na < b',
		});
	});

	it('speaks the rest of the protocol: pipelining, RSET, NOOP, HELO, errors in sequence', async () => {
		const { client, greeting } = await SmtpClient.open(sandbox.smtpPort);
		expect(greeting.code).toBe(220);
		expect((await client.command('MAIL FROM:<a@b>')).code).toBe(503);
		const ehlo = await client.command('EHLO n8n');
		expect(ehlo.text).toMatch(/AUTH PLAIN LOGIN/);
		expect(ehlo.text).not.toMatch(/STARTTLS/);
		expect((await client.command('RCPT TO:<x@y>')).code).toBe(503);
		expect((await client.command('DATA')).code).toBe(503);
		expect((await client.command('NOOP')).code).toBe(250);
		expect((await client.command('FOO')).code).toBe(502);
		expect((await client.command('MAIL FROM:<a@b>')).code).toBe(250);
		expect((await client.command('RSET')).code).toBe(250);
		expect((await client.command('HELO again')).code).toBe(250);
		// the three commands in one write, answered in order
		client.write('MAIL FROM:<robot@clinic.test>\r\nRCPT TO:<admin@clinic.test>\r\nDATA\r\n');
		expect([
			(await client.read()).code,
			(await client.read()).code,
			(await client.read()).code,
		]).toEqual([250, 250, 354]);
		client.write('Subject: pipelined\r\n\r\nok\r\n.\r\n');
		expect((await client.read()).code).toBe(250);
		expect((await client.command('QUIT')).code).toBe(221);
		expect(await messages(sandbox)).toMatchObject([
			{ subject: 'pipelined', text: 'ok', from: 'robot@clinic.test' },
		]);
		const log = (await axios.get(`${sandbox.urls.control}/log?module=smtp`)).data.entries;
		expect(log).toMatchObject([{ module: 'smtp', method: 'DATA', url: sandbox.urls.smtp }]);
	});

	it('accepts any AUTH by default; with credentials set, requires them (535 if wrong)', async () => {
		await sendMail(sandbox.smtpPort, 'Subject: any\r\n\r\nx', { auth: plain('who', 'ever') });
		expect(await messages(sandbox)).toHaveLength(1);

		const { client } = await SmtpClient.open(strict.smtpPort);
		await client.command('EHLO n8n');
		expect((await client.command('MAIL FROM:<robot@clinic.test>')).code).toBe(530);
		expect((await client.command(`AUTH PLAIN ${plain('alerts@clinic.test', 'wrong')}`)).code).toBe(
			535,
		);
		expect((await client.command('AUTH LOGIN')).code).toBe(334);
		expect((await client.command(b64('alerts@clinic.test'))).code).toBe(334);
		expect((await client.command(b64('пароль-1'))).code).toBe(235);
		expect((await client.command('MAIL FROM:<robot@clinic.test>')).code).toBe(250);
		expect((await client.command('RCPT TO:<admin@clinic.test>')).code).toBe(250);
		expect((await client.data('Subject: authed\r\n\r\nx')).code).toBe(250);
		client.end();
		await sendMail(strict.smtpPort, 'Subject: plain\r\n\r\ny', {
			auth: plain('alerts@clinic.test', 'пароль-1'),
		});
		expect((await messages(strict)).map((m) => (m as EmailMessage).subject)).toEqual([
			'authed',
			'plain',
		]);
	});

	it('smtpDown answers 421 to MAIL FROM, closes, and records nothing', async () => {
		expect((await config(sandbox, { smtpDown: true })).data).toMatchObject({ smtpDown: true });
		const { client } = await SmtpClient.open(sandbox.smtpPort);
		expect((await client.command('EHLO n8n')).code).toBe(250);
		expect((await client.command('MAIL FROM:<robot@clinic.test>')).code).toBe(421);
		await client.read(); // the close
		expect(client.closed).toBe(true);
		expect(await messages(sandbox)).toEqual([]);
		sandbox.reset();
		expect((await sendMail(sandbox.smtpPort, 'Subject: back\r\n\r\nx')).code).toBe(250);
	});

	it('stop() closes the SMTP port', async () => {
		const other = await startSandbox({ port: 0 });
		const port = other.smtpPort;
		await other.stop();
		await expect(SmtpClient.open(port)).rejects.toThrow(/ECONNREFUSED/);
	});
});

describe('control API and the staff page', () => {
	async function both(s: Sandbox): Promise<void> {
		await bot(s, '1:x', 'sendMessage', {
			chat_id: 123456789,
			text: 'Пропущен звонок <script>alert(1)</script>\nКарточка: https://clinic.test/p?id=1&tab=2',
		});
		await bot(s, '1:x', 'sendMessage', {
			chat_id: 123456789,
			text: '<b>Жирный</b> <a href="javascript:alert(2)">ссылка</a> <a href="https://n8n.io">n8n</a>',
			parse_mode: 'HTML',
		});
		await sendMail(
			s.smtpPort,
			mail(
				[
					'From: Robot <robot@clinic.test>',
					'Subject: <img src=x onerror=alert(3)>',
					'Content-Type: text/plain; charset=utf-8',
				],
				'Текст & <b>письма</b>',
			),
		);
	}

	it('lists messages in order, filters by channel, clears them', async () => {
		await both(sandbox);
		expect((await messages(sandbox)).map((m) => m.channel)).toEqual([
			'telegram',
			'telegram',
			'email',
		]);
		expect(await messages(sandbox, 'email')).toHaveLength(1);
		expect((await axios.delete(`${sandbox.urls.control}/staff/messages`)).data).toEqual({
			ok: true,
		});
		expect(await messages(sandbox)).toEqual([]);
		expect((await config(sandbox, { telegramDown: 'yes' })).status).toBe(400);
		expect((await config(sandbox, { smtpDown: true, other: 1 })).status).toBe(400);
		expect((await axios.get(`${sandbox.urls.control}/staff/config`)).data).toEqual({
			telegramDown: false,
			smtpDown: false,
			telegramToken: false,
		});
	});

	it('shows both channels, escaping what the senders wrote', async () => {
		await both(sandbox);
		const res = await axios.get(sandbox.urls.staff);
		expect(res.headers['content-type']).toBe('text/html; charset=UTF-8');
		const html: string = res.data;
		expect(html).toContain('Telegram · chat 123456789');
		expect(html).not.toContain('<script>');
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('<a href="https://clinic.test/p?id=1&amp;tab=2"');
		expect(html).toContain('<b>Жирный</b>');
		expect(html).not.toContain('javascript:');
		expect(html).toContain('<a href="https://n8n.io"');
		expect(html).not.toContain('<img');
		expect(html).toContain('&lt;img src=x onerror=alert(3)&gt;');
		expect(html).toContain('Текст &amp; &lt;b&gt;письма&lt;/b&gt;');
		expect(html).toContain('Robot &lt;robot@clinic.test&gt;');
		expect(html).toMatch(/to admin@clinic\.test/);
	});

	it('?channel= shows one channel; anything else is a 400', async () => {
		await both(sandbox);
		const telegram: string = (await axios.get(`${sandbox.urls.staff}?channel=telegram`)).data;
		expect(telegram).toContain('Telegram · chat');
		expect(telegram).not.toContain('onerror');
		const email: string = (await axios.get(`${sandbox.urls.staff}?channel=email`)).data;
		expect(email).not.toContain('Telegram · chat');
		expect(email).toContain('Текст &amp;');
		expect(
			(await axios.get(`${sandbox.urls.staff}?channel=sms`, { validateStatus: () => true })).status,
		).toBe(400);
	});

	it('an empty page says how to point n8n at the sandbox', async () => {
		const html: string = (await axios.get(sandbox.urls.staff)).data;
		expect(html).toContain(sandbox.urls.telegram);
		expect(html).toContain(String(sandbox.smtpPort));
	});
});

describe('Telegram formatting, as strict as the real API', () => {
	it.each([
		['HTML', 'plain text, a_b*c', undefined],
		['HTML', '<b>bold</b> &amp; &lt;tag&gt; &#128222;', undefined],
		['HTML', 'a & b', /Character '&' is reserved/],
		['HTML', 'error: <html><body>', /Unsupported start tag "html"/],
		['HTML', '<b>never closed', /Can't find end of the entity/],
		['Markdown', '*bold* _it_ `code` [link](https://x.example)', undefined],
		['Markdown', 'table reminder_ledger', /Can't find end of the entity starting at byte offset 14/],
		['Markdown', 'a * b', /Can't find end/],
		[undefined, 'DEPTH_ZERO_SELF_SIGNED_CERT <html> & *', undefined],
	])('%s: %s', (mode, text, expected) => {
		const error = entityError(text, mode);
		if (expected) expect(error).toMatch(expected);
		else expect(error).toBeUndefined();
	});
});
