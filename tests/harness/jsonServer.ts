import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

export interface JsonServer {
	url: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

/**
 * A loopback HTTP server for harness and trigger tests: answers every request with what `reply` returns and records
 * it. For API behaviour use the sandbox; this is for cases the sandbox is not about.
 */
export async function startJsonServer(
	reply: (req: RecordedRequest) => { status?: number; body?: unknown; headers?: Record<string, string> },
): Promise<JsonServer> {
	const requests: RecordedRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const recorded = {
				method: req.method ?? 'GET',
				url: req.url ?? '/',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(recorded);
			const answer = reply(recorded);
			const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
			res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...answer.headers });
			res.end(text);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
