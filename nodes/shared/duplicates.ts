import type { IDataObject } from 'n8n-workflow';

/**
 * Best-effort duplicate suppression for webhooks: remembers keys in the workflow's static data for a time window.
 * Static data belongs to one workflow on one main process, so in queue mode two workers can both let a repeat
 * through; an exact guard needs a shared store (a Data Table keyed by the same key).
 */
const MAX_KEYS = 5000;

export function seenRecently(
	staticData: IDataObject,
	key: string,
	windowSeconds: number,
	nowMs: number,
): boolean {
	const bucket = ((staticData.recentKeys as IDataObject | undefined) ?? {}) as Record<string, number>;
	const horizon = nowMs - windowSeconds * 1000;
	// Keys are kept in arrival order (string keys keep insertion order), so expired ones are at the front.
	for (const k in bucket) {
		if (bucket[k] >= horizon) break;
		delete bucket[k];
	}
	// the prefix stops integer-like keys from being reordered ahead of the others
	const slot = `k:${key}`;
	const duplicate = bucket[slot] !== undefined;
	if (!duplicate) {
		bucket[slot] = nowMs;
		let excess = Object.keys(bucket).length - MAX_KEYS;
		for (const k in bucket) {
			if (excess-- <= 0) break;
			delete bucket[k];
		}
	}
	staticData.recentKeys = bucket;
	return duplicate;
}
