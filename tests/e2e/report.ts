/**
 * The reminder report template (workflows/reminder-report.json) after the reminder run, set up as a clinic would:
 * a Basic Auth credential through the public API, the shipped JSON imported with the ledger table and the clinic's
 * zone bound, activated (1.x) / published (2.x). The page is judged against the sandbox's own records of that run
 * (the clinic system's results, Voicebox's start requests), never against the ledger it reads: the figures, the
 * chart, the CSV and the call list in a real browser (tests/browser/report.ts), and over HTTP the 401s, a malformed
 * period, an empty period and a missing table.
 */
import axios from 'axios';
import { DateTime } from 'luxon';

import type { Sandbox } from '../../sandbox';
import { controlClient } from '../../sandbox/controlClient';
import { backdateRows } from '../../tooling/n8n/sqlite';
import { tableRows } from '../../setup/n8nClient';
import { setSetting } from '../../setup/workflowFile';
import {
	CALLBACK_COLUMNS,
	REMINDER_WEBHOOKS,
	REPORT_CLEANUP_WEBHOOK,
	SALE_COLUMNS,
} from '../../templates/names';
import { lifecycleSteps, sampleRows } from '../../tooling/n8n/tableRows';
import { runReportBrowserChecks, type ReportExpected } from '../browser/report';
import type { N8n } from '../../tooling/n8n/n8n';
import {
	installReport,
	REPORT_USER,
	REPORT_ZONE,
	resetting,
	type InstalledReport,
} from '../../tooling/n8n/report';
import type { ReminderRun } from './reminders';
import { assert, check, log, sleep, waitFor } from './support/checks';

/** the zone the e2e clinic counts its days in (the sandbox clinic is in Moscow; tooling/n8n/report.ts binds the same) */
const ZONE = REPORT_ZONE;
const VOICEBOX_START = '/voicebox/api/v1/sb';
const ANSWERS = ['confirmed', 'cancelled', 'operator'];

/** The first answer that shows the re-published version (within 30 s), or the last one. */
async function serving<T>(
	request: () => Promise<T>,
	published: (answer: T) => boolean,
): Promise<T> {
	const until = Date.now() + 30_000;
	for (;;) {
		const answer = await request();
		if (published(answer) || Date.now() > until) return answer;
		await sleep(500);
	}
}

/** What the page must show, from the sandbox's records of the run (and, for claims a crash never sent, the ledger). */
async function expectedFromSandbox(
	sandbox: Sandbox,
	n8n: N8n,
	run: ReminderRun,
): Promise<ReportExpected> {
	const ctl = (path: string) => controlClient(sandbox).call('GET', path);
	const clinic = new Map(
		((await ctl('/clinic/visits')) as Array<Record<string, any>>).map((v) => [v.id, v]),
	);
	const starts = ((await ctl('/log?module=voicebox')).entries as Array<Record<string, any>>)
		.filter((e) => e.direction === 'in' && String(e.url).startsWith(VOICEBOX_START) && e.body)
		.map((e) => JSON.parse(e.body))
		.filter((body) => body.method === run.campaign)
		.map((body) => String(body.data?.guid));
	const rows = await ledgerRows(n8n, run);
	const attempts = new Map(rows.map((r) => [r.visitId, Number(r.attempts) || 0]));

	const e: ReportExpected = {
		visits: run.visits.length,
		reminded: 0,
		confirmed: 0,
		cancelled: 0,
		operator: 0,
		unreached: 0,
		skipped: 0,
		withdrawn: 0,
		inProgress: 0,
		calls: 0,
		firstAttempt: 0,
		toCall: [],
		csv: {},
		unsent: 0,
	};
	for (const v of run.visits) {
		const visit = clinic.get(v.id);
		assert(visit, `the sandbox clinic has no visit ${v.id}`);
		const mine = starts.filter((g) => g.startsWith(`${v.id}-`));
		const outcome = visit.reminder?.outcome as string | undefined;
		if (mine.length) e.reminded++;
		// an attempt the ledger counts but Voicebox never saw: claimed by a tick the crash killed before its start
		const unsent = Math.max(0, (attempts.get(v.id) ?? 0) - mine.length);
		e.unsent += unsent;
		e.calls += mine.length + unsent;
		if (outcome && ANSWERS.includes(outcome)) {
			e[outcome as 'confirmed']++;
			if (mine.length === 1 && mine[0] === `${v.id}-1` && unsent === 0) e.firstAttempt++;
		} else if (outcome === 'unreached') {
			e.unreached++;
			e.toCall.push({
				id: v.id,
				phone: v.phone.replace(/\D/g, '').slice(-10),
				attempts: mine.length + unsent,
			});
		} else if (outcome === 'failed') e.skipped++;
		else if (!outcome && visit.status === 'cancelled') e.withdrawn++;
		else if (!outcome) e.inProgress++;
		// the CSV carries the ledger's outcome; the clinic system got skipped as "failed"
		e.csv[v.id] =
			outcome === 'failed'
				? 'skipped'
				: (outcome ?? (visit.status === 'cancelled' ? 'withdrawn' : ''));
	}
	return e;
}

