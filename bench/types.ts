/** n8n's first start on a machine shared with other workers can take minutes (its database ping times out). */
export const START_TIMEOUT_MS = 300_000;

/** One benchmark: `npm run bench [name…]` runs it and writes bench/results/<name>.json. */
export interface Benchmark {
	name: string;
	description: string;
	run(options: BenchOptions): Promise<BenchmarkResult>;
}

/** What `npm run bench` was asked for; every benchmark gets the same. */
export interface BenchOptions {
	/** `--quick`: small sizes and 1–2 runs, a smoke run of a few minutes */
	quick: boolean;
	/** `--version X`: the n8n a benchmark boots (default 2.41.1) */
	version: string;
	/** `--runs N`: repetitions of each measurement (default 5, 2 with --quick) */
	runs: number;
	/** every `--name value` flag, for a benchmark's own sizes (`--visits 200`) */
	flags: Record<string, string>;
	/** a folder for this benchmark's raw material (profiles, logs), kept after the run */
	workDir: string;
}

export interface BenchmarkResult {
	/** the table printed and written to the README: one row per case, the same columns in each */
	rows?: Array<Record<string, string | number>>;
	/** a one-row table (the older form; still accepted) */
	summary?: Record<string, string | number>;
	/** the n8n version measured, when the benchmark boots one */
	n8nVersion?: string;
	/** everything else written to the JSON file */
	details?: Record<string, unknown>;
	/** how many runs were made, when the benchmark does not repeat `--runs` times (e.g. one long run) */
	runs?: number;
	/** false when the benchmark missed its own target (the run still writes the result) */
	ok?: boolean;
	/** sentences printed under the table: what a figure means, what was not measured */
	notes?: string[];
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

/** `--n8n-env KEY=value,KEY=value`: n8n settings to run a bench with (e.g. N8N_EXPRESSION_ENGINE=legacy). */
export function n8nEnvFlag(options: BenchOptions): Record<string, string> {
	return Object.fromEntries(
		(options.flags['n8n-env'] ?? '')
			.split(',')
			.filter(Boolean)
			.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
	);
}
