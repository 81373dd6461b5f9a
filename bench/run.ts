/**
 * `npm run bench [name…]`: runs the registered benchmarks (all when no name is given), writes
 * bench/results/<name>.json and prints a short table per benchmark. Add a benchmark by exporting a `Benchmark`
 * from a file here and listing it in `load()`.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Benchmark } from './types';

// n8n-core writes its instance settings under N8N_USER_FOLDER: keep them out of the home folder
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-bench-'));

/**
 * `X.node` must resolve to X.node.ts, not to the codex X.node.json beside it: Node tries extensions in
 * registration order and ts-node registers .ts after .json (jest's moduleFileExtensions do it the other way).
 */
function preferTypeScript(): void {
	const extensions = require.extensions as Record<
		string,
		NodeJS.RequireExtensions[string] | undefined
	>;
	const json = extensions['.json'];
	delete extensions['.json'];
	extensions['.json'] = json;
}

async function load(): Promise<Benchmark[]> {
	preferTypeScript();
	// imported after N8N_USER_FOLDER is set: n8n-core reads it on load
	const { comagicExport } = await import('./comagic-export');
	return [comagicExport];
}

function table(rows: Record<string, string | number>): string {
	const width = Math.max(...Object.keys(rows).map((k) => k.length));
	return Object.entries(rows)
		.map(([k, v]) => `  ${k.padEnd(width)}  ${typeof v === 'number' ? v.toLocaleString('en') : v}`)
		.join('\n');
}

async function main(): Promise<void> {
	const wanted = process.argv.slice(2);
	const all = await load();
	const selected = wanted.length ? all.filter((b) => wanted.includes(b.name)) : all;
	if (selected.length === 0)
		throw new Error(
			`no benchmark named ${wanted.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`,
		);
	const dir = join(__dirname, 'results');
	mkdirSync(dir, { recursive: true });
	let failed = false;
	for (const bench of selected) {
		console.log(`\n${bench.name}: ${bench.description}`);
		const result = await bench.run();
		const file = join(dir, `${bench.name}.json`);
		const record = {
			benchmark: bench.name,
			description: bench.description,
			ranAt: new Date().toISOString(),
			node: process.version,
			ok: result.ok ?? true,
			...result.summary,
			details: result.details ?? {},
		};
		writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
		console.log(table(result.summary));
		console.log(`  ${result.ok === false ? 'MISSED ITS TARGET' : 'ok'} → ${file}`);
		if (result.ok === false) failed = true;
	}
	if (failed) process.exitCode = 1;
}

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exitCode = 1;
});
