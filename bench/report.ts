/**
 * Reminder report page: the shipped report template (workflows/reminder-report.json) in a real n8n, imported and
 * bound the way tests/e2e/report.ts does it, over a ledger Data Table holding `--rows` rows (default 10,000) spread
 * over the `--days` days of the default period (default 7). Measures what the clinic manager waits for: the time
 * from the GET to the last byte of the HTML page (as opened, and recounted from every row with ?fresh=1) and of the
 * CSV, `--runs` times each after one warm-up request, with n8n's Basic Auth on. Target: the page well under a
 * second (median < 1,000 ms).
 *
 * Also runnable alone for a quick look: `npx ts-node --transpile-only bench/report.ts [--version 1.123.81]`.
 */
import { cpus, loadavg } from 'node:os';

import axios from 'axios';
import { DateTime } from 'luxon';

import { flag } from '../tooling/n8n/args';
import { DEFAULT_N8N } from '../tooling/n8n/versions';
import { backdateRows } from '../tooling/n8n/sqlite';
import { bootN8n, createApiKey, ownerCookie, type N8n } from '../tooling/n8n/n8n';
import { installReport } from '../tooling/n8n/report';
import { waitFor } from '../tooling/n8n/wait';
import { LEDGER_COLUMNS, LEDGER_TABLE_NAME } from '../templates/names';
import type { Benchmark, BenchOptions } from './types';

const TARGET_MS = 1000;
/** the clinic's zone: the days the rows are moved to, and the report's (tooling/n8n/report.ts binds the same) */
export const ZONE = 'Europe/Moscow';
/** per 20 visits, what the ledger says (the mix of the reminder benchmark plus the rows that never dial) */
const MIX: Array<{ status: string; outcome: string | null; attempts: number }> = [
	...Array.from({ length: 11 }, () => ({ status: 'done', outcome: 'confirmed', attempts: 1 })),
	{ status: 'done', outcome: 'confirmed', attempts: 2 },
	{ status: 'done', outcome: 'confirmed', attempts: 3 },
	{ status: 'done', outcome: 'cancelled', attempts: 1 },
	{ status: 'done', outcome: 'cancelled', attempts: 1 },
	{ status: 'done', outcome: 'operator', attempts: 1 },
	{ status: 'done', outcome: 'unreached', attempts: 3 },
	{ status: 'done', outcome: 'skipped', attempts: 0 },
	{ status: 'due', outcome: null, attempts: 1 },
	{ status: 'calling', outcome: null, attempts: 2 },
];

/** A visit still in progress on a past day has long finished: the reminder gave up on it. */
const FINISHED = { status: 'done', outcome: 'unreached', attempts: 3 };

/**
 * Ledger rows as the reminder writes them, spread over the last `days` days (row i imported `i % days` days ago,
 * for a visit the day after); the past days' visits are all done. A few carry markup and CSV-breaking text, as
 * real data can. `from` continues a history: the first row's number (visit ids stay unique) and the newest day.
 */
export function ledgerRows(
	count: number,
	days: number,
	zone = ZONE,
	from = { index: 0, daysAgo: 0 },
): Array<Record<string, unknown> & { daysAgo: number }> {
	return Array.from({ length: count }, (_, k) => {
		const i = from.index + k;
		const daysAgo = from.daysAgo + (k % days);
		const mixed = MIX[Math.floor(k / days) % MIX.length];
		const m = daysAgo > 0 && mixed.status !== 'done' ? FINISHED : mixed;
		const id = `B-${String(i).padStart(6, '0')}`;
		const start = DateTime.now()
			.setZone(zone)
			.plus({ days: 1 - daysAgo })
			.set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
		return {
			daysAgo,
			visitId: i % 500 === 7 ? `${id}<script>alert(1)</script>` : id,
			visitStart: start.plus({ minutes: 15 * (i % 40) }).toISO(),
			timeZone: zone,
			phone: `79${String(100000000 + i).slice(-9)}`,
			status: m.status,
			attempts: m.attempts,
			answered: ['confirmed', 'cancelled', 'operator'].includes(m.outcome ?? ''),
			outcome: m.outcome,
			callGuid: `${id}-${m.attempts}`,
			callId: m.attempts ? String(900000 + i) : null,
			callIds: m.attempts ? `|${m.attempts}:${900000 + i}|` : '|',
			lastCode: m.outcome === 'unreached' ? 5 : null,
			reason:
				i % 97 === 3
					? 'clinic said: "call back; later"\nsecond line'
					: `answered on attempt ${m.attempts}`,
			resultState: m.status === 'done' ? 'written' : null,
		};
	});
}

