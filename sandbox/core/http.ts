import type { ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=UTF-8',
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=UTF-8'): void {
	res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

/** Parses JSON, returning undefined instead of throwing. */
export function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