/** The run's ledger, every row. */
function ledgerRows(n8n: N8n, run: ReminderRun): Promise<Array<Record<string, any>>> {
	return tableRows(
		(query) =>
			n8n.http.get(`/rest/projects/${run.projectId}/data-tables/${run.tableId}/rows${query}`, {
				headers: { cookie: run.cookie },
			}),
		'reading the ledger',
	);
}

/**
 * Waits (ticking the reminder's Run now) until the reminder has nothing left to do now: no call in flight, no due
 * attempt, every final result written to the clinic system. Only then do the clinic's records and the ledger
 * describe the same moment; a run that does not get there within 5 minutes is judged as it stands.
 */
async function settled(n8n: N8n, run: ReminderRun): Promise<void> {
	const until = Date.now() + 5 * 60_000;
	for (;;) {
		const rows = await ledgerRows(n8n, run).catch(() => undefined);
		const busy = (rows ?? []).filter(
			(r) =>
				r.status === 'calling' ||
				r.resultState === 'pending' ||
				(r.status === 'due' && Number(r.nextAttemptMs) <= Date.now()),
		);
		if (rows && busy.length === 0) return;
		if (Date.now() > until) {
			log(
				`        the reminder run has not settled: ${busy.length} rows still busy; judged as it stands`,
			);
			return;
		}
		await n8n.http
			.post(`/webhook/${REMINDER_WEBHOOKS.runNow}`, {}, { timeout: 180_000 })
			.catch(() => undefined);
		await sleep(3000);
	}
}

