/**
 * A small real SMTP receiver (RFC 5321, no TLS) on its own loopback port, so n8n's Send Email node — nodemailer,
 * `secure: false` — delivers to the sandbox with no mail account. STARTTLS is not offered, so nodemailer sends in
 * the clear without being told `ignoreTLS`. Every accepted mail is parsed (mime.ts) and recorded.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

import type { SandboxContext } from '../core/types';
import { parseMail } from './mime';
import type { StaffState } from './state';

const HOSTNAME = 'sandbox.local';
const MAX_MESSAGE = 25 * 1024 * 1024;
const MAX_LINE = 64 * 1024;
const MAX_RECIPIENTS = 100;
const IDLE_MS = 5 * 60 * 1000;

export interface SmtpCredentials {
	/** set: AUTH must name this user and password before MAIL; unset: no AUTH needed, any AUTH passes */
	user?: string;
	password?: string;
}

type Mode = 'command' | 'data' | 'authPlain' | 'authLoginUser' | 'authLoginPassword';

const fromBase64 = (s: string): string => Buffer.from(s.trim(), 'base64').toString('utf8');

/** `<a@b> SIZE=10 BODY=8BITMIME` or a bare address → the address (possibly empty: the null sender). */
function address(arg: string): string | undefined {
	const m = /^\s*<([^>]*)>/.exec(arg) ?? /^\s*([^\s<>]+)/.exec(arg);
	return m ? m[1].trim() : undefined;
}

/** One client connection: a line reader and the command state machine. */
class SmtpSession {
	private mode: Mode = 'command';
	private greeted = false;
	private authed = false;
	private loginUser = '';
	private sender: string | null = null;
	private recipients: string[] = [];
	private data: Buffer[] = [];
	private dataSize = 0;
	private pending = Buffer.alloc(0);

	constructor(
		private readonly socket: Socket,
		private readonly server: StaffSmtpServer,
	) {
		socket.setTimeout(IDLE_MS, () => this.close('421 4.4.2 Idle too long, closing'));
		socket.on('data', (chunk: Buffer) => this.onData(chunk));
		socket.on('error', () => socket.destroy());
		this.reply(`220 ${HOSTNAME} ESMTP sandbox (clinic staff mail)`);
	}

	private reply(...lines: string[]): void {
		if (!this.socket.writable) return;
		this.socket.write(lines.map((l) => `${l}\r\n`).join(''));
	}

	private close(line: string): void {
		this.reply(line);
		this.socket.end();
	}

	private resetTransaction(): void {
		this.sender = null;
		this.recipients = [];
		this.data = [];
		this.dataSize = 0;
	}

	private onData(chunk: Buffer): void {
		this.pending = Buffer.concat([this.pending, chunk]);
		let eol: number;
		// pipelining: several commands may come in one chunk and must be answered in order
		while ((eol = this.pending.indexOf(0x0a)) >= 0 && !this.socket.destroyed) {
			let line = this.pending.subarray(0, eol);
			this.pending = this.pending.subarray(eol + 1);
			if (line[line.length - 1] === 0x0d) line = line.subarray(0, -1);
			if (this.mode === 'data') this.onDataLine(line);
			else this.onCommandLine(line.toString('utf8'));
		}
		if (this.mode !== 'data' && this.pending.length > MAX_LINE)
			this.close('500 5.5.2 Line too long');
	}

	private onDataLine(line: Buffer): void {
		if (line.length === 1 && line[0] === 0x2e) {
			this.mode = 'command';
			this.finishData();
			return;
		}
		// dot-stuffing: the client doubled every leading dot
		const unstuffed = line[0] === 0x2e ? line.subarray(1) : line;
		this.dataSize += unstuffed.length + 2;
		if (this.dataSize <= MAX_MESSAGE) this.data.push(Buffer.from(unstuffed));
	}

	private finishData(): void {
		if (this.dataSize > MAX_MESSAGE) {
			this.resetTransaction();
			return this.reply('552 5.3.4 Message too big');
		}
		const raw = Buffer.concat(this.data.flatMap((l, i) => (i ? [Buffer.from('\r\n'), l] : [l])));
		try {
			this.server.accept(this.sender ?? '', this.recipients, raw);
			this.reply(`250 2.0.0 Ok: queued as S${Date.now().toString(36).toUpperCase()}`);
		} catch (error) {
			this.reply(`451 4.3.0 Could not read the message: ${(error as Error).message}`);
		}
		this.resetTransaction();
	}

