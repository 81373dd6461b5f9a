/** What every e2e check file shares: the result list, `check`, `assert` and polling. */
export const results: Array<{ name: string; ok: boolean; detail?: string }> = [];

export function log(line: string): void {
	process.stdout.write(`${line}\n`);
}

export async function check(name: string, body: () => Promise<void>): Promise<void> {
	try {
		await body();
		results.push({ name, ok: true });
		log(`  ok    ${name}`);
	} catch (error) {
		results.push({ name, ok: false, detail: (error as Error).message });
		log(`  FAIL  ${name}: ${(error as Error).message}`);
	}
}

export function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	ms = 20000,
): Promise<T> {
	const until = Date.now() + ms;
	for (;;) {
		const value = await probe().catch(() => undefined);
		if (value !== undefined) return value;
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await sleep(250);
	}
}