export async function runReportChecks(ctx: {
	n8n: N8n;
	sandbox: Sandbox;
	apiKey: string;
	run: ReminderRun;
}): Promise<InstalledReport | undefined> {
	const { n8n, sandbox, apiKey, run } = ctx;
	let report: InstalledReport | undefined;
	await check(
		'report: imported with its Basic Auth credential, bound to the ledger and activated',
		async () => {
			report = await installReport(n8n, apiKey, run.tableId);
		},
	);
	if (!report) return undefined;
	const page = report;
	// null: no credentials at all
	const get = (query: string, auth: InstalledReport['auth'] | null = page.auth) =>
		axios.get(`${page.url}${query}`, {
			auth: auth ?? undefined,
			validateStatus: () => true,
			responseType: 'text',
			timeout: 60_000,
		});

	await check(
		'report: no credentials get 401, a wrong password 401 (1.x: 403), the right ones the page',
		async () => {
			const none = await get('', null);
			const wrong = await get('', { username: REPORT_USER, password: 'not-the-password' });
			const right = await get('');
			assert(
				// n8n 1.x answers a wrong password with 403 ("Authorization data is wrong!"), 2.x with 401
				none.status === 401 && (wrong.status === 401 || (n8n.v1 && wrong.status === 403)),
				`without credentials ${none.status}, wrong password ${wrong.status}`,
			);
			assert(
				![none.data, wrong.data].some((d) => String(d).includes('data-metric')),
				'a refused request carries the page',
			);
			assert(
				right.status === 200 && /data-metric="reminded"/.test(right.data),
				`with credentials: HTTP ${right.status} ${String(right.data).slice(0, 200)}`,
			);
			assert(
				/^text\/html/.test(String(right.headers['content-type'])),
				`content type ${right.headers['content-type']}`,
			);
		},
	);

	await check('report: a malformed period gets a 400 page that says how to write it', async () => {
		for (const [query, says] of [
			['?from=2026-13-01', /not a calendar date/],
			['?from=yesterday', /YYYY-MM-DD/],
			['?days=0', /whole number from 1 to 366/],
			['?from=2026-11-20&to=2026-11-10', /is after/],
			['?format=pdf', /Unknown format/],
		] as Array<[string, RegExp]>) {
			const res = await get(query);
			assert(
				res.status === 400 && /id="error"/.test(res.data) && says.test(res.data),
				`${query}: HTTP ${res.status} ${String(res.data).slice(0, 300)}`,
			);
		}
	});

	await check(
		'report: a period with no ledger rows shows the empty state, its CSV only the header',
		async () => {
			const res = await get('?from=2020-01-01&to=2020-01-07');
			assert(
				res.status === 200 && /id="empty"/.test(res.data) && !/id="chart"/.test(res.data),
				`HTTP ${res.status} ${String(res.data).slice(0, 300)}`,
			);
			const csv = await get('?from=2020-01-01&to=2020-01-07&format=csv');
			const lines = String(csv.data)
				.replace(/^\ufeff/, '')
				.trim()
				.split(/\r\n/);
			assert(
				csv.status === 200 && lines.length === 1 && lines[0].startsWith('visitId;'),
				`CSV: ${JSON.stringify(lines).slice(0, 200)}`,
			);
		},
	);

	await check(
		'report: the page in Chromium equals the sandbox counts; chart, CSV download, call list, 401',
		async () => {
			await settled(n8n, run);
			const expected = await expectedFromSandbox(sandbox, n8n, run);
			log(
				`        sandbox: ${expected.reminded} reminded, ${expected.confirmed}/${expected.cancelled}/${expected.operator}/${expected.unreached} confirmed/cancelled/operator/unreached, ${expected.inProgress} in progress, ${expected.calls} call attempts (${expected.unsent} claimed by the crashed tick, never sent)`,
			);
			const shot = process.env.REPORT_SCREENSHOT ?? '';
			const figures = await runReportBrowserChecks({
				url: page.url,
				auth: page.auth,
				expected,
				screenshot: shot,
			});
			log(
				`        page answered in ${figures.loadMs} ms; screenshot ${figures.screenshot || '(not kept)'}`,
			);
		},
	);

	await check(
		'report: a missing ledger table gets a 500 page that says which setting to fix',
		async () => {
			await resetting(page, 'ledgerTableId', 'no-such-table-0000');
			// a published version can take a few seconds to replace the one serving the webhook
			const res = await serving(
				() => get(''),
				(r) => r.status !== 200,
			);
			assert(
				res.status === 500 && /id="error"/.test(res.data) && /ledgerTableId/.test(res.data),
				`HTTP ${res.status} ${String(res.data).slice(0, 400)}`,
			);
			assert(
				res.data.includes('no-such-table-0000'),
				'the error page does not name the table id it tried',
			);
			await resetting(page, 'ledgerTableId', run.tableId);
			const back = await serving(
				() => get(''),
				(r) => r.status === 200,
			);
			assert(back.status === 200, `bound to the ledger again: HTTP ${back.status}`);
		},
	);

	await check(
		'report: a finished day is counted once and kept; a later change to it shows on ?fresh=1',
		async () => {
			const past = await pastDay(n8n, run);
			try {
				const day = (body: string) => {
					const cells = new RegExp(`<tr data-day="${past.day}">(.*?)</tr>`).exec(body)?.[1];
					return (cells?.match(/<td class="n">[^<]*/g) ?? []).map((c) => c.replace(/.*>/, ''));
				};
				const kept = (body: string) => Number(/data-kept-days="(\d+)"/.exec(body)?.[1]);
				// reminded, confirmed, cancelled, operator, unreached, in progress (day table columns)
				const want = (confirmed: number, cancelled: number) =>
					[20, confirmed, cancelled, 2, 3, 0].map(String).join(' ');
				const counted = (await get(past.query)).data;
				// n8n saves static data when the execution ends, just after the page went out
				const keptPage = (figures: string) =>
					waitFor('the page from kept days', async () => {
						const body = String((await get(past.query)).data);
						return kept(body) === 3 && day(body).slice(0, 6).join(' ') === figures
							? body
							: undefined;
					}).catch(() => get(past.query).then((r) => String(r.data)));
				const fromKept = await keptPage(want(12, 3));
				assert(
					day(counted).slice(0, 6).join(' ') === want(12, 3) && kept(counted) === 0,
					`first page: ${past.day} shows ${day(counted).join(' ')}, ${kept(counted)} days kept`,
				);
				// the three days of the period, kept by the first page
				assert(
					day(fromKept).slice(0, 6).join(' ') === want(12, 3) && kept(fromKept) === 3,
					`second page: ${past.day} shows ${day(fromKept).join(' ')}, ${kept(fromKept)} days kept`,
				);
				await past.change({ visitId: past.ids[0], outcome: 'cancelled' });
				const stillKept = (await get(past.query)).data;
				const recounted = (await get(`${past.query}&fresh=1`)).data;
				const afterRecount = await keptPage(want(11, 4));
				assert(
					day(stillKept).slice(0, 6).join(' ') === want(12, 3),
					`a kept day changed without ?fresh=1: ${day(stillKept).join(' ')}`,
				);
				assert(
					day(recounted).slice(0, 6).join(' ') === want(11, 4) && kept(recounted) === 0,
					`?fresh=1: ${day(recounted).join(' ')}, ${kept(recounted)} days kept`,
				);
				assert(
					day(afterRecount).slice(0, 6).join(' ') === want(11, 4) && kept(afterRecount) === 3,
					`after ?fresh=1: ${day(afterRecount).join(' ')}, ${kept(afterRecount)} days kept`,
				);
			} finally {
				await past.remove();
			}
		},
	);

	await runRetentionChecks(n8n, run, page, get);
	await runUsageChecks(n8n, run, page, get);
	return page;
}

