import { createHash } from 'node:crypto';

/** Small deterministic PRNG (mulberry32): same seed, same data on every machine. */
export function createRng(seed: number): () => number {
	let a = seed >>> 0 || 0x9e3779b9;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function pick<T>(rng: () => number, list: readonly T[]): T {
	return list[Math.floor(rng() * list.length)];
}

export function randInt(rng: () => number, min: number, max: number): number {
	return min + Math.floor(rng() * (max - min + 1));
}

/** 32-hex ids like the real record hashes (§6) and session tokens, derived so a seed reproduces them. */
export function hex32(...parts: Array<string | number>): string {
	return createHash('md5').update(parts.join(':')).digest('hex');
}
