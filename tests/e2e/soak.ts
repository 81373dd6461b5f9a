/**
 * `npm run soak -- [--version 2.41.1] [--days 365] [--visits 300] [--quick] [--batch 1000] [--runs 5]`: a year of
 * the reminder ledger in one real n8n with its default Data Table limit (issue #31). Month by month (calendar months
 * of the clinic's zone) the month's finished ledger rows go in through n8n's REST insert and are moved to their days;
 * then the report's *Clean up now* webhook runs until nothing old is left, as the nightly runs of that month would.
 * Per month: ledger rows, n8n's own Data Table usage, rows removed, seconds spent, and the report page over every
 * day so far checked against what was inserted. After the year: the e2e reminder suite against the year-old ledger,
 * the cost of a quiet *Run now* tick with that ledger and with an empty one (day 1), and what n8n's database keeps
 * of the reminder's executions. Writes bench/results/soak@<version>.json and its section of bench/README.md.
 * `--quick` is 60 days × 50 visits. SQLite only (rows are moved to their days in n8n's database file).
 *
 * The year lies in the past (a row's day is its createdAt), so n8n's clock says "today" all along: each month's
 * clean-up runs with Settings → retentionDays raised by the days from the simulated day to today, which removes what
 * the template's retentionDays removes on that day.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import axios from 'axios';
import { DateTime } from 'luxon';

import { parseArgs } from '../../tooling/n8n/args';
import { DEFAULT_N8N } from '../../tooling/n8n/versions';
import { startSandbox, type Sandbox } from '../../sandbox';
import { controlClient } from '../../sandbox/controlClient';
import { querySqlite } from '../../tooling/n8n/sqlite';
import { bootN8n, createApiKey, OWNER, ownerCookie, ROOT, type N8n } from '../../tooling/n8n/n8n';
import { runReminderChecks, type ReminderRun } from './reminders';
import { installReport, resetting, type InstalledReport } from '../../tooling/n8n/report';
import { n8nSetup } from '../../setup/n8nClient';
import { setSetting, type Workflow } from '../../setup/workflowFile';
import { results, waitFor } from './support/checks';
import {
	LEDGER_COLUMNS,
	LEDGER_TABLE_NAME,
	REMINDER_WEBHOOKS,
	REPORT_CLEANUP_WEBHOOK,
} from '../../templates/names';
import { insertLedger, ledgerRows, ZONE } from '../../bench/report';
import { commit, machine, table, writeReadme, type BenchRecord } from '../../bench/run';
import { MB, show, spread } from '../../bench/stats';
import { START_TIMEOUT_MS } from '../../bench/types';

/** n8n's default execution pruning (EXECUTIONS_DATA_MAX_AGE hours, EXECUTIONS_DATA_PRUNE_MAX_COUNT) */
const PRUNING = { maxAgeHours: 336, maxCount: 10_000 };
/** the reminder's Schedule Trigger fires every minute: that many quiet ticks a day */
const TICKS_PER_DAY = 1440;

type Row = Record<string, string | number>;
type Json = Record<string, any>;

/** What the report's *Clean up now* webhook answers (the interface agreed for issue #31's retention). */
interface Cleanup {
	removedRows: number;
	removedDays: string[];
	remainingOldDays: number;
	keptDays: number;
}

/**
 * One call of the report's *Clean up now* webhook (POST, the report's Basic Auth). A report without it (HTTP 404:
 * the retention work is not in this checkout) gives `missing`, so the rest of the soak still runs.
 */
/** the report's maxDays as shipped: its clean-up keeps days from that far back */
const MAX_DAYS = 366;

async function cleanUpNow(
	n8n: N8n,
	report: InstalledReport,
): Promise<Cleanup | { missing: string }> {
	const res = await axios.post(
		`${n8n.base}/webhook/${REPORT_CLEANUP_WEBHOOK}`,
		{},
		{ auth: report.auth, validateStatus: () => true, timeout: 600_000 },
	);
	if (res.status === 404)
		return { missing: 'the report has no Clean up now webhook (HTTP 404): nothing was removed' };
	const d = res.data as Json;
	if (res.status !== 200 || d?.ok !== true)
		throw new Error(`Clean up now: HTTP ${res.status} ${JSON.stringify(d).slice(0, 300)}`);
	return {
		removedRows: Number(d.removedRows) || 0,
		removedDays: Array.isArray(d.removedDays) ? d.removedDays.map(String) : [],
		remainingOldDays: Number(d.remainingOldDays) || 0,
		keptDays: Number(d.keptDays) || 0,
	};
}

