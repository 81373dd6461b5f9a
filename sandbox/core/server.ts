import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

import { FaultBook } from './faults';
import { sendJson, tryParseJson } from './http';
import {
	OUTBOUND_TIMEOUT,
	OUTBOUND_TIMEOUT_MS,
	type LogEntry,
	type OutboundRequest,
	type OutboundResult,
	type PhoneAttempt,
	type SandboxContext,
	type SandboxModule,
	type SandboxRequest,
} from './types';

const MAX_LOG = 20000;

/**
 * The one sandbox process: routes each request to the simulator modules, applies injected faults, keeps a log of
 * every request and callback, counts attempts per phone number and owns the controllable clock.
 */
export class SandboxServer {
	readonly faults = new FaultBook();
	private server?: Server;
	private entries: LogEntry[] = [];
	private seq = 0;
	private offsetMs = 0;
	private phones = new Map<string, PhoneAttempt[]>();
	private timers = new Set<NodeJS.Timeout>();
	ctx!: SandboxContext;

	constructor(
		private readonly modules: SandboxModule[],
		private readonly seed: number,
	) {}

	async listen(port: number, host: string): Promise<string> {
		this.server = createServer((req, res) => void this.onRequest(req, res));
		this.server.keepAliveTimeout = 5000;
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(port, host, () => resolve());
		});
		const address = this.server.address() as AddressInfo;
		const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
		this.ctx = this.makeContext(baseUrl);
		for (const m of this.modules) m.reset(this.ctx);
		return baseUrl;
	}

	async close(): Promise<void> {
		this.clearTimers();
		for (const m of this.modules) m.stop?.();
		if (!this.server) return;
		this.server.closeAllConnections?.();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
	}

	reset(): void {
		this.clearTimers();
		this.entries = [];
		this.phones.clear();
		this.faults.clear();
		this.offsetMs = 0;
		for (const m of this.modules) m.reset(this.ctx);
	}

	private clearTimers(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
	}

	private makeContext(baseUrl: string): SandboxContext {
		return {
			baseUrl,
			seed: this.seed,
			now: () => Date.now() + this.offsetMs,
			log: (entry) => this.addLog(entry),
			recordPhoneAttempt: (phone, attempt) => {
				const list = this.phones.get(phone) ?? [];
				list.push({ ...attempt, at: attempt.at ?? new Date(Date.now() + this.offsetMs).toISOString() });
				this.phones.set(phone, list);
			},
			send: (request) => this.sendOutbound(request),
			schedule: (delayMs, task) => {
				const timer = setTimeout(() => {
					this.timers.delete(timer);
					void Promise.resolve()
						.then(task)
						.catch((error: Error) =>
							this.addLog({ direction: 'out', module: 'sandbox', method: '-', url: '-', error: error.message }),
						);
				}, Math.max(0, delayMs));
				this.timers.add(timer);
			},
		};
	}

	private addLog(entry: Omit<LogEntry, 'seq' | 'at'>): void {
		this.entries.push({ seq: ++this.seq, at: new Date(Date.now() + this.offsetMs).toISOString(), ...entry });
		if (this.entries.length > MAX_LOG) this.entries.splice(0, this.entries.length - MAX_LOG);
	}

	private async sendOutbound(request: OutboundRequest): Promise<OutboundResult> {
		const url = new URL(request.url);
		const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
		const result = await new Promise<OutboundResult>((resolve) => {
			const req = send(
				url,
				{ method: request.method, headers: request.headers, timeout: OUTBOUND_TIMEOUT_MS },
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
				},
			);
			req.on('timeout', () => req.destroy(new Error(OUTBOUND_TIMEOUT)));
			req.on('error', (error) => resolve({ error: error.message }));
			if (request.body !== undefined) req.write(request.body);
			req.end();
		});
		this.addLog({
			direction: 'out',
			module: request.module,
			method: request.method,
			url: request.url,
			headers: request.headers,
			body: request.body,
			status: result.status,
			rpcMethod: request.kind,
			error: result.error,
		});
		return result;
	}

	private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const sreq: SandboxRequest = {
			method: (req.method ?? 'GET').toUpperCase(),
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			rawBody,
			bodyText: rawBody.toString('utf8'),
			remoteAddress: req.socket.remoteAddress ?? '',
		};
		const isControl = sreq.path.startsWith('/_control');
		if (!isControl) {
			const parsed = tryParseJson(sreq.bodyText) as { method?: unknown } | undefined;
			this.addLog({
				direction: 'in',
				module: sreq.path.split('/')[1] ?? '',
				method: sreq.method,
				url: req.url ?? '/',
				body: sreq.bodyText.length > 4096 ? `${sreq.bodyText.slice(0, 4096)}…` : sreq.bodyText,
				rpcMethod: typeof parsed?.method === 'string' ? parsed.method : undefined,
			});
		}
		for (const fault of this.faults.take(sreq.path)) {
			if (fault.kind === 'latency' && fault.answerLate) {
				holdAnswer(res, fault.ms ?? 1000);
				continue;
			}
			if (fault.kind === 'latency') {
				await new Promise((r) => setTimeout(r, fault.ms ?? 1000));
				if (fault.abandon && (req.socket.destroyed || res.destroyed)) return;
			}
			if (fault.kind === 'drop') {
				req.socket.destroy();
				return;
			}
			if (fault.kind === 'status') {
				res.writeHead(fault.status ?? 503, { 'Content-Type': 'text/plain' });
				res.end(fault.body ?? 'Service Unavailable');
				return;
			}
		}
		try {
			if (isControl && (await this.handleCoreControl(sreq, res))) return;
			for (const m of this.modules) {
				if (await m.handle(sreq, res, this.ctx)) return;
			}
			sendJson(res, 404, { error: `no simulator answers ${sreq.method} ${sreq.path}` });
		} catch (error) {
			if (!res.headersSent) sendJson(res, 500, { error: (error as Error).message });
		}
	}

	/** Cross-cutting control endpoints; simulators add their own under /_control/<module>/. */
	private async handleCoreControl(req: SandboxRequest, res: ServerResponse): Promise<boolean> {
		const body = (tryParseJson(req.bodyText) ?? {}) as Record<string, unknown>;
		switch (`${req.method} ${req.path}`) {
			case 'POST /_control/reset':
				this.reset();
				sendJson(res, 200, { ok: true });
				return true;
			case 'GET /_control/log': {
				const since = Number(req.query.get('since') ?? 0);
				const module = req.query.get('module');
				const entries = this.entries.filter((e) => e.seq > since && (!module || e.module === module));
				sendJson(res, 200, { entries });
				return true;
			}
			case 'GET /_control/phones': {
				const phone = req.query.get('phone');
				const all = Object.fromEntries(this.phones);
				sendJson(res, 200, phone ? { [phone]: all[phone] ?? [] } : all);
				return true;
			}
			case 'GET /_control/faults':
				sendJson(res, 200, { faults: this.faults.list() });
				return true;
			case 'POST /_control/faults':
				try {
					sendJson(res, 200, this.faults.add(body));
				} catch (error) {
					sendJson(res, 400, { error: (error as Error).message });
				}
				return true;
			case 'DELETE /_control/faults':
				this.faults.clear();
				sendJson(res, 200, { ok: true });
				return true;
			case 'GET /_control/clock':
				sendJson(res, 200, { now: new Date(this.ctx.now()).toISOString(), offsetMs: this.offsetMs });
				return true;
			case 'POST /_control/clock': {
				if (typeof body.set === 'string') this.offsetMs = Date.parse(body.set) - Date.now();
				if (typeof body.advanceMs === 'number') this.offsetMs += body.advanceMs;
				sendJson(res, 200, { now: new Date(this.ctx.now()).toISOString(), offsetMs: this.offsetMs });
				return true;
			}
			default:
				return false;
		}
	}
}

/** Lets the handlers answer as usual but sends the answer only after `ms`; dropped when the client is gone by then. */
function holdAnswer(res: ServerResponse, ms: number): void {
	const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
	res.end = ((...args: unknown[]) => {
		setTimeout(() => {
			if (!res.destroyed) end(...args);
		}, ms);
		return res;
	}) as ServerResponse['end'];
}
