/**
 * Faults for one JSON-RPC method of either CoMagic API: the core's faults match a path, and every Call API method
 * (login.user, start.*, release.call) shares one, so "fail the next 3 call starts" needs the method.
 *   POST   /_control/comagic/rpc-faults {method, count, status?, delayMs?}
 *   GET    /_control/comagic/rpc-faults   the faults still armed, with their remaining count
 *   DELETE /_control/comagic/rpc-faults
 * A hit waits `delayMs` (if any), then answers HTTP `status` without doing the work (no call placed); with no status it
 * then handles the request as usual. The request itself is in the sandbox's log either way.
 */
import type { ServerResponse } from 'node:http';

import { sendJson, tryParseJson } from '../core/http';
import type { SandboxRequest } from '../core/types';

export interface RpcFault {
	id: number;
	method: string;
	/** hits left */
	count: number;
	status: number | null;
	delayMs: number;
}

const ROUTE = '/_control/comagic/rpc-faults';

export class RpcFaultBook {
	private faults: RpcFault[] = [];
	private nextId = 1;

	add(input: Record<string, unknown>): RpcFault {
		const { method, count, status, delayMs } = input;
		if (typeof method !== 'string' || method === '')
			throw new Error('method must be a JSON-RPC method, e.g. "start.simple_call"');
		if (!Number.isInteger(count) || (count as number) < 1)
			throw new Error('count must be a whole number of requests, 1 or more');
		if (status !== undefined && (!Number.isInteger(status) || (status as number) < 400))
			throw new Error('status must be an HTTP error status (400 or more)');
		if (delayMs !== undefined && (typeof delayMs !== 'number' || delayMs < 0))
			throw new Error('delayMs must be milliseconds, 0 or more');
		if (status === undefined && delayMs === undefined)
			throw new Error('give status, delayMs or both');
		const fault: RpcFault = {
			id: this.nextId++,
			method,
			count: count as number,
			status: (status as number | undefined) ?? null,
			delayMs: (delayMs as number | undefined) ?? 0,
		};
		this.faults.push(fault);
		return fault;
	}

	/** The first armed fault for this method, one hit consumed; undefined when none. */
	take(method: string): RpcFault | undefined {
		const fault = this.faults.find((f) => f.method === method);
		if (!fault) return undefined;
		fault.count -= 1;
		if (fault.count === 0) this.faults = this.faults.filter((f) => f !== fault);
		return { ...fault };
	}

	list(): RpcFault[] {
		return this.faults.map((f) => ({ ...f }));
	}

	clear(): void {
		this.faults = [];
	}

	/** Applies a fault to an API request: true when it answered the request itself. */
	async apply(req: SandboxRequest, res: ServerResponse): Promise<boolean> {
		const method = (tryParseJson(req.bodyText) as { method?: unknown } | undefined)?.method;
		const fault = typeof method === 'string' ? this.take(method) : undefined;
		if (!fault) return false;
		if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
		if (fault.status === null) return false;
		res.writeHead(fault.status, { 'Content-Type': 'text/plain' });
		res.end('Service Unavailable');
		return true;
	}

	/** The control route; false for any other path. */
	control(req: SandboxRequest, res: ServerResponse): boolean {
		if (req.path.replace(/\/$/, '') !== ROUTE) return false;
		if (req.method === 'GET') sendJson(res, 200, { faults: this.list() });
		else if (req.method === 'DELETE') {
			this.clear();
			sendJson(res, 200, { ok: true });
		} else if (req.method === 'POST') {
			try {
				const body = tryParseJson(req.bodyText);
				sendJson(res, 200, this.add((body ?? {}) as Record<string, unknown>));
			} catch (error) {
				sendJson(res, 400, { error: (error as Error).message });
			}
		} else sendJson(res, 405, { error: `${req.method} ${ROUTE}: use GET, POST or DELETE` });
		return true;
	}
}
