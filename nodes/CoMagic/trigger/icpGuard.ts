import { sleep, type IDataObject } from 'n8n-workflow';

import { parseIcpAnswer } from './icpAnswer';

/** The parts of Express's response that n8n uses to answer a webhook. */
interface GuardedResponse {
	headersSent: boolean;
	status(code: number): GuardedResponse;
	json(body?: unknown): GuardedResponse;
	send(body?: unknown): GuardedResponse;
	setHeader(name: string, value: unknown): GuardedResponse;
	write(...args: unknown[]): boolean;
	end(...args: unknown[]): GuardedResponse;
}

export type FallbackReason = 'timeout' | 'invalid' | 'error';

/**
 * Makes sure an interactive call processing request always gets a valid answer, in time.
 *
 * n8n answers a `lastNode` webhook only when the execution ends, and with `500 {"message":"Error in workflow"}` when
 * it fails; it has no response deadline. The scenario step is waiting on a live call, so the node wraps the Express
 * response it was given (the process that runs `webhook()` holds the socket, also in queue mode):
 * - the first answer n8n writes is checked: a 2xx body that is a valid answer goes out as is, anything else
 *   (failure, empty last node, wrong shape) is replaced by the default answer;
 * - when the budget runs out first, the default answer goes out and whatever n8n writes later is dropped.
 * The execution itself keeps running; only the call has moved on.
 */
export function guardIcpResponse(
	response: unknown,
	fallback: IDataObject,
	budgetMs: number,
	onFallback: (reason: FallbackReason, detail: string) => void,
): void {
	const res = response as GuardedResponse;
	const original = {
		status: res.status.bind(res),
		json: res.json.bind(res),
		send: res.send.bind(res),
		setHeader: res.setHeader.bind(res),
		write: res.write.bind(res),
		end: res.end.bind(res),
	};
	let statusCode = 200;
	let settled = false;
	let delivering = false;

	const deliver = (answer: IDataObject) => {
		settled = true;
		if (res.headersSent) return;
		delivering = true;
		try {
			original.status(200);
			original.json(answer);
		} finally {
			delivering = false;
		}
	};

	const decide = (body: unknown) => {
		if (statusCode < 200 || statusCode >= 300) {
			onFallback('error', `the workflow answered ${statusCode}`);
			deliver(fallback);
			return;
		}
		const parsed = parseIcpAnswer(body);
		if (parsed.ok) {
			deliver(parsed.answer);
		} else {
			onFallback('invalid', parsed.reason);
			deliver(fallback);
		}
	};

	res.status = (code: number) => {
		if (delivering) return original.status(code);
		statusCode = code;
		return res;
	};
	res.setHeader = (name: string, value: unknown) => {
		if (delivering) return original.setHeader(name, value);
		// headers n8n adds for its own answer (content type, CSP) are dropped: the guard writes its own
		return res;
	};
	res.json = (body?: unknown) => {
		if (delivering) return original.json(body);
		if (!settled) decide(body);
		return res;
	};
	res.send = (body?: unknown) => {
		if (delivering) return original.send(body);
		if (!settled) decide(Buffer.isBuffer(body) ? body.toString('utf8') : body);
		return res;
	};
	res.write = (...args: unknown[]) => {
		if (delivering) return original.write(...args);
		return true;
	};
	res.end = (...args: unknown[]) => {
		if (delivering) return original.end(...args);
		const chunk = args[0];
		if (!settled)
			decide(
				Buffer.isBuffer(chunk)
					? chunk.toString('utf8')
					: typeof chunk === 'string'
						? chunk
						: undefined,
			);
		return res;
	};

	void sleep(budgetMs).then(() => {
		if (settled) return;
		onFallback('timeout', `no answer within ${budgetMs} ms`);
		deliver(fallback);
	});
}