/** A Settings field of a template as bound, or undefined when the template has no such field. */
function setting(wf: Workflow, name: string): unknown {
	const settings = wf.nodes.find((n) => n.name === 'Settings');
	return settings?.parameters.assignments.assignments.find((a: Json) => a.name === name)?.value;
}

/** The report's figures, counted the way its page counts a row (templates/reminderReport.ts, `add`). */
const TALLY_KEYS = [
	'visits',
	'reminded',
	'confirmed',
	'cancelled',
	'operator',
	'unreached',
	'skipped',
	'withdrawn',
	'inProgress',
	'calls',
	'firstAttempt',
] as const;
type Tally = Record<(typeof TALLY_KEYS)[number], number>;
const tally = (): Tally => Object.fromEntries(TALLY_KEYS.map((k) => [k, 0])) as Tally;
function count(t: Tally, r: Json): void {
	const attempts = Number(r.attempts) || 0;
	const answered = ['confirmed', 'cancelled', 'operator'].includes(r.outcome);
	t.visits++;
	if (attempts > 0) t.reminded++;
	t.calls += attempts;
	if (r.status !== 'done') t.inProgress++;
	else if (answered || ['unreached', 'skipped', 'withdrawn'].includes(r.outcome))
		t[r.outcome as keyof Tally]++;
	if (r.status === 'done' && answered && attempts === 1) t.firstAttempt++;
}

/** The figures a report page shows: its cards, the counts under them, and each day of its chart. */
function readPage(html: string): { total: Tally; days: Map<string, Partial<Tally>>; kept: number } {
	const digits = (text: string | undefined) => Number(String(text ?? '').replace(/\D/g, ''));
	const metric = (key: string) =>
		digits(new RegExp(`data-metric="${key}">(?:<b>)?([^<]*)<`).exec(html)?.[1]);
	const hint = (key: string) =>
		digits(new RegExp(`data-metric="${key}">.*?<small>([^<]*)</small>`).exec(html)?.[1]);
	const total = tally();
	for (const key of TALLY_KEYS) total[key] = metric(key);
	// callsPerVisit and firstAttempt show a ratio; the counts stand in their hints ("N попыток звонка", "N визитов")
	total.calls = hint('callsPerVisit');
	total.firstAttempt = hint('firstAttempt');
	const days = new Map<string, Partial<Tally>>();
	const day =
		/data-day="([\d-]+)" data-visits="(\d+)" data-reminded="(\d+)" data-confirmed="(\d+)" data-cancelled="(\d+)" data-operator="(\d+)" data-unreached="(\d+)" data-in-progress="(\d+)"/g;
	for (const m of html.matchAll(day)) {
		const [visits, reminded, confirmed, cancelled, operator, unreached, inProgress] = m
			.slice(2)
			.map(Number);
		days.set(m[1], { visits, reminded, confirmed, cancelled, operator, unreached, inProgress });
	}
	return { total, days, kept: digits(/data-kept-days="(\d+)"/.exec(html)?.[1]) };
}

/** The differences between what the page shows and what was inserted, as sentences (none: the page is right). */
function pageProblems(
	page: ReturnType<typeof readPage>,
	want: Tally,
	wantDays: Map<string, Tally>,
): string[] {
	const problems = TALLY_KEYS.filter((k) => page.total[k] !== want[k]).map(
		(k) => `${k}: page ${page.total[k]}, inserted ${want[k]}`,
	);
	for (const [d, t] of wantDays) {
		const shown = page.days.get(d);
		const wrong = Object.keys(shown ?? { visits: 0 }).filter(
			(k) => shown?.[k as keyof Tally] !== t[k as keyof Tally],
		);
		if (!shown || wrong.length)
			problems.push(
				`day ${d}: ${shown ? wrong.map((k) => `${k} ${shown[k as keyof Tally]}≠${t[k as keyof Tally]}`).join(', ') : 'not shown'}`,
			);
	}
	return problems;
}