type Get = (query: string) => Promise<{ status: number; data: any }>;

/** The run's ledger through the owner's REST route: insert, delete by filter. */
function ledgerRest(n8n: N8n, run: ReminderRun) {
	const base = `/rest/projects/${run.projectId}/data-tables`;
	const rest = async (method: string, url: string, data?: unknown) => {
		const res = await n8n.http.request({
			method,
			url,
			data,
			headers: { cookie: run.cookie },
			timeout: 120_000,
		});
		assert(
			res.status < 300,
			`${method} ${url}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`,
		);
		return res.data?.data;
	};
	const filter = (f: unknown) => encodeURIComponent(JSON.stringify(f));
	return {
		base,
		rest,
		insert: (tableId: string, data: unknown[]) =>
			rest('POST', `${base}/${tableId}/insert`, { data, returnType: 'count' }),
		/** every row whose visitId starts with the prefix */
		removePrefix: (prefix: string) =>
			rest(
				'DELETE',
				`${base}/${run.tableId}/rows?filter=${filter({ type: 'and', filters: [{ columnName: 'visitId', condition: 'like', value: `${prefix}%` }] })}`,
			),
	};
}

/** The day table's cells and the chart's figures of one day, as the page shows them ('' when the day is absent). */
function dayFigures(body: string, day: string): string {
	const cells = new RegExp(`<tr data-day="${day}">(.*?)</tr>`).exec(body)?.[1] ?? '';
	const chart = new RegExp(`<g class="day" data-day="${day}"([^>]*)>`).exec(body)?.[1] ?? '';
	return `${(cells.match(/<td class="n">[^<]*/g) ?? []).map((c) => c.replace(/.*>/, '')).join(' ')} | ${chart.trim()}`;
}

/**
 * Retention: finished old days kept by a page view, then *Clean up now* removes only their final rows whose result
 * needs nothing more (written, refused, withdrawn), two days per call; rows still pending a result, days with a
 * visit still due or calling, and recent days stay; the page shows the removed days exactly as before.
 */
