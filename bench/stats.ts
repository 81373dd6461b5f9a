/** Figures over repeated runs: every benchmark reports the median with the min and max beside it. */
export interface Spread {
	median: number;
	min: number;
	max: number;
	runs: number;
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	// nearest rank: the smallest value with at least p% of the values at or below it
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function spread(values: number[]): Spread {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	return { median, min: sorted[0], max: sorted.at(-1) as number, runs: sorted.length };
}

/** `1.23 (1.10–1.41)`: the median with the range, to `digits` decimals. */
export function show(s: Spread, digits = 2): string {
	if (s.runs === 0) return '–';
	const f = (v: number) =>
		v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
	return s.runs > 1 ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : f(s.median);
}

export const MB = 1024 * 1024;