/** Bytes n8n's SQLite database holds per execution (execution_data's text columns), from one id on. */
function executionBytes(
	n8n: N8n,
	afterId: number,
): Array<{
	id: number;
	workflowId: string;
	mode: string;
	bytes: number;
	workflowBytes: number;
	runNow: boolean;
}> {
	const columns = querySqlite(n8n, 'SELECT name FROM pragma_table_info(?)', ['execution_data'])
		.map(([name]) => String(name))
		.filter((name) => name !== 'executionId');
	const size = columns.map((c) => `COALESCE(length(CAST(d."${c}" AS BLOB)), 0)`).join(' + ');
	return querySqlite(
		n8n,
		`SELECT e.id, e.workflowId, e.mode, ${size}, ${columns.includes('workflowData') ? 'COALESCE(length(CAST(d."workflowData" AS BLOB)), 0)' : '0'}, instr(d.data, '"Run now"') > 0
		 FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.id > ? ORDER BY e.id`,
		[afterId],
	).map(([id, workflowId, mode, bytes, workflowBytes, runNow]) => ({
		id: Number(id),
		workflowId: String(workflowId),
		mode: String(mode),
		bytes: Number(bytes),
		workflowBytes: Number(workflowBytes),
		runNow: Boolean(runNow),
	}));
}

const lastExecutionId = (n8n: N8n) =>
	Number(querySqlite(n8n, 'SELECT COALESCE(MAX(id), 0) FROM execution_entity')[0][0]);
const seconds = (ms: number) => Math.round(ms / 100) / 10;
const mb = (bytes: number) => Math.round((bytes / MB) * 100) / 100;

