import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/** One inbound request as every simulator sees it: the raw body is kept because the APIs differ in parsing. */
export interface SandboxRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	bodyText: string;
	remoteAddress: string;
}

/** A simulator plugged into the one sandbox process. */
export interface SandboxModule {
	name: string;
	/** Answers the request and returns true, or returns false to let the next module try. */
	handle(req: SandboxRequest, res: ServerResponse, ctx: SandboxContext): Promise<boolean> | boolean;
	/** Back to the freshly seeded state. */
	reset(ctx: SandboxContext): void;
	/** Stops timers (scheduled calls, callbacks). */
	stop?(): void;
	/** Lines `npm run sandbox` prints: the module's URLs and a one-line curl example for each API. */
	describe?(baseUrl: string): string[];
}

export interface LogEntry {
	seq: number;
	at: string;
	direction: 'in' | 'out';
	module: string;
	method: string;
	url: string;
	status?: number;
	headers?: Record<string, string>;
	body?: string;
	/** for JSON-RPC: the method called; for callbacks: the kind of callback */
	rpcMethod?: string;
	error?: string;
}

/** One attempt to ring a phone number, from either simulator: tests assert patient safety on these. */
export interface PhoneAttempt {
	source: 'comagic' | 'voicebox';
	at: string;
	/** local time of the attempt in the zone that governs its window, when one applies */
	localTime?: string;
	outsideWindow: boolean;
	ref: string;
}

export interface SandboxContext {
	/** Base URL of the running sandbox, e.g. http://127.0.0.1:41234 */
	baseUrl: string;
	seed: number;
	/** Controllable clock: real time plus an offset set through /_control/clock. */
	now(): number;
	log(entry: Omit<LogEntry, 'seq' | 'at'>): void;
	recordPhoneAttempt(phone: string, attempt: Omit<PhoneAttempt, 'at'> & { at?: string }): void;
	/** Outbound HTTP (notifications, status callbacks), logged as direction "out". */
	send(request: OutboundRequest): Promise<OutboundResult>;
	/** Timers that reset/stop clear. */
	schedule(delayMs: number, task: () => void | Promise<void>): void;
}

export interface OutboundRequest {
	module: string;
	kind: string;
	method: string;
	url: string;
	headers?: Record<string, string>;
	body?: string;
}

/** How long the sandbox waits for the answer to a request of its own (a status callback, a notification). */
export const OUTBOUND_TIMEOUT_MS = 10_000;
/** OutboundResult.error when that wait ran out: the receiver may still have handled the request. */
export const OUTBOUND_TIMEOUT = 'timeout';

export interface OutboundResult {
	status?: number;
	body?: string;
	error?: string;
}