async function runRetentionChecks(n8n: N8n, run: ReminderRun, page: InstalledReport, get: Get) {
	await check(
		'report: Clean up now removes only final, written-back rows of old kept days, two days a call; the page keeps their totals',
		async () => {
			const ledger = ledgerRest(n8n, run);
			const today = DateTime.now().setZone(ZONE).startOf('day');
			const day = (ago: number) => today.minus({ days: ago });
			// [daysAgo, status, outcome, resultState] per row
			type Spec = [number, string, string | null, string | null];
			const specs: Spec[] = [
				// D1: kept; 3 written + 1 refused go, the result being written stays (writing, claimed just now: the
				// live reminder would write a pending one itself within a tick, and release this one only after
				// staleWriteMinutes)
				[60, 'done', 'confirmed', 'written'],
				[60, 'done', 'cancelled', 'written'],
				[60, 'done', 'unreached', 'written'],
				[60, 'done', 'operator', 'refused'],
				[60, 'done', 'confirmed', 'writing'],
				// D2: kept; 3 written + 1 withdrawn (resultState none) go
				[59, 'done', 'confirmed', 'written'],
				[59, 'done', 'confirmed', 'written'],
				[59, 'done', 'operator', 'written'],
				[59, 'done', 'withdrawn', 'none'],
				// D3: a visit still due and one calling: the day is never kept, nothing of it goes
				[58, 'done', 'confirmed', 'written'],
				[58, 'done', 'cancelled', 'written'],
				[58, 'due', null, null],
				[58, 'calling', null, null],
				// D4: kept; goes on the second call
				[57, 'done', 'confirmed', 'written'],
				[57, 'done', 'unreached', 'written'],
				[57, 'done', 'confirmed', 'written'],
				// recent (within retentionDays; a day no earlier check viewed, so not kept empty before): stays
				[20, 'done', 'confirmed', 'written'],
				[20, 'done', 'cancelled', 'written'],
			];
			const id = (i: number) => `E2E-RET-${String(i).padStart(2, '0')}`;
			await ledger.insert(
				run.tableId,
				specs.map(([ago, status, outcome, resultState], i) => ({
					visitId: id(i),
					visitStart: day(ago).plus({ days: 1, hours: 10 }).toISO(),
					timeZone: ZONE,
					phone: `7916100${String(i).padStart(4, '0')}`,
					status,
					outcome,
					resultState,
					...(resultState === 'writing' ? { writeClaim: 'e2e', writeClaimMs: Date.now() } : {}),
					attempts: status === 'due' ? 0 : outcome === 'unreached' ? 3 : 1,
					answered: ['confirmed', 'cancelled', 'operator'].includes(outcome ?? ''),
					doctor: i % 2 ? 'Петров П. П.' : 'Сидорова А. А.',
					specialty: 'Терапевт',
				})),
			);
			try {
				const moved = backdateRows(
					n8n,
					run.tableId,
					specs.map(([ago], i) => ({
						visitId: id(i),
						createdAt: day(ago).plus({ hours: 12 }).toJSDate(),
					})),
				);
				assert(moved === specs.length, `moved ${moved} of ${specs.length} rows into the past`);
				await resetting(page, 'cleanupDaysPerRun', 2);
				const days = [60, 59, 58, 57, 20].map((ago) => day(ago).toISODate() as string);
				const query = `?from=${days[0]}&to=${days[4]}`;
				const figures = (body: string) =>
					days.map((d) => `${d}: ${dayFigures(body, d)}`).join('\n');
				// the first view counts and keeps the finished days; the next one shows them from static data
				await get(query);
				// every finished day of the period is kept, days without visits too; D3 is not finished
				const periodDays = Math.round(day(20).diff(day(60), 'days').days) + 1;
				const before = await waitFor('the old days kept', async () => {
					const body = String((await get(query)).data);
					return Number(/data-kept-days="(\d+)"/.exec(body)?.[1]) === periodDays - 1
						? body
						: undefined;
				});
				assert(
					/id="retention" data-retention-days="45"/.test(before),
					'the page does not say rows older than 45 days are removed',
				);
				const remaining = async () => {
					const rows = await ledgerRows(n8n, run);
					return rows
						.filter((r) => String(r.visitId).startsWith('E2E-RET-'))
						.map((r) => String(r.visitId))
						.sort();
				};
				const clean = async () => {
					const res = await axios.post(
						`${n8n.base}/webhook/${REPORT_CLEANUP_WEBHOOK}`,
						{},
						{
							auth: page.auth,
							validateStatus: () => true,
							timeout: 120_000,
						},
					);
					assert(
						res.status === 200 && res.data?.ok === true,
						`Clean up now: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 400)}`,
					);
					return res.data as {
						removedRows: number;
						removedDays: Array<{ day: string; rows: number }>;
						remainingOldDays: number;
						keptDays: number;
						usage: any;
					};
				};
				const refused = await axios.post(
					`${n8n.base}/webhook/${REPORT_CLEANUP_WEBHOOK}`,
					{},
					{ validateStatus: () => true },
				);
				assert(refused.status === 401, `Clean up now without credentials: HTTP ${refused.status}`);

				const first = await clean();
				log(
					`        first clean-up: ${JSON.stringify({ ...first, usage: first.usage && { estimatedBytes: first.usage.estimatedBytes, percent: first.usage.percent } })}`,
				);
				const gone1 = [0, 1, 2, 3, 5, 6, 7, 8].map(id);
				const left1 = await remaining();
				assert(
					first.removedRows === 8 &&
						JSON.stringify(first.removedDays) ===
							JSON.stringify([
								{ day: days[0], rows: 4 },
								{ day: days[1], rows: 4 },
							]),
					`the first call removed ${first.removedRows} rows: ${JSON.stringify(first.removedDays)}`,
				);
				assert(
					first.remainingOldDays >= 1,
					`remainingOldDays ${first.remainingOldDays}: D4 is still to do`,
				);
				assert(
					gone1.every((v) => !left1.includes(v)) && left1.length === specs.length - gone1.length,
					`after the first call the ledger holds ${left1.join(', ')}`,
				);
				assert(
					first.usage && first.usage.estimatedBytes > 0 && first.usage.limitBytes === 50 * 1048576,
					`usage ${JSON.stringify(first.usage)}`,
				);

				// n8n saves the static data (the days' removed-row counts) just after the answer went out
				await sleep(2000);
				const second = await clean();
				log(
					`        second clean-up: removed ${second.removedRows} rows ${JSON.stringify(second.removedDays)}, ${second.remainingOldDays} old days left`,
				);
				const left2 = await remaining();
				const kept = [4, 9, 10, 11, 12, 16, 17].map(id);
				assert(
					second.removedRows === 3 &&
						second.removedDays.some((d) => d.day === days[3] && d.rows === 3),
					`the second call removed ${second.removedRows} rows: ${JSON.stringify(second.removedDays)}`,
				);
				assert(
					JSON.stringify(left2) === JSON.stringify(kept),
					`after the second call the ledger holds ${left2.join(', ')}; expected ${kept.join(', ')}`,
				);
				await sleep(2000);
				const third = await clean();
				assert(third.removedRows === 0, `a third call removed ${third.removedRows} rows`);

				const after = String((await get(query)).data);
				const fresh = String((await get(`${query}&fresh=1`)).data);
				log(`        before removal:\n${figures(before)}\n        after:\n${figures(after)}`);
				assert(
					figures(after) === figures(before),
					`the page changed after the removal:\n${figures(before)}\n→\n${figures(after)}`,
				);
				assert(
					figures(fresh) === figures(before),
					`?fresh=1 recounted removed days:\n${figures(fresh)}`,
				);
				assert(
					dayFigures(before, days[0]).includes('data-visits="5"') &&
						dayFigures(before, days[1]).includes('data-visits="4"') &&
						dayFigures(before, days[4]).includes('data-visits="2"'),
					`the old days before the removal: ${figures(before)}`,
				);
			} finally {
				await ledger.removePrefix('E2E-RET-');
				await resetting(page, 'cleanupDaysPerRun', 14);
			}
		},
	);
}

