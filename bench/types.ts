/** One benchmark: `npm run bench [name…]` runs it and writes bench/results/<name>.json. */
export interface Benchmark {
	name: string;
	description: string;
	run(): Promise<BenchmarkResult>;
}

export interface BenchmarkResult {
	/** the figures printed in the summary table, in order */
	summary: Record<string, string | number>;
	/** everything else written to the JSON file */
	details?: Record<string, unknown>;
	/** false when the benchmark missed its own target (the run still writes the result) */
	ok?: boolean;
}

/** Peak resident memory while `task` runs: the process maximum and a sampled peak inside the run. */
export async function measure<T>(
	task: () => Promise<T>,
): Promise<{ value: T; wallMs: number; peakRssBytes: number }> {
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 25);
	const started = process.hrtime.bigint();
	try {
		const value = await task();
		const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
		peak = Math.max(peak, process.memoryUsage().rss);
		return { value, wallMs, peakRssBytes: peak };
	} finally {
		clearInterval(timer);
	}
}
