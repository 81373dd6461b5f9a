import axios from 'axios';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';

import { startSandbox, type Sandbox } from '../../sandbox';
import type { CoMagicOptions } from '../../sandbox/comagic';
import { COMAGIC_ACCESS_KEY, COMAGIC_TIMEZONE } from '../../sandbox/comagic/defaults';

export const KEY = COMAGIC_ACCESS_KEY;

export interface RpcAnswer {
	jsonrpc: string;
	id: string | number | null;
	result?: { data: any; metadata: Record<string, any> };
	error?: {
		code: number;
		message: string;
		data: {
			mnemonic: string;
			field: string | null;
			value: unknown;
			params: Record<string, unknown>;
			metadata: Record<string, any>;
		};
	};
}

export interface CoMagicHarness {
	sandbox: Sandbox;
	call(method: string, params: Record<string, unknown>, id?: string | number): Promise<RpcAnswer>;
	data(method: string, params: Record<string, unknown>, id?: string | number): Promise<RpcAnswer>;
	control(
		method: 'GET' | 'POST' | 'DELETE',
		path: string,
		body?: unknown,
	): Promise<{ status: number; data: any }>;
	/** sandbox-clock time formatted for the Data API, shifted by `offset` */
	dataTime(offset?: Record<string, number>): string;
}

export async function startCoMagic(options: CoMagicOptions = {}): Promise<CoMagicHarness> {
	const sandbox = await startSandbox({ port: 0, comagic: options });
	const post = async (
		url: string,
		method: string,
		params: Record<string, unknown>,
		id: string | number = 1,
	) =>
		(await axios.post(url, { jsonrpc: '2.0', id, method, params }, { validateStatus: () => true }))
			.data as RpcAnswer;
	return {
		sandbox,
		call: (method, params, id) => post(sandbox.urls.comagicCallApi, method, params, id),
		data: (method, params, id) => post(sandbox.urls.comagicDataApi, method, params, id),
		async control(method, path, body) {
			const res = await axios.request({
				method,
				url: `${sandbox.baseUrl}/_control/${path}`,
				data: body,
				validateStatus: () => true,
			});
			return { status: res.status, data: res.data };
		},
		dataTime(offset = {}) {
			return DateTime.fromMillis(sandbox.ctx.now(), { zone: COMAGIC_TIMEZONE })
				.plus(offset)
				.toFormat('yyyy-MM-dd HH:mm:ss');
		},
	};
}

export interface Received {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

/** A tiny webhook receiver on 127.0.0.1:0 that records every request. */
export async function startReceiver(): Promise<{
	url: string;
	requests: Received[];
	waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
	close(): Promise<void>;
}> {
	const requests: Received[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			requests.push({
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		async waitFor(count, timeoutMs = 5000) {
			const until = Date.now() + timeoutMs;
			while (requests.length < count) {
				if (Date.now() > until)
					throw new Error(`expected ${count} requests, got ${requests.length}`);
				await new Promise((r) => setTimeout(r, 10));
			}
			return requests;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