/**
 * A ledger table with `count` rows over the last `days` days, through the REST route both n8n lines have (the
 * public one is 2.x only); the rows of past days are then moved to the day they stand for.
 */
export async function seededLedger(
	n8n: N8n,
	cookie: string,
	count: number,
	days: number,
): Promise<string> {
	const rest = ownerRest(n8n, cookie);
	const projectId = (await rest('GET', '/projects/personal')).id as string;
	const columns = Object.entries(LEDGER_COLUMNS).map(([name, type]) => ({ name, type }));
	const tableId = (
		await rest('POST', `/projects/${projectId}/data-tables`, { name: LEDGER_TABLE_NAME, columns })
	).id as string;
	await insertLedger(n8n, cookie, projectId, tableId, ledgerRows(count, days));
	return tableId;
}

/** n8n's internal REST API with the owner's session: the answer's `data`, or an error naming the request. */
function ownerRest(n8n: N8n, cookie: string) {
	return async (method: string, path: string, data?: unknown) => {
		const res = await n8n.http.request({
			method,
			url: `/rest${path}`,
			data,
			headers: { cookie },
			timeout: 120_000,
		});
		if (res.status >= 300)
			throw new Error(
				`${method} /rest${path}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`,
			);
		return res.data.data;
	};
}

/**
 * Inserts rows of `ledgerRows` into a ledger table through the REST insert, `batch` rows a request, then moves
 * those of past days to an hour into their day (clinic's zone; today's stay now): inside a period either way.
 */