/**
 * Headroom: the page's Data Table usage box against Settings → dataTablesLimitMb (warning from 80 %, error at 100 %),
 * and the estimate against n8n's own figure for the same three tables (/rest/data-tables-global/limits).
 */
async function runUsageChecks(n8n: N8n, run: ReminderRun, page: InstalledReport, get: Get) {
	await check(
		"report: Data Table usage — the estimate is near n8n's own figure; warning from 80 %, error at 100 %, none below",
		async () => {
			const ledger = ledgerRest(n8n, run);
			const tables = {
				callbacks: await page.setup.createTable(
					`e2e_usage_callbacks_${Date.now()}`,
					CALLBACK_COLUMNS,
				),
				sales: await page.setup.createTable(`e2e_usage_sales_${Date.now()}`, SALE_COLUMNS),
			};
			// rows written as the templates write them (insert, then the updates of the ticks): enough rows that
			// SQLite's 4 KB pages do not dominate
			const fill = async (
				table: 'ledger' | 'callbacks' | 'sales',
				tableId: string,
				count: number,
			) => {
				const { insert, updates } = lifecycleSteps(table, sampleRows(table, count, 'E2E-FILL'));
				for (let i = 0; i < insert.length; i += 500)
					await ledger.insert(tableId, insert.slice(i, i + 500));
				const mine =
					table === 'ledger'
						? {
								type: 'and',
								filters: [{ columnName: 'visitId', condition: 'like', value: 'E2E-FILL%' }],
							}
						: { type: 'and', filters: [{ columnName: 'id', condition: 'gte', value: 1 }] };
				for (const data of updates)
					await ledger.rest('PATCH', `${ledger.base}/${tableId}/rows`, { filter: mine, data });
			};
			try {
				await fill('ledger', run.tableId, 1500);
				await fill('callbacks', tables.callbacks, 1000);
				await fill('sales', tables.sales, 1000);
				setSetting(page.workflow, 'callbackTableId', tables.callbacks);
				setSetting(page.workflow, 'salesTableId', tables.sales);
				const box = (body: string) => {
					const m =
						/<div class="box[^"]*" id="storage" data-level="(\w+)" data-percent="(\d+)" data-bytes="(\d+)" data-limit-bytes="(\d+)">/.exec(
							body,
						);
					assert(m, `no storage box: ${body.slice(0, 300)}`);
					const rows = Object.fromEntries(
						[...body.matchAll(/data-table="(\w+)" data-rows="(\d+)"/g)].map((x) => [
							x[1],
							Number(x[2]),
						]),
					);
					return {
						level: m[1],
						percent: Number(m[2]),
						bytes: Number(m[3]),
						limit: Number(m[4]),
						rows,
						warned: /Место заканчивается|Предел, по оценке, достигнут/.test(body),
					};
				};
				const withLimit = async (mb: number) => {
					await resetting(page, 'dataTablesLimitMb', mb);
					const published = `data-limit-bytes="${Math.round(mb * 1048576)}"`;
					return box(
						String(
							(
								await serving(
									() => get(''),
									(r) => String(r.data).includes(published),
								)
							).data,
						),
					);
				};
				const large = await withLimit(10_000);
				const counts = Object.fromEntries(
					await Promise.all(
						(Object.entries({ ledger: run.tableId, ...tables }) as Array<[string, string]>).map(
							async ([name, id]) => {
								const res = await n8n.http.get(`${ledger.base}/${id}/rows?take=1`, {
									headers: { cookie: run.cookie },
								});
								return [name, Number(res.data.data.count)];
							},
						),
					),
				);
				const limits = (
					await n8n.http.get('/rest/data-tables-global/limits', { headers: { cookie: run.cookie } })
				).data.data;
				const n8nBytes = [run.tableId, tables.callbacks, tables.sales].reduce(
					(a, id) => a + Number(limits.dataTables[id]?.sizeBytes ?? 0),
					0,
				);
				log(
					`        rows estimated ${JSON.stringify(large.rows)}, counted ${JSON.stringify(counts)}`,
				);
				log(
					`        estimate ${large.bytes} bytes; n8n's figure for these three tables ${n8nBytes} bytes (ratio ${(large.bytes / n8nBytes).toFixed(2)}), n8n's totalBytes ${limits.totalBytes}; per table ${JSON.stringify(Object.fromEntries(Object.entries({ ledger: run.tableId, ...tables }).map(([k, id]) => [k, limits.dataTables[id]?.sizeBytes])))}`,
				);
				for (const [name, count] of Object.entries(counts) as Array<[string, number]>) {
					assert(
						Math.abs(large.rows[name] - count) <= Math.max(3, 0.1 * count),
						`${name}: ${large.rows[name]} rows estimated, ${count} in the table (tolerance 10 %)`,
					);
				}
				// the ledger's 514 bytes a row is the larger of two measurements, so the estimate may err high, not low
				assert(
					large.bytes >= 0.8 * n8nBytes && large.bytes <= 1.6 * n8nBytes,
					`estimate ${large.bytes} vs n8n ${n8nBytes}: outside 0.8–1.6×`,
				);
				assert(
					large.level === 'ok' && !large.warned,
					`a 10 GB limit: level ${large.level}, ${large.percent} %`,
				);
				const warn = await withLimit(large.bytes / 0.9 / 1048576);
				assert(
					warn.level === 'warn' && warn.percent >= 80 && warn.percent < 100 && warn.warned,
					`about 90 %: level ${warn.level}, ${warn.percent} %`,
				);
				const full = await withLimit(large.bytes / 1.2 / 1048576);
				assert(
					full.level === 'error' && full.percent >= 100 && full.warned,
					`about 120 %: level ${full.level}, ${full.percent} %`,
				);
				const body = String((await get('')).data);
				assert(
					/N8N_DATA_TABLES_MAX_SIZE_BYTES/.test(body) &&
						/retentionDays/.test(body) &&
						/Overview → Data tables/.test(body),
					'the warning does not say how to fix it',
				);
			} finally {
				await ledger.removePrefix('E2E-FILL');
				setSetting(page.workflow, 'callbackTableId', '');
				setSetting(page.workflow, 'salesTableId', '');
				await resetting(page, 'dataTablesLimitMb', 50);
			}
		},
	);
}

