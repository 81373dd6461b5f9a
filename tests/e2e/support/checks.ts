/** What every e2e suite shares: the result list, `check`, `assert`, and polling (from tooling/n8n/wait.ts). */
export const results: Array<{ name: string; ok: boolean; detail?: string; ms?: number }> = [];

/** the end of the last check: a check's time includes the setup run before it, so the times add up to the run */
let lastEnd = Date.now();

export function log(line: string): void {
	process.stdout.write(`${line}\n`);
}

export async function check(name: string, body: () => Promise<void>): Promise<void> {
	try {
		await body();
		results.push({ name, ok: true, ms: Date.now() - lastEnd });
		log(`  ok    ${name}`);
	} catch (error) {
		results.push({ name, ok: false, detail: (error as Error).message, ms: Date.now() - lastEnd });
		log(`  FAIL  ${name}: ${(error as Error).message}`);
	}
	lastEnd = Date.now();
}

/**
 * Where a run's time went: the slowest checks (each with the setup before it) and their share, so whoever keeps
 * CI under its budget knows what to look at.
 */
export function timeSummary(most = 8): string[] {
	const total = results.reduce((sum, r) => sum + (r.ms ?? 0), 0);
	const slowest = [...results].sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0)).slice(0, most);
	return [
		`time: ${Math.round(total / 1000)} s in ${results.length} checks; the slowest, with the setup before each:`,
		...slowest.map((r) => `  ${String(Math.round((r.ms ?? 0) / 1000)).padStart(5)} s  ${r.name}`),
	];
}

export function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

// polling is product tooling (npm start and the bench wait the same way); the suites take it from here too
export { sleep, waitFor } from '../../../tooling/n8n/wait';
