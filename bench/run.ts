/**
 * `npm run bench [-- name… --quick --version 2.41.1 --runs 5 --<flag> <value>]`: runs the registered benchmarks
 * (all when no name is given), prints a table per benchmark, writes bench/results/<name>.json and rewrites
 * bench/README.md from every result on disk, with the command that produced each table.
 *
 * Add a benchmark: export a `Benchmark` (bench/types.ts) from a file in bench/ and add the file to BENCHMARKS.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import { parseArgs } from '../tooling/n8n/args';
import { DEFAULT_N8N } from '../tooling/n8n/versions';
import type { Benchmark, BenchmarkResult, BenchOptions } from './types';

/** The registry: one line per benchmark file; every `Benchmark` the file exports is run, in this order. */
const BENCHMARKS: Array<() => Promise<Record<string, unknown>>> = [
	() => import('./trigger-overhead'),
	() => import('./reminder-throughput'),
	() => import('./reminder-costs'),
	() => import('./expression-cost'),
	() => import('./report'),
	() => import('./comagic-export'),
	() => import('./package-cost'),
];

const RESULTS = join(__dirname, 'results');
const README = join(__dirname, 'README.md');

const isBenchmark = (value: unknown): value is Benchmark =>
	typeof value === 'object' &&
	value !== null &&
	typeof (value as Benchmark).name === 'string' &&
	typeof (value as Benchmark).run === 'function';

async function load(): Promise<Benchmark[]> {
	const modules = await Promise.all(BENCHMARKS.map((m) => m()));
	return modules.flatMap((m) => Object.values(m).filter(isBenchmark));
}

export function machine(): Record<string, string | number> {
	const cpu = cpus();
	return {
		cpu: `${cpu.length} × ${cpu[0]?.model ?? 'unknown'}`,
		memoryGB: +(totalmem() / 1024 ** 3).toFixed(1),
		loadAverage1m: +loadavg()[0].toFixed(2),
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
	};
}

type Row = Record<string, string | number>;

export function table(rows: Row[]): string {
	if (rows.length === 0) return '(no rows)';
	const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
	const cell = (v: string | number | undefined) =>
		v === undefined ? '' : typeof v === 'number' ? v.toLocaleString('en') : v;
	const lines = [
		`| ${columns.join(' | ')} |`,
		`|${columns.map((c) => (rows.every((r) => typeof r[c] === 'number') ? ' ---: ' : ' --- ')).join('|')}|`,
		...rows.map((r) => `| ${columns.map((c) => cell(r[c])).join(' | ')} |`),
	];
	return lines.join('\n');
}

/** What bench/results/*.json holds; tests/e2e/soak.ts writes the same shape. */
export interface BenchRecord {
	benchmark: string;
	description: string;
	command: string;
	ranAt: string;
	machine: Record<string, string | number>;
	n8nVersion: string | null;
	quick: boolean;
	runs: number;
	ok: boolean;
	rows: Row[];
	/** more tables under the first one, each with a heading (the soak's tick cost and execution data) */
	tables?: Array<{ title: string; rows: Row[] }>;
	notes: string[];
	details: Record<string, unknown>;
}

function rowsOf(result: BenchmarkResult): Row[] {
	return result.rows ?? (result.summary ? [result.summary] : []);
}