async function soak(argv: string[]): Promise<void> {
	const { flags } = parseArgs(argv);
	const quick = 'quick' in flags;
	const version = flags.version || DEFAULT_N8N;
	const days = Number(flags.days ?? (quick ? 60 : 365));
	const visits = Number(flags.visits ?? (quick ? 50 : 300));
	const batch = Number(flags.batch ?? 1000);
	const runs = Number(flags.runs ?? (quick ? 3 : 5));
	// the page's default maxDays (366) bounds the period it can show: the year and today
	if (!(Number.isInteger(days) && days >= 2 && days <= 365))
		throw new Error('--days takes 2 to 365');
	for (const [name, v] of Object.entries({ visits, batch, runs }))
		if (!(Number.isInteger(v) && v >= 1)) throw new Error(`--${name} takes a whole number ≥ 1`);
	const started = Date.now();
	const today = DateTime.now().setZone(ZONE).startOf('day');
	const log = (line: string) => console.log(`[soak ${seconds(Date.now() - started)} s] ${line}`);
	const notes: string[] = [];
	let sandbox: Sandbox | undefined;
	let n8n: N8n | undefined;
	try {
		sandbox = await startSandbox({ port: 0 });
		n8n = await bootN8n({ version, startTimeoutMs: START_TIMEOUT_MS });
		const { http } = n8n;
		const cookie = await waitFor('the owner session', () => ownerCookie(http), 90_000);
		const apiKey = await createApiKey(http, cookie);
		const setup = n8nSetup({ http, apiKey, v1: n8n.v1, owner: OWNER });
		await setup.login();
		const { projectId } = setup.session();
		// find-or-create, as the reminder suite does later with `reuseLedger`
		const tableId = await setup.table(LEDGER_TABLE_NAME, LEDGER_COLUMNS);
		const report = await installReport(n8n, apiKey, tableId);
		const retentionDays = Number(setting(report.workflow, 'retentionDays'));
		const limits = async () => {
			const res = await http.get('/rest/data-tables-global/limits', {
				headers: { cookie: setup.session().cookie },
			});
			if (res.status !== 200) throw new Error(`limits: HTTP ${res.status}`);
			return res.data.data as { totalBytes: number; quotaStatus: string };
		};
		const ledgerCount = async () => {
			const res = await http.get(`/rest/projects/${projectId}/data-tables/${tableId}/rows?take=1`, {
				headers: { cookie: setup.session().cookie },
			});
			if (res.status !== 200) throw new Error(`ledger rows: HTTP ${res.status}`);
			return Number(res.data.data.count);
		};
		log(
			`n8n ${version}, ${days} days × ${visits} visits, report retentionDays ${setting(report.workflow, 'retentionDays') ?? '(none)'}, cleanupDaysPerRun ${setting(report.workflow, 'cleanupDaysPerRun') ?? '(none)'}`,
		);

		// the year, by calendar month of the clinic's zone: daysAgo from `days` (oldest) to 1 (yesterday)
		const months: Array<{ label: string; oldest: number; newest: number }> = [];
		for (let ago = days; ago >= 1; ago--) {
			const label = today.minus({ days: ago }).toFormat('yyyy-MM');
			const last = months.at(-1);
			if (last?.label === label) last.newest = ago;
			else months.push({ label, oldest: ago, newest: ago });
		}
		const firstDay = today.minus({ days }).toISODate()!;
		const inserted = tally();
		const insertedDays = new Map<string, Tally>();
		const monthRows: Row[] = [];
		let index = 0;
		let cleanupMissing = '';
		/** days the report has kept, from the oldest of its maxDays window on */
		let keptSoFar = 0;
		// the soak plays the nights itself: the report's own hourly run would keep a day the soak has not inserted yet
		const hourly = report.workflow.nodes.find((n) => n.name === 'Every hour');
		if (hourly) hourly.disabled = true;
		await resetting(report, 'cleanupDaysPerRun', 1);
		let pageFailures = 0;
		for (const month of months) {
			const n = month.oldest - month.newest + 1;
			const rows = ledgerRows(visits * n, n, ZONE, { index, daysAgo: month.newest });
			index += rows.length;
			for (const r of rows) {
				const d = today.minus({ days: r.daysAgo }).toISODate()!;
				if (!insertedDays.has(d)) insertedDays.set(d, tally());
				count(insertedDays.get(d)!, r);
				count(inserted, r);
			}
			const t0 = Date.now();
			await insertLedger(n8n, setup.session().cookie, projectId, tableId, rows, batch);
			const insertMs = Date.now() - t0;

			// the clean-up as on the month's last night: rows older than retentionDays before that day
			const t1 = Date.now();
			let calls = 0;
			let removed = 0;
			if (!cleanupMissing && Number.isFinite(retentionDays)) {
				// retentionDays as on the month's last day; above maxDays − 1 (the report's bound) nothing is old yet
				const shifted = retentionDays + month.newest - 1;
				await resetting(report, 'retentionDays', shifted <= MAX_DAYS - 1 ? shifted : 0);
			}
			// One clean-up run keeps one finished day (cleanupDaysPerRun 1, set below) and removes at most one old day:
			// the nights of the month, one by one. A run keeps the oldest day not kept yet of the last maxDays days, up to
			// yesterday, so the runs stop at the month's last day: a day not inserted yet would be kept empty.
			const target = MAX_DAYS - month.newest;
			while (!cleanupMissing && keptSoFar < target) {
				const answer = await cleanUpNow(n8n, report);
				calls++;
				if ('missing' in answer) cleanupMissing = answer.missing;
				else {
					removed += answer.removedRows;
					keptSoFar += answer.keptDays;
					if (answer.keptDays === 0 && answer.removedRows === 0)
						throw new Error(`Clean up now kept and removed nothing with ${target - keptSoFar} days to keep`);
				}
			}
			const cleanupMs = Date.now() - t1;
			const usage = await limits();
			const ledger = await ledgerCount();

			// the page over every day so far must show what was inserted, removed days included
			const t2 = Date.now();
			const page = await axios.get(report.url, {
				params: { from: firstDay, to: today.minus({ days: month.newest }).toISODate() },
				auth: report.auth,
				responseType: 'text',
				validateStatus: () => true,
				timeout: 600_000,
			});
			const pageMs = Date.now() - t2;
			const problems =
				page.status === 200
					? pageProblems(readPage(String(page.data)), inserted, insertedDays)
					: [`HTTP ${page.status}`];
			if (problems.length) {
				pageFailures++;
				notes.push(
					`${month.label}: the page differs from what was inserted: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}.`,
				);
			}
			monthRows.push({
				month: month.label,
				days: n,
				'rows inserted': rows.length,
				'insert s': seconds(insertMs),
				'rows/s': Math.round(rows.length / (insertMs / 1000)),
				'clean-up calls': cleanupMissing ? '–' : calls,
				'rows removed': cleanupMissing ? '–' : removed,
				'clean-up s': cleanupMissing ? '–' : seconds(cleanupMs),
				'ledger rows': ledger,
				'Data Tables MB (n8n)': mb(usage.totalBytes),
				quota: usage.quotaStatus,
				'page s': seconds(pageMs),
				'page = inserted': problems.length ? 'NO' : 'yes',
			});
			log(JSON.stringify(monthRows.at(-1)));
		}
		if (cleanupMissing)
			notes.push(`No retention ran: ${cleanupMissing}. The ledger kept every row of the year.`);

		// the last day: the e2e reminder suite in this n8n, against the year-old ledger
		const beforeSuite = lastExecutionId(n8n);
		const checksBefore = results.length;
		const suiteStarted = Date.now();
		const run = await runReminderChecks({
			http,
			base: n8n.base,
			sandbox,
			apiKey,
			v1: n8n.v1,
			owner: OWNER,
			n8n,
			reuseLedger: true,
		});
		const suite = results.slice(checksBefore);
		const failedChecks = suite.filter((r) => !r.ok);
		const suiteMs = Date.now() - suiteStarted;
		log(
			`reminder suite: ${suite.length - failedChecks.length} passed, ${failedChecks.length} failed`,
		);
		const afterSuite = lastExecutionId(n8n);

		const ticks = run ? await tickCost(n8n, sandbox, setup, run, runs) : undefined;
		const exec =
			run && ticks ? executionFigures(n8n, run, visits, { beforeSuite, afterSuite }) : undefined;
		const usage = await limits();
		const finalLedger = await ledgerCount();
		const tickRatio = ticks ? ticks.year.median / ticks.empty.median : Number.NaN;
		const ok =
			!pageFailures &&
			!failedChecks.length &&
			!cleanupMissing &&
			tickRatio <= 1.5 &&
			usage.quotaStatus === 'ok';

		const tickRows: Row[] = ticks
			? [
					{
						ledger: `empty (day 1)`,
						rows: 0,
						[`tick ms, median (min–max of ${runs})`]: show(ticks.empty, 0),
					},
					{
						ledger: `after the year (day ${days + 1})`,
						rows: ticks.yearRows,
						[`tick ms, median (min–max of ${runs})`]: show(ticks.year, 0),
					},
					{
						ledger: 'ratio year / empty',
						rows: '',
						[`tick ms, median (min–max of ${runs})`]: tickRatio.toFixed(2),
					},
				]
			: [{ ledger: 'not measured: the reminder suite did not set the reminder up', rows: '' }];
		const record: BenchRecord = {
			benchmark: 'soak',
			description: `A year of the reminder ledger (${days} days × ${visits} visits) with the report's retention, then the e2e reminder suite on the year-old ledger, real n8n with its default Data Table limit`,
			command: `npm run soak -- ${argv.join(' ')}`.trim(),
			ranAt: new Date().toISOString(),
			machine: { ...machine(), commit: commit() },
			n8nVersion: version,
			quick,
			runs: 1,
			ok,
			rows: monthRows,
			tables: [
				{
					title: 'A quiet Run now tick (nothing due), the same n8n after the year',
					rows: tickRows,
				},
				{
					title: "Execution data in n8n's database (SQLite execution_data)",
					rows: exec?.rows ?? [{ figure: 'not measured', value: '' }],
				},
				{
					title: 'After the year',
					rows: [
						{
							figure: 'e2e reminder suite on the year-old ledger',
							value: `${suite.length - failedChecks.length} passed, ${failedChecks.length} failed (${seconds(suiteMs)} s)`,
						},
						{ figure: 'ledger rows', value: finalLedger.toLocaleString('en') },
						{
							figure: 'Data Tables (n8n, all tables)',
							value: `${mb(usage.totalBytes)} MB, ${usage.quotaStatus}`,
						},
						{ figure: 'rows inserted over the year', value: inserted.visits.toLocaleString('en') },
						{
							figure: 'months whose report page matched what was inserted',
							value: `${months.length - pageFailures} of ${months.length}`,
						},
						{
							figure: 'soak wall time',
							value: `${Math.round((Date.now() - started) / 60000)} min`,
						},
					],
				},
			],
			notes: [
				...notes,
				...failedChecks.map((c) => `Reminder suite FAILED: ${c.name}: ${c.detail}`),
				`Rows: the mix of bench/report.ts (per 20 visits 13 confirmed, 2 cancelled, 1 operator, 2 unreached, 1 skipped…; every past day finished and written back), inserted through n8n's REST insert ${batch} rows a request and moved to an hour into their day (Europe/Moscow) in n8n's SQLite file. The year is the ${days} days before the run; the clean-up of a month ran with retentionDays raised by the days between that month's last day and today (n8n's clock says today), i.e. as the template's retentionDays (${Number.isFinite(retentionDays) ? retentionDays : 'none'}) on that day.`,
				`Data Tables MB = n8n's GET /rest/data-tables-global/limits totalBytes (SQLite dbstat pages of every table, read after the month's inserts and clean-up, each of which resets n8n's 60 s size cache); the default limit is ${n8n.v1 ? 50 : 200} MB on this line. Page = GET of the report (Basic Auth) from the year's first day to the month's last, its totals and every day of its chart compared with what was inserted (removed days must come from the totals the clean-up kept).`,
				`Ticks: POST run-now with nothing due (clinic system emptied), one warm-up then ${runs} timed, with the year-old ledger, then the same reminder bound to a new empty ledger table (the history of day 1) in the same n8n; goal: year / empty ≤ 1.5. Load average ${loadavg()
					.map((l) => l.toFixed(1))
					.join(' / ')} on ${cpus().length} cores at the end.`,
				...(exec?.notes ?? []),
			],
			details: {
				days,
				visits,
				batch,
				runs,
				quick,
				retentionDays,
				ticks,
				execution: exec?.details,
				inserted,
				seconds: Math.round((Date.now() - started) / 1000),
			},
		};
		const file = join(ROOT, 'bench', 'results', `soak@${version}.json`);
		writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
		writeReadme();
		console.log(table(record.rows));
		for (const t of record.tables ?? []) console.log(`\n${t.title}\n${table(t.rows)}`);
		for (const note of record.notes) console.log(`  ${note}`);
		console.log(`  ${ok ? 'ok' : 'MISSED ITS GOAL'} → ${file}`);
		if (!ok) process.exitCode = 1;
	} finally {
		await n8n?.dispose();
		await sandbox?.stop();
	}
}