/**
 * Twenty finished visits imported nine days ago (clinic's zone), added to the ledger beside the run's rows: 12
 * confirmed, 3 cancelled, 2 to an operator, 3 unreached. `change` edits one row as the reminder would; `remove`
 * takes them all out again.
 */
async function pastDay(n8n: N8n, run: ReminderRun) {
	const rows = `/rest/projects/${run.projectId}/data-tables/${run.tableId}/rows`;
	const rest = async (method: string, url: string, data?: unknown) => {
		const res = await n8n.http.request({ method, url, data, headers: { cookie: run.cookie } });
		assert(
			res.status < 300,
			`${method} ${url}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`,
		);
	};
	// before the default 7-day period: the pages viewed so far kept the days they covered, and a past day never
	// gains rows in real life (createdAt is the insert time)
	const day = DateTime.now().setZone(ZONE).minus({ days: 9 }).startOf('day');
	const outcomes = [
		...Array<string>(12).fill('confirmed'),
		...Array<string>(3).fill('cancelled'),
		...Array<string>(2).fill('operator'),
		...Array<string>(3).fill('unreached'),
	];
	const ids = outcomes.map((_, i) => `E2E-PAST-${String(i).padStart(2, '0')}`);
	await rest('POST', `/rest/projects/${run.projectId}/data-tables/${run.tableId}/insert`, {
		returnType: 'count',
		data: outcomes.map((outcome, i) => ({
			visitId: ids[i],
			visitStart: day.plus({ days: 1, hours: 10 }).toISO(),
			timeZone: ZONE,
			phone: `7916000${String(i).padStart(4, '0')}`,
			status: 'done',
			outcome,
			attempts: outcome === 'unreached' ? 3 : 1,
			answered: outcome !== 'unreached',
		})),
	});
	const moved = backdateRows(
		n8n,
		run.tableId,
		ids.map((visitId) => ({ visitId, createdAt: day.plus({ hours: 12 }).toJSDate() })),
	);
	assert(moved === ids.length, `moved ${moved} of ${ids.length} rows into the past`);
	const byId = (visitId: string) => ({
		type: 'and',
		filters: [{ columnName: 'visitId', condition: 'eq', value: visitId }],
	});
	return {
		day: day.toISODate() as string,
		/** the day before, the day and the day after: three finished days */
		query: `?from=${day.minus({ days: 1 }).toISODate()}&to=${day.plus({ days: 1 }).toISODate()}`,
		ids,
		change: ({ visitId, ...data }: { visitId: string } & Record<string, unknown>) =>
			rest('PATCH', rows, { filter: byId(visitId), data }),
		remove: async () => {
			for (const id of ids)
				await rest('DELETE', `${rows}?filter=${encodeURIComponent(JSON.stringify(byId(id)))}`);
		},
	};
}
