/**
 * A fixed-concurrency HTTP load: `concurrency` keep-alive connections, each sending its next request as soon as the
 * last one is answered, until `total` are sent. Latency is measured per request from write to the end of the answer.
 */
import { Agent, request } from 'node:http';

import { percentile } from './stats';

export interface LoadTarget {
	/** full URL, query included */
	url: string;
	method?: string;
	headers?: Record<string, string>;
	/** the body of request number i (unique bodies keep duplicate suppression from dropping any) */
	body: (i: number) => string;
}

export interface LoadResult {
	requests: number;
	wallMs: number;
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
	perSecond: number;
	/** answers by HTTP status */
	statuses: Record<string, number>;
	/** the start of the first answer that was not 2xx, to tell what went wrong */
	firstFailure?: string;
}

function send(
	agent: Agent,
	target: LoadTarget,
	i: number,
): Promise<{ status: number; ms: number; text: string }> {
	const body = target.body(i);
	const started = process.hrtime.bigint();
	return new Promise((resolve, reject) => {
		const req = request(
			target.url,
			{
				method: target.method ?? 'POST',
				agent,
				headers: {
					'Content-Type': 'application/json',
					'Content-Length': Buffer.byteLength(body),
					...target.headers,
				},
			},
			(res) => {
				let text = '';
				res.on('data', (chunk: Buffer) => {
					if (text.length < 300) text += chunk.toString();
				});
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						ms: Number(process.hrtime.bigint() - started) / 1e6,
						text,
					}),
				);
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

/** `offset` numbers the bodies, so runs against one target never repeat a body. */
export async function runLoad(
	target: LoadTarget,
	total: number,
	concurrency: number,
	offset = 0,
): Promise<LoadResult> {
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const latencies: number[] = [];
	const statuses: Record<string, number> = {};
	let firstFailure: string | undefined;
	let next = 0;
	const started = process.hrtime.bigint();
	const worker = async () => {
		while (next < total) {
			const i = next++;
			const { status, ms, text } = await send(agent, target, offset + i);
			if ((status < 200 || status > 299) && firstFailure === undefined)
				firstFailure = `HTTP ${status} ${text.slice(0, 300)}`;
			latencies.push(ms);
			statuses[status] = (statuses[status] ?? 0) + 1;
		}
	};
	try {
		await Promise.all(Array.from({ length: concurrency }, worker));
	} finally {
		agent.destroy();
	}
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	latencies.sort((a, b) => a - b);
	return {
		requests: total,
		wallMs,
		p50Ms: percentile(latencies, 50),
		p99Ms: percentile(latencies, 99),
		maxMs: latencies.at(-1) ?? Number.NaN,
		perSecond: total / (wallMs / 1000),
		statuses,
		firstFailure,
	};
}
