/** Shared by the Voicebox simulator tests: a sandbox, a start-call client and a tiny callback receiver. */
import axios, { type AxiosResponse } from 'axios';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSandbox, type Sandbox } from '../../sandbox';
import type { LogEntry, PhoneAttempt } from '../../sandbox/core/types';
import {
	DEFAULT_REMINDER_CAMPAIGN_ID,
	DEFAULT_VOICEBOX_LOGIN,
	DEFAULT_VOICEBOX_PASSWORD,
} from '../../sandbox/voicebox/defaults';
import type { CallRecord } from '../../sandbox/voicebox/types';

/** A call as GET /_control/voicebox/calls shows it. */
export type CallView = Omit<CallRecord, 'notBefore'> & { notBefore: string };
/** The loose default for control answers: an error message, log entries or plain fields. */
export type ControlAnswer = { error: string; entries: LogEntry[] } & Record<string, unknown>;

/** Monday 23 Nov 2026, 12:00 in Moscow: inside the default 09:00–21:00 window. */
export const MOSCOW_NOON = '2026-11-23T09:00:00.000Z';
/** Same Monday, 22:30 in Moscow: outside; the window opens again Tuesday 09:00 MSK (06:00Z). */
export const MOSCOW_LATE = '2026-11-23T19:30:00.000Z';
export const TUESDAY_OPENING = '2026-11-24T06:00:00.000Z';

export const REMINDER_DATA = { name: 'Валерия Сергеевна', phrase: 'Эндоскопист 4 июня в 11 30' };

export function basic(login: string, password: string): string {
	return `Basic ${Buffer.from(`${login}:${password}`, 'utf8').toString('base64')}`;
}

export class VoiceboxHarness {
	constructor(readonly sandbox: Sandbox) {}

	static async start(): Promise<VoiceboxHarness> {
		return new VoiceboxHarness(await startSandbox({ port: 0 }));
	}

	/** Raw start-call request; never throws on a status. */
	call(
		data: Record<string, unknown>,
		options: {
			method?: string;
			auth?: string | null;
			headers?: Record<string, string>;
			raw?: string;
		} = {},
	): Promise<AxiosResponse> {
		const headers: Record<string, string> = {
			'Content-Type': 'application/json',
			...options.headers,
		};
		const auth =
			options.auth === undefined
				? basic(DEFAULT_VOICEBOX_LOGIN, DEFAULT_VOICEBOX_PASSWORD)
				: options.auth;
		if (auth !== null) headers.Authorization = auth;
		const body =
			options.raw ??
			JSON.stringify({ method: options.method ?? DEFAULT_REMINDER_CAMPAIGN_ID, data });
		return axios.post(this.sandbox.urls.voicebox, body, {
			headers,
			validateStatus: () => true,
			transformRequest: [(d: unknown) => d],
		});
	}

	/** A valid reminder call to `number`. */
	remind(number: string, extra: Record<string, unknown> = {}): Promise<AxiosResponse> {
		return this.call({ number, ...REMINDER_DATA, ...extra });
	}

	async control<T = ControlAnswer>(
		method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
		path: string,
		body?: unknown,
	): Promise<AxiosResponse<T>> {
		return axios.request<T>({
			method,
			url: `${this.sandbox.baseUrl}/_control${path}`,
			data: body,
			validateStatus: () => true,
		});
	}

	async setClock(iso: string): Promise<void> {
		await this.control('POST', '/clock', { set: iso });
	}

	async calls(number?: string): Promise<CallView[]> {
		return (
			await this.control<CallView[]>('GET', `/voicebox/calls${number ? `?number=${number}` : ''}`)
		).data;
	}

	async phones(): Promise<Record<string, PhoneAttempt[]>> {
		return (await this.control<Record<string, PhoneAttempt[]>>('GET', '/phones')).data;
	}

	async reset(): Promise<void> {
		await this.control('POST', '/reset');
	}

	stop(): Promise<void> {
		return this.sandbox.stop();
	}
}

export interface Received {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
	at: number;
}

/** Receives the simulated status callbacks on 127.0.0.1:0. */
export class Receiver {
	readonly received: Received[] = [];
	status = 200;
	private constructor(
		private readonly server: Server,
		readonly url: string,
	) {}

	static async start(): Promise<Receiver> {
		const holder: { self?: Receiver } = {};
		const server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				holder.self!.received.push({
					method: req.method ?? '',
					url: req.url ?? '',
					headers: req.headers,
					body: Buffer.concat(chunks).toString('utf8'),
					at: Date.now(),
				});
				res.writeHead(holder.self!.status, { 'Content-Type': 'text/plain' });
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		holder.self = new Receiver(server, `http://127.0.0.1:${port}`);
		return holder.self;
	}

	clear(): void {
		this.received.length = 0;
	}

	async waitFor(count: number, timeoutMs = 3000): Promise<Received[]> {
		await waitUntil(() => this.received.length >= count, timeoutMs, `${count} callbacks`);
		return this.received;
	}

	close(): Promise<void> {
		this.server.closeAllConnections?.();
		return new Promise((resolve) => this.server.close(() => resolve()));
	}
}

export async function waitUntil(
	check: () => boolean | Promise<boolean>,
	timeoutMs = 3000,
	what = 'condition',
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(10);
	}
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A POST with Basic auth and no Content-Type header at all (axios always adds one). */
export function postWithoutContentType(
	url: string,
	body: string,
	auth = basic(DEFAULT_VOICEBOX_LOGIN, DEFAULT_VOICEBOX_PASSWORD),
): Promise<{ status?: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: 'POST', headers: { Authorization: auth } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () =>
				resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
			);
		});
		req.on('error', reject);
		req.end(body);
	});
}

/**
 * A sandbox and a callback receiver for the whole file, reset before each test with the clock at Moscow noon.
 * Read them through the returned getters (they exist once beforeAll has run).
 */
export function useSandboxWithReceiver(): { vb: () => VoiceboxHarness; rx: () => Receiver } {
	let vb: VoiceboxHarness;
	let rx: Receiver;
	beforeAll(async () => {
		vb = await VoiceboxHarness.start();
		rx = await Receiver.start();
	});
	afterAll(async () => {
		await vb.stop();
		await rx.close();
	});
	beforeEach(async () => {
		await vb.reset();
		await vb.setClock(MOSCOW_NOON);
		rx.clear();
		rx.status = 200;
	});
	return { vb: () => vb, rx: () => rx };
}