/** Writes bench/README.md from every result file on disk. */
export function writeReadme(): void {
	const records = existsSync(RESULTS)
		? readdirSync(RESULTS)
				.filter((f) => f.endsWith('.json'))
				.map((f) => JSON.parse(readFileSync(join(RESULTS, f), 'utf8')) as Partial<BenchRecord>)
				.filter((r) => Array.isArray(r.rows))
		: [];
	const sections = records.map((r) =>
		[
			`## ${r.benchmark}${r.n8nVersion && r.n8nVersion !== DEFAULT_N8N ? ` on n8n ${r.n8nVersion}` : ''}`,
			'',
			`${r.description}`,
			'',
			`\`${r.command}\` — ${r.ranAt}, n8n ${r.n8nVersion ?? '–'}, ${r.runs} run(s)${r.quick ? ' (quick: small sizes)' : ''}, ${r.machine?.cpu}, load ${r.machine?.loadAverage1m}; ${r.ok ? 'met its goal' : '**missed its goal**'}`,
			'',
			table(r.rows as Row[]),
			'',
			...(r.tables ?? []).flatMap((t) => [`**${t.title}**`, '', table(t.rows), '']),
			...(r.notes ?? []).map((n) => `- ${n}`),
			'',
		].join('\n'),
	);
	const text = [
		'# Benchmarks',
		'',
		'Speed and memory of this package inside a real n8n, never asserted in tests. Each figure is the median of the',
		'runs with the min–max beside it, and where the machine is shared a ratio against a reference measured in the same',
		'run. `npm run bench` runs everything at full size; `npm run bench -- --quick` is a smoke run (small sizes, 2 runs);',
		`\`npm run bench -- <name>\` runs one. The raw figures are in \`bench/results/<name>.json\` (\`<name>@<version>.json\` for an n8n other than ${DEFAULT_N8N}). This file is written by`,
		'`bench/run.ts` from those files: do not edit it by hand. `npm run soak -- --version X` (tests/e2e/soak.ts, not part of',
		'`npm run bench`: 10 to 20 minutes per n8n line, plus the clean-up) simulates a year of the reminder ledger with its retention and',
		'writes `bench/results/soak@<version>.json` and its section here.',
		'',
		...sections,
	].join('\n');
	writeFileSync(README, text);
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const { names, flags } = parseArgs(argv);
	const quick = 'quick' in flags;
	const all = await load();
	const selected = names.length ? all.filter((b) => names.includes(b.name)) : all;
	const unknown = names.filter((n) => !all.some((b) => b.name === n));
	if (unknown.length)
		throw new Error(
			`no benchmark named ${unknown.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`,
		);
	const runs = Number(flags.runs ?? (quick ? 2 : 5));
	if (!(Number.isInteger(runs) && runs >= 1))
		throw new Error(`--runs must be a whole number ≥ 1, got "${flags.runs}"`);
	mkdirSync(RESULTS, { recursive: true });
	let failed = false;
	for (const bench of selected) {
		console.log(`\n${bench.name}: ${bench.description}`);
		const workDir = join(tmpdir(), 'n8n-bench', bench.name);
		mkdirSync(workDir, { recursive: true });
		const options: BenchOptions = {
			quick,
			version: flags.version ?? DEFAULT_N8N,
			runs,
			flags,
			workDir,
		};
		const started = Date.now();
		let result: BenchmarkResult;
		try {
			result = await bench.run(options);
		} catch (error) {
			failed = true;
			console.error(`  FAILED: ${(error as Error).stack ?? String(error)}`);
			continue;
		}
		const record: BenchRecord = {
			benchmark: bench.name,
			description: bench.description,
			command: `npm run bench -- ${[bench.name, ...argv.filter((a) => !names.includes(a))].join(' ')}`,
			ranAt: new Date().toISOString(),
			machine: { ...machine(), commit: commit() },
			n8nVersion: result.n8nVersion ?? null,
			quick,
			runs: result.runs ?? runs,
			ok: result.ok ?? true,
			rows: rowsOf(result),
			notes: result.notes ?? [],
			details: {
				...(result.details ?? {}),
				benchmarkSeconds: Math.round((Date.now() - started) / 1000),
			},
		};
		// the default line keeps <name>.json; another line gets its own file, so both tables stay in the README
		const file = join(
			RESULTS,
			options.version === DEFAULT_N8N
				? `${bench.name}.json`
				: `${bench.name}@${options.version}.json`,
		);
		writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
		console.log(table(record.rows));
		for (const note of record.notes) console.log(`  ${note}`);
		console.log(`  ${record.ok ? 'ok' : 'MISSED ITS GOAL'} → ${file}`);
		if (!record.ok) failed = true;
		writeReadme();
	}
	if (failed) process.exitCode = 1;
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(error.stack ?? error.message);
		process.exitCode = 1;
	});
}

/** the git commit measured, for the record (empty outside a git checkout) */
export function commit(): string {
	try {
		return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: __dirname })
			.toString()
			.trim();
	} catch {
		return '';
	}
}