	private onCommandLine(line: string): void {
		if (this.mode !== 'command') return this.onAuthLine(line);
		const space = line.indexOf(' ');
		const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
		const arg = space < 0 ? '' : line.slice(space + 1).trim();
		switch (verb) {
			case 'EHLO':
				this.greeted = true;
				this.resetTransaction();
				return this.reply(
					`250-${HOSTNAME} greets ${arg || 'you'}`,
					'250-PIPELINING',
					'250-8BITMIME',
					'250-SMTPUTF8',
					`250-SIZE ${MAX_MESSAGE}`,
					'250-AUTH PLAIN LOGIN',
					'250 ENHANCEDSTATUSCODES',
				);
			case 'HELO':
				this.greeted = true;
				this.resetTransaction();
				return this.reply(`250 ${HOSTNAME}`);
			case 'AUTH':
				return this.startAuth(arg);
			case 'MAIL':
				return this.mail(arg);
			case 'RCPT': {
				if (this.sender === null) return this.reply('503 5.5.1 Error: need MAIL command');
				const to = /^TO:/i.test(arg) ? address(arg.slice(3)) : undefined;
				if (!to) return this.reply('501 5.1.3 Syntax: RCPT TO:<address>');
				if (this.recipients.length >= MAX_RECIPIENTS)
					return this.reply('452 4.5.3 Too many recipients');
				this.recipients.push(to);
				return this.reply('250 2.1.5 Ok');
			}
			case 'DATA':
				if (!this.recipients.length) return this.reply('503 5.5.1 Error: need RCPT command');
				this.mode = 'data';
				return this.reply('354 End data with <CR><LF>.<CR><LF>');
			case 'RSET':
				this.resetTransaction();
				return this.reply('250 2.0.0 Ok');
			case 'NOOP':
				return this.reply('250 2.0.0 Ok');
			case 'VRFY':
				return this.reply('252 2.5.0 Cannot VRFY user, but will accept message');
			case 'STARTTLS':
				return this.reply('454 4.7.0 TLS not available');
			case 'QUIT':
				return this.close('221 2.0.0 Bye');
			default:
				return this.reply('502 5.5.2 Error: command not recognized');
		}
	}

	private mail(arg: string): void {
		if (!this.greeted) return this.reply('503 5.5.1 Error: send HELO/EHLO first');
		// "down": the mail server refuses service, as a full or failing one does; nothing is recorded
		if (this.server.state().config.smtpDown) {
			return this.close(
				`421 4.3.0 ${HOSTNAME} Service not available, closing transmission channel`,
			);
		}
		if (this.server.credentials.user !== undefined && !this.authed) {
			return this.reply('530 5.7.0 Authentication required');
		}
		if (this.sender !== null) return this.reply('503 5.5.1 Error: nested MAIL command');
		const from = /^FROM:/i.test(arg) ? address(arg.slice(5)) : undefined;
		if (from === undefined) return this.reply('501 5.1.7 Syntax: MAIL FROM:<address>');
		this.sender = from;
		this.reply('250 2.1.0 Ok');
	}

	private startAuth(arg: string): void {
		if (!this.greeted) return this.reply('503 5.5.1 Error: send HELO/EHLO first');
		if (this.authed) return this.reply('503 5.5.1 Error: already authenticated');
		const [mechanism = '', initial] = arg.split(/\s+/);
		switch (mechanism.toUpperCase()) {
			case 'PLAIN':
				if (initial && initial !== '=') return this.plain(initial);
				this.mode = 'authPlain';
				return this.reply('334 ');
			case 'LOGIN':
				if (initial) {
					this.loginUser = fromBase64(initial);
					this.mode = 'authLoginPassword';
					return this.reply('334 UGFzc3dvcmQ6');
				}
				this.mode = 'authLoginUser';
				return this.reply('334 VXNlcm5hbWU6');
			default:
				return this.reply('504 5.5.4 Unrecognized authentication type');
		}
	}

	private onAuthLine(line: string): void {
		const mode = this.mode;
		this.mode = 'command';
		if (line.trim() === '*') return this.reply('501 5.0.0 Authentication cancelled');
		if (mode === 'authPlain') return this.plain(line);
		if (mode === 'authLoginUser') {
			this.loginUser = fromBase64(line);
			this.mode = 'authLoginPassword';
			return this.reply('334 UGFzc3dvcmQ6');
		}
		this.finishAuth(this.loginUser, fromBase64(line));
	}

	/** PLAIN: base64 of `authzid \0 user \0 password`. */
	private plain(encoded: string): void {
		const [, user = '', password = ''] = fromBase64(encoded).split('\0');
		this.finishAuth(user, password);
	}

	private finishAuth(user: string, password: string): void {
		const { credentials } = this.server;
		if (
			credentials.user !== undefined &&
			(user !== credentials.user || password !== (credentials.password ?? ''))
		) {
			return this.reply('535 5.7.8 Authentication credentials invalid');
		}
		this.authed = true;
		this.reply('235 2.7.0 Authentication successful');
	}
}

/** The listening server: owns the sockets (stop() must not wait for an idle client) and records accepted mail. */
export class StaffSmtpServer {
	private server?: Server;
	private sockets = new Set<Socket>();
	/** smtp://host:port once listening */
	url = '';

	constructor(
		readonly credentials: SmtpCredentials,
		readonly state: () => StaffState,
		private readonly ctx: () => SandboxContext,
	) {}

	async listen(port: number, host: string): Promise<number> {
		const server = createServer((socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
			new SmtpSession(socket, this);
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => resolve());
		});
		this.server = server;
		const actual = (server.address() as AddressInfo).port;
		this.url = `smtp://${host.includes(':') ? `[${host}]` : host}:${actual}`;
		return actual;
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		const server = this.server;
		this.server = undefined;
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/** A mail DATA delivered in full: parse, record, log. Throws if it cannot be read at all. */
	accept(sender: string, recipients: string[], raw: Buffer): void {
		const mail = parseMail(raw);
		const ctx = this.ctx();
		const message = {
			channel: 'email' as const,
			at: new Date(ctx.now()).toISOString(),
			from: mail.from || sender,
			to: [...recipients],
			subject: mail.subject,
			text: mail.text ?? '',
			html: mail.html,
		};
		this.state().messages.push(message);
		ctx.log({
			direction: 'in',
			module: 'smtp',
			method: 'DATA',
			url: this.url,
			body: JSON.stringify({ from: message.from, to: message.to, subject: message.subject }),
		});
	}
}