export async function insertLedger(
	n8n: N8n,
	cookie: string,
	projectId: string,
	tableId: string,
	rows: Array<Record<string, unknown> & { daysAgo: number }>,
	batch = 1000,
): Promise<void> {
	const rest = ownerRest(n8n, cookie);
	for (let i = 0; i < rows.length; i += batch) {
		await rest('POST', `/projects/${projectId}/data-tables/${tableId}/insert`, {
			data: rows.slice(i, i + batch).map(({ daysAgo: _, ...row }) => row),
			returnType: 'count',
		});
	}
	const moves = rows
		.filter((r) => r.daysAgo > 0)
		.map((r) => ({
			visitId: String(r.visitId),
			createdAt: DateTime.now()
				.setZone(ZONE)
				.minus({ days: r.daysAgo })
				.startOf('day')
				.plus({ hours: 1 })
				.toJSDate(),
		}));
	const moved = backdateRows(n8n, tableId, moves);
	if (moved !== moves.length)
		throw new Error(`moved ${moved} rows into the past, not ${moves.length}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export const reminderReport: Benchmark = {
	name: 'reminder-report',
	description:
		'Reminder report page (HTML and CSV) over a ledger Data Table of 10,000 rows in a 7-day period, real n8n',
	async run(options: BenchOptions) {
		const count = Number(options.flags.rows ?? (options.quick ? 2000 : 10000));
		const runs = Math.max(1, options.runs);
		const days = Number(options.flags.days ?? 7);
		if (!(count > 0)) throw new Error('--rows takes a positive number, e.g. --rows 10000');
		if (!(days >= 1 && days <= 7)) throw new Error('--days takes 1 to 7 (the default period)');
		let n8n: N8n | undefined;
		try {
			n8n = await bootN8n({ version: options.version });
			// /rest/settings can answer 200 "n8n is starting up" before the REST routes exist: retry the owner setup
			const cookie = await waitFor('the owner session', () => ownerCookie(n8n!.http), 90_000);
			const apiKey = await createApiKey(n8n.http, cookie);
			const seedStarted = Date.now();
			const tableId = await seededLedger(n8n, cookie, count, days);
			const seedMs = Date.now() - seedStarted;
			const report = await installReport(n8n, apiKey, tableId);
			const timed = async (query: string) => {
				const started = process.hrtime.bigint();
				const res = await axios.get(`${report.url}${query}`, {
					auth: report.auth,
					responseType: 'text',
					validateStatus: () => true,
					timeout: 120_000,
				});
				const ms = Number(process.hrtime.bigint() - started) / 1e6;
				if (res.status !== 200)
					throw new Error(
						`GET ${query || '(default period)'}: HTTP ${res.status} ${String(res.data).slice(0, 300)}`,
					);
				return { ms, bytes: Buffer.byteLength(String(res.data)), body: String(res.data) };
			};
			const measureMany = async (query: string) => {
				const warm = await timed(query);
				const ms: number[] = [];
				for (let i = 0; i < runs; i++) ms.push((await timed(query)).ms);
				return { ms, bytes: warm.bytes, body: warm.body };
			};
			// the same workflow over a period with no rows: what n8n itself costs per request on this machine now
			const floor = await measureMany('?from=2020-01-01&to=2020-01-07');
			// every row read and counted (what the first page after an install costs), then the page as the manager
			// opens it: the finished days counted by that first page, today's rows read
			const cold = await measureMany('?fresh=1');
			const html = await measureMany('');
			for (const [what, page, keptDays] of [
				['the recounted page', cold, 0],
				['the page', html, days - 1],
			] as const) {
				const shown = /data-metric="visits">([\d\s\u00a0]+)</
					.exec(page.body)?.[1]
					.replace(/\D/g, '');
				if (Number(shown) !== count)
					throw new Error(`${what} counts ${shown} visits, the ledger has ${count}`);
				const kept = /data-kept-days="(\d+)"/.exec(page.body)?.[1];
				if (Number(kept) !== keptDays)
					throw new Error(`${what} took ${kept} days from its kept totals, not ${keptDays}`);
				if (page.body.includes('<script>alert'))
					throw new Error(`a value from the table reached ${what} unescaped`);
			}
			if (
				cold.body.replace(/<p class="sub" id="kept"[^]*?<\/p>|Сформировано [^.]*\./g, '') !==
				html.body.replace(/<p class="sub" id="kept"[^]*?<\/p>|Сформировано [^.]*\./g, '')
			)
				throw new Error('the page from kept totals differs from the page counted from every row');
			const csv = await measureMany('?format=csv');
			const csvRows = csv.body.trim().split(/\r\n/).length - 1;
			if (csvRows !== count) throw new Error(`the CSV has ${csvRows} rows, the ledger ${count}`);
			const figure = (ms: number[]) =>
				`${Math.round(median(ms))} (${Math.round(Math.min(...ms))}–${Math.round(Math.max(...ms))})`;
			const today = Math.ceil(count / days);
			const rows = [
				{
					figure: 'ledger rows in the period',
					value: `${count.toLocaleString('en')} over ${days} days`,
				},
				{
					figure: `HTML page ms (${days - 1} finished days kept, today's ${today.toLocaleString('en')} rows read), median (min–max of ${runs})`,
					value: figure(html.ms),
				},
				{
					figure: `HTML page ms, recounted from every row (?fresh=1: the first page after an install), median (min–max of ${runs})`,
					value: figure(cold.ms),
				},
				{
					figure: `same page, a period with no rows ms, median (min–max of ${runs})`,
					value: figure(floor.ms),
				},
				{ figure: 'HTML page KB', value: Math.round(html.bytes / 1024) },
				{ figure: `CSV ms (every row), median (min–max of ${runs})`, value: figure(csv.ms) },
				{ figure: 'CSV KB', value: Math.round(csv.bytes / 1024) },
				{
					figure: `target: page median < ${TARGET_MS} ms`,
					value: median(html.ms) < TARGET_MS ? 'met' : 'MISSED',
				},
			];
			return {
				n8nVersion: options.version,
				ok: median(html.ms) < TARGET_MS,
				rows,
				notes: [
					`Load average ${loadavg()
						.map((l) => l.toFixed(1))
						.join(
							' / ',
						)} on ${cpus().length} cores when the run ended: the figures scale with it. Time from the GET (with Basic Auth) to the last byte, measured by the client on the same machine, after one warm-up request; ${count.toLocaleString('en')} rows seeded through n8n's REST insert and moved to their days in ${Math.round(seedMs / 1000)} s (rows of past days all done, as the reminder leaves them). The page reads the ledger (Data Table node, 1,000 rows a page) from the first day whose totals it has not kept in static data, counts in a Code node and answers through Respond to Webhook; successful executions are not saved. The recounted page and the page from kept totals are checked to be the same page.`,
				],
				details: {
					count,
					floorMs: floor.ms,
					runs,
					htmlMs: html.ms,
					recountedMs: cold.ms,
					days,
					csvMs: csv.ms,
					htmlBytes: html.bytes,
					csvBytes: csv.bytes,
					seedMs,
				},
			};
		} finally {
			await n8n?.dispose();
		}
	},
};

if (require.main === module) {
	reminderReport
		.run({
			quick: false,
			version: flag('version', DEFAULT_N8N),
			runs: Number(flag('runs', '5')),
			flags: { rows: flag('rows', '10000'), days: flag('days', '7') },
			workDir: '',
		})
		.then((r) => console.log(JSON.stringify({ ok: r.ok, rows: r.rows }, null, 2)))
		.catch((error: Error) => {
			console.error(error.stack ?? error.message);
			process.exitCode = 1;
		});
}
