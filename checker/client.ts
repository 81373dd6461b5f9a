/**
 * The checker's HTTP client: one request at a time to the clinic API, every failure classified (TLS, timeout,
 * connection, credential, not JSON) so the checker can name it. Node's own http/https, so TLS error codes arrive as
 * OpenSSL names them (https://nodejs.org/api/tls.html, https://nodejs.org/api/errors.html#nodejs-error-codes).
 */
import http from 'node:http';
import https from 'node:https';

export interface Credential {
	/** header name → value; values are secrets */
	headers: Record<string, string>;
	/** what the credential is, for messages (never the value) */
	label: string;
}

export type Problem =
	| { kind: 'tls'; message: string }
	| { kind: 'timeout'; message: string }
	| { kind: 'connect'; message: string }
	| { kind: 'refused'; status: number; message: string }
	| { kind: 'not-json'; status: number; message: string };

export interface Reply {
	method: string;
	/** the path below the base URL, as sent */
	path: string;
	status: number;
	contentType: string;
	/** parsed JSON, when `problem` is undefined */
	body?: unknown;
	text: string;
	problem?: Problem;
}

const TLS_CODES = new Set([
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'EPROTO',
	'ERR_SSL_WRONG_VERSION_NUMBER',
]);

export class ClinicClient {
	/** every secret value, to blank out of anything printed */
	private readonly secrets: string[];

	constructor(
		private readonly baseUrl: string,
		private readonly credential: Credential,
		private readonly timeoutMs: number,
	) {
		this.secrets = Object.values(credential.headers).flatMap((v) => {
			// the token alone too, should a server echo `Bearer` stripped or the Basic pair decoded
			const parts = [v, v.replace(/^(Bearer|Basic)\s+/i, '')];
			if (/^Basic\s+/i.test(v)) {
				const pair = Buffer.from(v.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
				parts.push(pair, pair.slice(pair.indexOf(':') + 1));
			}
			return parts.filter((p) => p.length >= 3);
		});
	}

	/** Text with every secret replaced by `***`. */
	redact(text: string): string {
		let out = text;
		for (const s of this.secrets) out = out.split(s).join('***');
		return out;
	}

	get credentialLabel(): string {
		return this.credential.label;
	}

	request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> {
		const url = new URL(this.baseUrl.replace(/\/+$/, '') + path);
		const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
		const lib = url.protocol === 'https:' ? https : http;
		return new Promise((resolve) => {
			let settled = false;
			const done = (reply: Omit<Reply, 'method' | 'path'>) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				resolve({ method, path, ...reply, text: this.redact(reply.text) });
			};
			const fail = (problem: Problem) => done({ status: 0, contentType: '', text: '', problem });
			const req = lib.request(
				url,
				{
					method,
					headers: {
						Accept: 'application/json',
						...(payload
							? {
									'Content-Type': 'application/json; charset=utf-8',
									'Content-Length': payload.length,
								}
							: {}),
						...this.credential.headers,
					},
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('error', (e) => fail({ kind: 'connect', message: this.redact(e.message) }));
					res.on('end', () =>
						done(
							this.read(
								res.statusCode ?? 0,
								String(res.headers['content-type'] ?? ''),
								Buffer.concat(chunks),
								res.headers.location,
							),
						),
					);
				},
			);
			// the whole exchange, not only an idle socket: the sub-workflow's timeoutMs bounds it the same way
			const timer = setTimeout(() => {
				fail({ kind: 'timeout', message: `no answer within ${this.timeoutMs} ms` });
				req.destroy();
			}, this.timeoutMs);
			req.on('error', (e: NodeJS.ErrnoException) => {
				const code = e.code ?? '';
				const message = this.redact(`${code ? `${code}: ` : ''}${e.message}`);
				if (TLS_CODES.has(code) || /certificate|ssl|tls/i.test(e.message))
					fail({ kind: 'tls', message });
				else fail({ kind: 'connect', message });
			});
			if (payload) req.write(payload);
			req.end();
		});
	}

	private read(
		status: number,
		contentType: string,
		raw: Buffer,
		location?: string,
	): Omit<Reply, 'method' | 'path'> {
		const text = raw.toString('utf8');
		const base = { status, contentType, text };
		if (status >= 300 && status < 400) {
			// often a web server's login form, or http → https; the clinic API URL must be the final address
			const message = `HTTP ${status} redirect to ${location ?? '(no Location)'}, not JSON: set the URL to where it leads, or send the credential the login page asks for`;
			return { ...base, problem: { kind: 'not-json', status, message: this.redact(message) } };
		}
		if (status === 401 || status === 403) {
			let why = text.slice(0, 200);
			try {
				const parsed = JSON.parse(text) as { error?: unknown };
				if (parsed && typeof parsed.error === 'string') why = parsed.error;
			} catch {
				// a web server's own 401 page: keep its text
			}
			return {
				...base,
				problem: {
					kind: 'refused',
					status,
					message: this.redact(`HTTP ${status} ${why.replace(/\s+/g, ' ').trim()}`),
				},
			};
		}
		// a UTF-8 byte order mark makes JSON.parse throw (ECMA-262 JSON text has no BOM): n8n would get a string
		if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) {
			return {
				...base,
				problem: {
					kind: 'not-json',
					status,
					message: `HTTP ${status}: the body starts with a UTF-8 byte order mark (EF BB BF)`,
				},
			};
		}
		const isJsonType = /^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim());
		let body: unknown;
		let parsed = false;
		try {
			body = JSON.parse(text);
			parsed = true;
		} catch {
			// reported below
		}
		if (isJsonType && parsed) return { ...base, body };
		const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
		const looks = /<html|<!doctype html/i.test(text)
			? /<input[^>]+type=["']?password|login|войти|вход/i.test(text)
				? `an HTML login page${title ? ` «${title}»` : ''}`
				: `an HTML page${title ? ` «${title}»` : ''}`
			: text.trim() === ''
				? 'an empty body'
				: `«${text.trim().slice(0, 80).replace(/\s+/g, ' ')}»`;
		const message = parsed
			? `HTTP ${status} has JSON but Content-Type ${contentType || '(none)'}, not application/json`
			: `HTTP ${status} ${contentType || '(no Content-Type)'}: ${looks}, not JSON`;
		return { ...base, problem: { kind: 'not-json', status, message: this.redact(message) } };
	}
}