/**
 * Quiet ticks (the clinic system lists no visit) with the year-old ledger, then with the reminder bound to a new
 * empty ledger table; the reminder is bound back to the year's ledger afterwards.
 */
async function tickCost(
	n8n: N8n,
	sandbox: Sandbox,
	setup: ReturnType<typeof n8nSetup>,
	run: ReminderRun,
	runs: number,
) {
	await controlClient(sandbox).call('POST', `/clinic/seed`, { count: 0 });
	const tick = async () => {
		const t0 = process.hrtime.bigint();
		const res = await n8n.http.post(
			`/webhook/${REMINDER_WEBHOOKS.runNow}`,
			{},
			{ timeout: 180_000 },
		);
		if (res.status !== 200) throw new Error(`run now: HTTP ${res.status}`);
		return Number(process.hrtime.bigint() - t0) / 1e6;
	};
	const timed = async () => {
		await tick();
		const ms: number[] = [];
		for (let i = 0; i < runs; i++) ms.push(await tick());
		return spread(ms);
	};
	const bind = async (tableId: string) => {
		setSetting(run.reminderWf, 'ledgerTableId', tableId);
		await setup.update(run.reminderId, run.reminderWf);
		await waitFor(
			'the run-now webhook',
			async () =>
				(
					await n8n.http.post(
						`/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`,
						{},
						{ headers: { 'X-Webhook-Secret': 'probe' } },
					)
				).status === 401
					? true
					: undefined,
			90_000,
		);
	};
	const firstTick = lastExecutionId(n8n);
	const year = await timed();
	const yearRows = Number(
		querySqlite(n8n, `SELECT COUNT(*) FROM "data_table_user_${run.tableId}"`)[0][0],
	);
	await bind(await setup.createTable(`${LEDGER_TABLE_NAME}_day1`, LEDGER_COLUMNS));
	const empty = await timed();
	await bind(run.tableId);
	return { year, empty, yearRows, firstTick, lastTick: lastExecutionId(n8n) };
}

