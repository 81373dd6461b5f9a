/** Polling: what every script that drives a real n8n (npm start, the e2e suites, the bench) waits with. */

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
