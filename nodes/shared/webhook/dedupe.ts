import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/**
 * Duplicate suppression for both triggers' Duplicate Window.
 *
 * Keys live in this n8n process's memory, one list per workflow and trigger node. Looking a key up and recording it
 * is one synchronous step, so two copies of a notification that arrive together are told apart exactly like copies
 * minutes apart: JavaScript runs one request's check to the end before the next one's starts.
 *
 * Why not the workflow's static data: n8n loads it from the database for each request and saves it when the
 * request is answered, so copies that overlap all read the same old keys (n8n 1.123: 27 executions for 32 callbacks
 * of 16 pairs sent 30 ms apart), and n8n 2.41 was seen never to keep a key after the first one saved (three copies
 * 3 s apart, three executions).
 *
 * What holds: on one n8n process (a single instance, or the one process that receives a trigger's webhooks) a
 * repeat within the window starts nothing. What does not: keys are not shared between processes (queue mode with
 * several webhook processes) and do not survive a restart. Patient safety must not rest on this window; the
 * reminder templates claim each call in a Data Table.
 */
const MAX_KEYS_PER_TRIGGER = 5000;

const seen = new Map<string, Map<string, number>>();

/**
 * True when `key` was recorded for this trigger within the last `windowSeconds`; otherwise records it and returns
 * false. `scope` names the trigger (workflow id + node id).
 */
export function seenRecently(
	scope: string,
	key: string,
	windowSeconds: number,
	nowMs: number,
): boolean {
	let keys = seen.get(scope);
	if (keys === undefined) {
		keys = new Map();
		seen.set(scope, keys);
	}
	const horizon = nowMs - windowSeconds * 1000;
	// a Map keeps insertion order, so expired keys are at the front
	for (const [k, at] of keys) {
		if (at >= horizon) break;
		keys.delete(k);
	}
	if (keys.has(key)) return true;
	keys.set(key, nowMs);
	if (keys.size > MAX_KEYS_PER_TRIGGER) keys.delete(keys.keys().next().value as string);
	return false;
}

/** The answer to a repeat: acknowledged (so the sender does not send it again), no execution. */
export const REPEAT_SKIPPED: IWebhookResponseData = {
	webhookResponse: { ok: true, skipped: 'duplicate' },
};

/**
 * True when this trigger node saw `key` within the last `windowSeconds` (0 = suppression off; no key = never a
 * repeat); otherwise records it.
 */
export function isRepeat(
	ctx: IWebhookFunctions,
	key: string | undefined,
	windowSeconds: number,
): boolean {
	if (!(windowSeconds > 0) || key === undefined) return false;
	const scope = triggerScope(ctx.getWorkflow().id, ctx.getNode().id);
	return seenRecently(scope, key, windowSeconds, Date.now());
}

/** The scope of one trigger node in one workflow. */
export function triggerScope(workflowId: string | undefined, nodeId: string): string {
	return `${workflowId ?? ''}\u0000${nodeId}`;
}

function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value as object)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * A short key for a whole body, the same whatever the field order: two FNV-1a hashes with different seeds and the
 * length (about 2^-64 chance that two different bodies share it), so a stored key stays small.
 */
export function bodyKey(fields: unknown): string {
	const text = canonical(fields);
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x5bd1e995;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193) >>> 0;
		b = Math.imul(b ^ c, 0x01000193) >>> 0;
	}
	return `${a.toString(36)}.${b.toString(36)}.${text.length.toString(36)}`;
}