/**
 * What n8n's database keeps of the reminder's executions: bytes per quiet tick (the timed ticks), per visit (the
 * suite's executions less its ticks at the quiet size, over its visits), and the steady state for `visits` a day
 * with the every-minute schedule, under n8n's default pruning and shorter ages.
 */
function executionFigures(
	n8n: N8n,
	run: ReminderRun,
	visits: number,
	marks: { beforeSuite: number; afterSuite: number },
) {
	const all = executionBytes(n8n, marks.beforeSuite);
	const inSuite = all.filter((e) => e.id <= marks.afterSuite);
	const quiet = all.filter((e) => e.id > marks.afterSuite && e.workflowId === run.reminderId);
	const quietBytes = spread(quiet.map((e) => e.bytes));
	const suiteTicks = inSuite.filter(
		(e) => e.workflowId === run.reminderId && (e.runNow || e.mode === 'trigger'),
	);
	const suiteBytes = inSuite.reduce((s, e) => s + e.bytes, 0);
	const perVisit = Math.max(
		0,
		(suiteBytes - suiteTicks.length * quietBytes.median) / run.visits.length,
	);
	const execsPerVisit = (inSuite.length - suiteTicks.length) / run.visits.length;
	const perDay = {
		execs: TICKS_PER_DAY + visits * execsPerVisit,
		bytes: TICKS_PER_DAY * quietBytes.median + visits * perVisit,
	};
	const steady = (maxAgeHours: number, maxCount: number) =>
		perDay.bytes * Math.min(maxAgeHours / 24, maxCount / perDay.execs);
	const scenarios = [
		{
			name: `n8n's default pruning (${PRUNING.maxAgeHours} h, at most ${PRUNING.maxCount.toLocaleString('en')})`,
			...PRUNING,
		},
		{ name: 'EXECUTIONS_DATA_MAX_AGE=168 (7 days)', maxAgeHours: 168, maxCount: PRUNING.maxCount },
		{ name: 'EXECUTIONS_DATA_MAX_AGE=72 (3 days)', maxAgeHours: 72, maxCount: PRUNING.maxCount },
		{
			name: 'EXECUTIONS_DATA_PRUNE_MAX_COUNT=2000',
			maxAgeHours: PRUNING.maxAgeHours,
			maxCount: 2000,
		},
	];
	const workflowShare =
		quiet.reduce((sum, e) => sum + e.workflowBytes, 0) /
		Math.max(
			1,
			quiet.reduce((sum, e) => sum + e.bytes, 0),
		);
	const rows: Row[] = [
		{
			figure: `bytes per quiet tick execution, median (min–max of ${quiet.length})`,
			value: show(quietBytes, 0),
		},
		{
			figure:
				'… of which the workflow as run (execution_data.workflowData, stored with every execution)',
			value: `${Math.round(workflowShare * 100)} %`,
		},
		{
			figure: `bytes per visit, upper bound (the e2e suite's ${inSuite.length} executions less its ${suiteTicks.length} ticks at the quiet size, over ${run.visits.length} visits; the suite posts every callback twice and injects faults)`,
			value: Math.round(perVisit).toLocaleString('en'),
		},
		{
			figure: 'executions per visit, upper bound (callbacks, sub-workflow calls)',
			value: execsPerVisit.toFixed(2),
		},
		{
			figure: `a day at ${visits} visits: executions / MB`,
			value: `${Math.round(perDay.execs).toLocaleString('en')} / ${mb(perDay.bytes)}`,
		},
		...scenarios.map((s) => ({
			figure: `steady state, ${s.name}: MB`,
			value: mb(steady(s.maxAgeHours, s.maxCount)),
		})),
	];
	return {
		rows,
		notes: [
			`Execution bytes = execution_data's text columns (run data and the workflow as run) per execution, read from n8n's SQLite file; execution_entity rows and SQLite's free pages come on top (n8n frees pages on pruning but the file only shrinks with DB_SQLITE_VACUUM_ON_STARTUP=true). The reminder saves every execution (n8n's default), and its schedule runs every minute: ${TICKS_PER_DAY.toLocaleString('en')} quiet ticks a day. Steady state = a day's bytes × the days pruning keeps (the age, or fewer where the count cap is reached first).`,
		],
		details: {
			quietBytes,
			perVisit,
			execsPerVisit,
			perDay,
			suiteExecutions: inSuite.length,
			suiteTicks: suiteTicks.length,
			scenarios: scenarios.map((s) => ({ ...s, steadyBytes: steady(s.maxAgeHours, s.maxCount) })),
		},
	};
}

if (require.main === module)
	soak(process.argv.slice(2)).catch((error: Error) => {
		console.error(error.stack ?? error.message);
		process.exitCode = 1;
	});
