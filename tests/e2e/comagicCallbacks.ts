/**
 * The shipped CoMagic templates "Call back missed calls" and "Tag sales in CoMagic for paid visits" in a real n8n,
 * set up as a clinic would: the Data Tables created through n8n's API (public API on 2.x, the internal REST route on
 * 1.123), the CoMagic and Header Auth credentials created through the public API and bound by id, the workflows
 * imported from workflows/*.json through the public API with their Settings bound, then activated (1.x) or
 * published (2.x). Every verdict comes from the sandbox's own records: the Call API and Data API requests it
 * received, the phone attempts it placed, and the sales it took.
 */
import axios from 'axios';
import { DateTime } from 'luxon';

import type { Sandbox } from '../../sandbox';
import { controlClient } from '../../sandbox/controlClient';
import { COMAGIC_ACCESS_KEY, COMAGIC_VIRTUAL_NUMBER } from '../../sandbox/comagic/defaults';
import { coMagicCredentialData } from '../../sandbox/credentials';
import {
	CALLBACK_COLUMNS,
	CALLBACK_TABLE_NAME,
	CALLBACK_WEBHOOKS,
	SALE_COLUMNS,
	SALE_TABLE_NAME,
	SALE_WEBHOOKS,
	TEMPLATE_FILES,
} from '../../templates/names';
import { n8nSetup, type SetupContext } from '../../setup/n8nClient';
import { setSetting, type Workflow } from '../../setup/workflowFile';
import { installTemplate, prepareTemplate } from '../../tooling/n8n/template';
import { assert, check, log, sleep, waitFor } from './support/checks';

export interface CoMagicTemplateContext extends SetupContext {
	sandbox: Sandbox;
	/**
	 * to crash (SIGKILL) and restart n8n in the middle of a callback tick; `staleMinutes` (default 2) must leave time
	 * to see the claimed rows wait after the restart (queue mode: a lost worker's job is given up only after a while)
	 */
	n8n?: { kill(): Promise<void>; start(): Promise<void>; staleMinutes?: number };
	/**
	 * moves rows into the past (createdAt) by their `key` column; returns how many changed. Absent where n8n's
	 * database is not a SQLite file this process can write (queue mode): the retention checks are skipped there.
	 */
	backdate?: (tableId: string, key: string, values: string[], createdAt: Date) => number;
}

const OPERATOR = '79035550100';
const CLINIC_SECRET = 'e2e-clinic-secret-7d41c9';
const SECRET_HEADER = 'X-Clinic-Secret';

type Row = Record<string, any>;

/** A number no seeded call uses: 7 916 7xx xx xx with a per-run block. */
function numbers(count: number): string[] {
	const block = String(Math.floor(Math.random() * 9000) + 1000);
	return Array.from({ length: count }, (_, i) => `7916${block}${String(i).padStart(3, '0')}`);
}

function sandboxClient(sandbox: Sandbox) {
	const ctl = controlClient(sandbox).call;
	return {
		ctl,
		/** a call from the outside, finished before this returns: lost, or answered at once */
		async inbound(contact: string, lost: boolean): Promise<number> {
			const res = await ctl('POST', '/comagic/inbound-call', {
				contact_phone_number: contact,
				lost,
				talkMs: 0,
				wait: true,
			});
			return Number(res.call_session_id);
		},
		/** Call API requests the sandbox received since a log position */
		async callApi(since: number, method: string): Promise<Row[]> {
			const { entries } = await ctl('GET', `/log?module=comagic&since=${since}`);
			return (entries as Row[])
				.filter((e) => e.direction === 'in' && e.rpcMethod === method && e.body)
				.map((e) => JSON.parse(e.body).params as Row);
		},
		async logPosition(): Promise<number> {
			const { entries } = await ctl('GET', '/log?module=comagic');
			return entries.length ? Number(entries[entries.length - 1].seq) : 0;
		},
		/** calls the sandbox placed to a number (start.* only; inbound calls are not attempts) */
		async attempts(phone: string): Promise<Row[]> {
			return ((await ctl('GET', `/phones?phone=${phone}`))[phone] ?? []) as Row[];
		},
		async sales(): Promise<Row[]> {
			return (await ctl('GET', '/comagic/sales')).sales as Row[];
		},
		/** the next `count` requests of a JSON-RPC method fail with `status` (after `delayMs`), placing nothing */
		async rpcFault(method: string, count: number, status: number, delayMs?: number) {
			await ctl('POST', '/comagic/rpc-faults', { method, count, status, delayMs });
		},
	};
}

// ---------------------------------------------------------------------------------------------- missed calls

export async function runMissedCallChecks(ctx: CoMagicTemplateContext): Promise<void> {
	const n8n = n8nSetup(ctx);
	const sb = sandboxClient(ctx.sandbox);
	const runNow = () =>
		ctx.http.post(`/webhook/${CALLBACK_WEBHOOKS.runNow}`, {}, { timeout: 120_000 });
	let workflowId = '';
	let tableId = '';
	let wf: Workflow | undefined;

	// closed now in Moscow: a one-hour window on the other side of the day
	const moscow = DateTime.now().setZone('Europe/Moscow');
	const closed =
		moscow.hour >= 12 ? { from: '01:00', to: '02:00' } : { from: '22:00', to: '23:00' };
	const [burst1, burst2, burst3, burst4, burst5, repeatCaller, gotThrough, calledBack] = numbers(8);
	const burst = [burst1, burst2, burst3, burst4, burst5, repeatCaller];
	/** the lost call each number should be called back for (its newest) */
	const expected = new Map<string, number>();
	let manualCallback = 0;
	let since = 0;

	await check(
		'missed-call callback: table, credential, import, Settings bound, activated through the API',
		async () => {
			await n8n.login();
			tableId = await n8n.createTable(CALLBACK_TABLE_NAME, CALLBACK_COLUMNS);
			const credential = await n8n.credential(
				'CoMagic account',
				'coMagicApi',
				coMagicCredentialData(ctx.sandbox),
			);
			wf = prepareTemplate({
				file: TEMPLATE_FILES.missedCallCallback,
				saveSuccessfulExecutions: true,
				settings: {
					callbackTableId: tableId,
					virtualNumber: COMAGIC_VIRTUAL_NUMBER,
					operatorPhone: OPERATOR,
					timeZone: 'Europe/Moscow',
					weekdayFrom: closed.from,
					weekdayTo: closed.to,
					weekendFrom: closed.from,
					weekendTo: closed.to,
					lookbackHours: 1,
					graceMinutes: 0,
					callbacksPerTick: 50,
				},
				credentials: { coMagicApi: credential },
			});
			workflowId = await n8n.create(wf);
			await n8n.activate(workflowId);
			await waitFor(
				'the Run now webhook',
				async () => ((await runNow().catch(() => undefined))?.status === 200 ? true : undefined),
				60_000,
			);
		},
	);
	if (!wf) return;

	await check(
		'missed-call callback: outside working hours nothing is dialled, the lost calls wait in the table',
		async () => {
			since = await sb.logPosition();
			for (const phone of burst) expected.set(phone, await sb.inbound(phone, true));
			// the repeat caller tries again: only the newest lost call gets the callback
			await sleep(1100);
			expected.set(repeatCaller, await sb.inbound(repeatCaller, true));
			// got through on a second try: lost, then answered
			await sb.inbound(gotThrough, true);
			await sleep(1100);
			await sb.inbound(gotThrough, false);
			// already called back: a call with external_id = the lost call's id, placed before the workflow runs
			const lost = await sb.inbound(calledBack, true);
			const started = await axios.post(ctx.sandbox.urls.comagicCallApi, {
				jsonrpc: '2.0',
				id: 1,
				method: 'start.simple_call',
				params: {
					access_token: COMAGIC_ACCESS_KEY,
					first_call: 'operator',
					virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
					contact: calledBack,
					operator: OPERATOR,
					external_id: String(lost),
				},
			});
			manualCallback = Number(started.data?.result?.data?.call_session_id);
			assert(manualCallback > 0, `the manual callback: ${JSON.stringify(started.data)}`);
			await sb.ctl('POST', '/comagic/finish-call', { call_session_id: manualCallback });

			const res = await runNow();
			assert(res.status === 200, `run now: HTTP ${res.status}`);
			const starts = await sb.callApi(since, 'start.simple_call');
			const ours = starts.filter((p) => p.contact !== calledBack);
			assert(
				ours.length === 0,
				`outside working hours (${closed.from}–${closed.to} Moscow, now ${moscow.toFormat('HH:mm')}) the sandbox got ${ours.length} starts: ${JSON.stringify(ours)}`,
			);
			const rows = await n8n.rows(tableId);
			const waiting = burst.filter((p) =>
				rows.some((r) => r.lostCallId === String(expected.get(p)) && !r.status),
			);
			assert(
				waiting.length === burst.length,
				`waiting rows for ${waiting.length} of ${burst.length} lost calls: ${JSON.stringify(rows.filter((r) => burst.includes(r.phone)))}`,
			);
			assert(
				!rows.some((r) => r.phone === gotThrough && !r.status),
				'a number that got through waits for a callback',
			);
		},
	);

	await check(
		'missed-call callback: in working hours, overlapping ticks ring each lost call exactly once, operator first',
		async () => {
			setSetting(wf!, 'weekdayFrom', '00:00');
			setSetting(wf!, 'weekdayTo', '24:00');
			setSetting(wf!, 'weekendFrom', '00:00');
			setSetting(wf!, 'weekendTo', '24:00');
			await n8n.update(workflowId, wf!);
			await sleep(1500);
			// the first ticks in working hours, three at once; then two more once those calls have ended
			const before = Date.now();
			const overlapping = await Promise.all([runNow(), runNow(), runNow()]);
			assert(
				overlapping.every((r) => r.status === 200),
				`run now: ${overlapping.map((r) => r.status).join(',')}`,
			);
			await sleep(4000);
			await Promise.all([runNow(), runNow()]);

			const problems: string[] = [];
			const starts = await sb.callApi(since, 'start.simple_call');
			for (const phone of burst) {
				const mine = starts.filter((p) => p.contact === phone);
				const attempts = await sb.attempts(phone);
				if (mine.length !== 1 || attempts.length !== 1)
					problems.push(`${phone}: ${mine.length} starts, ${attempts.length} calls placed`);
				const p = mine[0];
				if (
					p &&
					(p.external_id !== String(expected.get(phone)) ||
						p.first_call !== 'operator' ||
						p.operator !== OPERATOR)
				) {
					problems.push(
						`${phone}: external_id ${p.external_id} (lost call ${expected.get(phone)}), first_call ${p.first_call}, operator ${p.operator}`,
					);
				}
			}
			const gotThroughStarts = starts.filter((p) => p.contact === gotThrough).length;
			if (gotThroughStarts)
				problems.push(`the number answered after its lost call got ${gotThroughStarts} callbacks`);
			const calledBackStarts = starts.filter((p) => p.contact === calledBack).length;
			if (calledBackStarts !== 1)
				problems.push(`the number already called back got ${calledBackStarts - 1} more starts`);
			assert(problems.length === 0, problems.join('; '));

			// the claim, not only the external-id lookup, stopped the losers: one lookup per lost call in the sandbox's log
			const lookups = (await sb.callApi(since, 'get.calls_report')).filter(
				(p) => p.filter?.field === 'call_api_external_id',
			);
			const perId = new Map<string, number>();
			for (const p of lookups)
				perId.set(String(p.filter.value), (perId.get(String(p.filter.value)) ?? 0) + 1);
			const extra = burst.filter((phone) => (perId.get(String(expected.get(phone))) ?? 0) !== 1);
			assert(
				extra.length === 0,
				`external-id lookups per lost call: ${JSON.stringify(burst.map((p) => [expected.get(p), perId.get(String(expected.get(p))) ?? 0]))}`,
			);

			// the ticks really overlapped, and a loser met a claimed row (n8n's execution records)
			const runs = (await n8n.executions(workflowId)).filter(
				(e) => Date.parse(e.startedAt) >= before - 1000,
			);
			const spans = runs
				.map((e) => [Date.parse(e.startedAt), Date.parse(e.stoppedAt)])
				.sort((a, b) => a[0] - b[0]);
			const overlapped = spans.some((s, i) => i > 0 && s[0] < spans[i - 1][1]);
			assert(overlapped, `no two runs overlapped: ${JSON.stringify(spans)}`);
			const failed = runs.filter((e) => e.status !== 'success');
			assert(
				failed.length === 0,
				`runs that did not succeed: ${failed.map((e) => `${e.id} ${e.status} ${e.data?.resultData?.error?.message}`).join('; ')}`,
			);
			// a run that found the rows already claimed went on without dialling
			const losers = runs.filter(
				(e) => e.data?.resultData?.runData?.['Lost the claim (another run has it)'],
			);
			assert(
				losers.length > 0,
				'no run met a row another run had claimed: the claim was never contended',
			);
			log(
				`        ${burst.length} lost numbers, ${starts.length - 1} callbacks started by n8n in ${runs.length} runs (${losers.length} lost a claim)`,
			);
		},
	);

	await check(
		'missed-call callback: the table shows what was done for each lost call',
		async () => {
			const rows = await n8n.rows(tableId);
			const row = (id: number | undefined) => rows.filter((r) => r.lostCallId === String(id));
			const problems: string[] = [];
			for (const phone of burst) {
				const mine = row(expected.get(phone));
				if (mine.length !== 1 || mine[0].status !== 'called' || !mine[0].callSessionId) {
					problems.push(`${phone}: ${JSON.stringify(mine)}`);
				}
			}
			const older = rows.filter(
				(r) => r.phone === repeatCaller && r.lostCallId !== String(expected.get(repeatCaller)),
			);
			if (!older.every((r) => r.status === 'not needed'))
				problems.push(`the repeat caller's older lost call: ${JSON.stringify(older)}`);
			if (rows.some((r) => r.phone === gotThrough && r.status !== 'not needed'))
				problems.push('the number that got through has an open row');
			// the callbacks placed by the sandbox are the ones the table names
			for (const phone of burst) {
				const placed = (await sb.attempts(phone)).map((a) => String(a.ref));
				const recorded = row(expected.get(phone))[0]?.callSessionId;
				if (!placed.includes(String(recorded)))
					problems.push(
						`${phone}: table says call ${recorded}, sandbox placed ${placed.join(',')}`,
					);
			}
			assert(problems.length === 0, problems.join('; '));
		},
	);

	await runStuckRowChecks({ ctx, sb, n8n, runNow, wf: wf!, workflowId, tableId });

	await runRetentionChecks({
		what: 'missed-call callback',
		ctx,
		n8n,
		tableId,
		key: 'lostCallId',
		// final: called, not needed, failed; waiting (empty) and calling can still change
		row: (key, status, i) => ({
			lostCallId: key,
			phone: `7000${String(Date.now()).slice(-4)}${String(i).padStart(3, '0')}`,
			lostAt: '2026-01-01 10:00:00',
			status,
			claimedMs: status === 'calling' ? Date.now() : null,
		}),
		finalStatuses: ['called', 'not needed', 'failed'],
		openStatuses: [null, 'calling'],
		settings: async (values) => {
			for (const [name, value] of Object.entries(values)) setSetting(wf!, name, value);
			await n8n.update(workflowId, wf!);
			await sleep(1500);
		},
		run: async () => {
			const res = await runNow();
			return res.status;
		},
		workflowId,
	});
}

/** What the stuck-row checks share with the suite above. */
interface StuckRowContext {
	ctx: CoMagicTemplateContext;
	sb: ReturnType<typeof sandboxClient>;
	n8n: ReturnType<typeof n8nSetup>;
	runNow: () => Promise<{ status: number }>;
	wf: Workflow;
	workflowId: string;
	tableId: string;
}

/**
 * Rows that can never be dialled again (a failed start, a claim whose tick died) must not take the tick's share of
 * callbacks from the callers behind them. Counted from the sandbox: start requests it received, calls it placed.
 */
async function runStuckRowChecks({
	ctx,
	sb,
	n8n,
	runNow,
	wf,
	workflowId,
	tableId,
}: StuckRowContext) {
	const perTick = 3;
	/** per number: start requests the sandbox got since `from` (failed ones too), and calls it placed */
	const tally = async (phones: string[], from: number) => {
		const starts = await sb.callApi(from, 'start.simple_call');
		return Promise.all(
			phones.map(async (phone) => ({
				phone,
				starts: starts.filter((p) => p.contact === phone).length,
				placed: (await sb.attempts(phone)).length,
			})),
		);
	};
	const rowsOf = async (phones: string[]) =>
		(await n8n.rows(tableId)).filter((r) => phones.includes(r.phone));
	/** ticks one at a time until every number has a placed call (at most `max` ticks); returns the ticks run */
	const tickUntilPlaced = async (phones: string[], max: number) => {
		for (let tick = 1; tick <= max; tick++) {
			const res = await runNow();
			assert(res.status === 200, `run now: HTTP ${res.status}`);
			const placed = await Promise.all(phones.map(async (p) => (await sb.attempts(p)).length));
			if (placed.every((n) => n > 0)) return tick;
		}
		return max + 1;
	};

	/** a Settings field changed and saved; `perTick` new numbers with a lost call each, `more` numbers not called yet */
	const scene = async (setting: string, value: number, more: number) => {
		setSetting(wf, setting, value);
		await n8n.update(workflowId, wf);
		await sleep(1500);
		const from = await sb.logPosition();
		const phones = numbers(perTick + more);
		for (const phone of phones.slice(0, perTick)) await sb.inbound(phone, true);
		return { from, lost: phones.slice(0, perTick), more: phones.slice(perTick) };
	};

	await check(
		`missed-call callback: a CoMagic outage fails the first ${perTick} starts; they stay failed, every later caller gets one callback`,
		async () => {
			const { from, lost: failing, more: later } = await scene('callbacksPerTick', perTick, 5);
			await sb.rpcFault('start.simple_call', perTick, 503);
			const outage = await runNow();
			assert(outage.status === 200, `run now: HTTP ${outage.status}`);
			for (const phone of later) await sb.inbound(phone, true);
			// two overlapping ticks first, then one at a time
			await Promise.all([runNow(), runNow()]);
			const ticks = await tickUntilPlaced(later, 6);
			await runNow();

			const problems: string[] = [];
			for (const t of await tally(failing, from))
				if (t.starts !== 1 || t.placed !== 0)
					problems.push(`failed ${t.phone}: ${t.starts} starts, ${t.placed} calls placed`);
			for (const t of await tally(later, from))
				if (t.starts !== 1 || t.placed !== 1)
					problems.push(`later ${t.phone}: ${t.starts} starts, ${t.placed} calls placed`);
			const failedRows = await rowsOf(failing);
			if (
				failedRows.length !== perTick ||
				!failedRows.every((r) => r.status === 'failed' && /start failed/.test(r.reason ?? ''))
			)
				problems.push(`rows of the failed starts: ${JSON.stringify(failedRows)}`);
			assert(problems.length === 0, problems.join('; '));
			log(
				`        ${perTick} starts failed and stayed failed; ${later.length} later callers rung once each, in ${ticks + 2} ticks`,
			);
		},
	);

	await check(
		'missed-call callback: n8n killed (SIGKILL) mid-tick leaves rows "calling": they block nobody, and are taken over once stale',
		async () => {
			assert(ctx.n8n, 'the suite was given no n8n to kill (tests/e2e/run.ts passes it)');
			const staleMinutes = ctx.n8n.staleMinutes ?? 2;
			const { from, lost: stuck, more: after } = await scene('staleClaimMinutes', staleMinutes, 2);
			// the tick claims all three, then its first start hangs (and would fail): n8n dies while it waits
			await sb.rpcFault('start.simple_call', 1, 503, 60_000);
			const inFlight = runNow().catch(() => undefined);
			await waitFor(
				'the hanging start',
				async () =>
					(await sb.callApi(from, 'start.simple_call')).some((p) => stuck.includes(p.contact))
						? true
						: undefined,
				60_000,
			);
			await ctx.n8n.kill();
			const killedAt = Date.now();
			// not awaited yet: in queue mode the webhook answers only once n8n gives the lost job up
			for (const phone of after) await sb.inbound(phone, true);
			await ctx.n8n.start();
			await waitFor(
				'the Run now webhook after the restart',
				async () => ((await runNow().catch(() => undefined))?.status === 200 ? true : undefined),
				90_000,
			);

			// before the claims are stale: the new callers are rung, the claimed rows wait
			await tickUntilPlaced(after, 3);
			const early = Date.now() - killedAt;
			const calling = await rowsOf(stuck);
			assert(
				early < staleMinutes * 60_000 - 5000,
				`n8n took ${Math.round(early / 1000)} s to come back: the claims went stale before the check could see them`,
			);
			assert(
				calling.length === perTick && calling.every((r) => r.status === 'calling'),
				`rows the dead tick claimed: ${JSON.stringify(calling)}`,
			);

			// once stale, the next ticks take them over: one call each
			await sleep(Math.max(0, staleMinutes * 60_000 - (Date.now() - killedAt)) + 1000);
			const ticks = await tickUntilPlaced(stuck, 4);
			await runNow();
			await inFlight;

			const problems: string[] = [];
			const stuckTally = await tally(stuck, from);
			for (const t of [...stuckTally, ...(await tally(after, from))])
				if (t.placed !== 1) problems.push(`${t.phone}: ${t.placed} calls placed`);
			// the start that hung reached the sandbox but placed nothing: one number has two start requests
			const starts = stuckTally.map((t) => t.starts).sort();
			if (JSON.stringify(starts) !== JSON.stringify([1, 1, 2]))
				problems.push(`start requests of the claimed numbers: ${starts.join(', ')}`);
			const rows = await rowsOf(stuck);
			if (!rows.every((r) => r.status === 'called'))
				problems.push(`rows after the takeover: ${JSON.stringify(rows)}`);
			assert(problems.length === 0, problems.join('; '));
			log(
				`        n8n back in ${Math.round(early / 1000)} s; ${after.length} new callers rung while ${perTick} rows stayed claimed; taken over in ${ticks} tick(s)`,
			);
		},
	);
}

// ---------------------------------------------------------------------------------------------- retention

interface RetentionContext {
	what: string;
	ctx: CoMagicTemplateContext;
	n8n: ReturnType<typeof n8nSetup>;
	tableId: string;
	/** the table's key column */
	key: string;
	/** a row of the table with this key and status */
	row: (key: string, status: string | null, i: number) => Row;
	finalStatuses: string[];
	openStatuses: Array<string | null>;
	/** Settings fields changed and saved, as a clinic does in the editor */
	settings: (values: Record<string, unknown>) => Promise<void>;
	/** one clean-up run; its HTTP status */
	run: () => Promise<number>;
	workflowId: string;
}

/**
 * Final rows older than retentionDays leave the table, at most cleanupPerRun a run; open rows of the same age and
 * recent final rows stay; 0 keeps every row; a wrong setting fails the run, saying what to fix. Rows inserted through
 * n8n's REST and moved into the past, counted from the table.
 */
async function runRetentionChecks(r: RetentionContext): Promise<void> {
	const backdate = r.ctx.backdate;
	if (!backdate) {
		log(`  skip  ${r.what}: retention (rows cannot be moved into the past in this database)`);
		return;
	}
	const { cookie, projectId } = r.n8n.session();
	const tag = `R${String(Date.now()).slice(-7)}`;
	const perRun = 3;
	const oldFinal = Array.from({ length: 7 }, (_, i) => ({
		key: `${tag}-old-${i}`,
		status: r.finalStatuses[i % r.finalStatuses.length],
	}));
	const oldOpen = r.openStatuses.map((status, i) => ({ key: `${tag}-open-${i}`, status }));
	const recent = r.finalStatuses.map((status, i) => ({ key: `${tag}-new-${i}`, status }));
	const keysLeft = async () => {
		const rows = await r.n8n.rows(r.tableId);
		return { all: rows.length, ours: new Set(rows.map((x) => String(x[r.key]))) };
	};
	const left = (have: Set<string>, list: Array<{ key: string }>) =>
		list.filter((x) => have.has(x.key)).length;
	/** the newest execution of the workflow: its status, error and how long each clean-up node took */
	const newest = async () => {
		const runs = await r.n8n.executions(r.workflowId);
		const e = runs.sort((a, b) => Number(b.id) - Number(a.id))[0];
		const took = (name: string) => e?.data?.resultData?.runData?.[name]?.[0]?.executionTime;
		return {
			status: e?.status,
			error: String(e?.data?.resultData?.error?.message ?? ''),
			readMs: took('Old final rows'),
			removeMs: took('Remove old row'),
			ms: e ? Date.parse(e.stoppedAt) - Date.parse(e.startedAt) : undefined,
		};
	};

	await check(
		`${r.what}: final rows older than retentionDays go, at most cleanupPerRun a run; open and recent rows stay`,
		async () => {
			const rows = [...oldFinal, ...oldOpen, ...recent].map((x, i) => r.row(x.key, x.status, i));
			const res = await r.ctx.http.request({
				method: 'POST',
				url: `/rest/projects/${projectId}/data-tables/${r.tableId}/insert`,
				data: { data: rows, returnType: 'count' },
				headers: { cookie },
			});
			assert(res.status < 300, `inserting rows: HTTP ${res.status} ${JSON.stringify(res.data)}`);
			const old = [...oldFinal, ...oldOpen].map((x) => x.key);
			const moved = backdate(r.tableId, r.key, old, DateTime.now().minus({ days: 46 }).toJSDate());
			assert(moved === old.length, `moved ${moved} of ${old.length} rows 46 days back`);

			const counts: string[] = [];
			const runAndCount = async (label: string) => {
				const status = await r.run();
				assert(status === 200, `${label}: HTTP ${status}`);
				const now = await keysLeft();
				counts.push(`${label}: ${left(now.ours, oldFinal)} old final left`);
				return now;
			};
			await r.settings({ retentionDays: 0, cleanupPerRun: perRun });
			const start = await keysLeft();
			const kept = await runAndCount('retentionDays 0');
			assert(
				kept.all === start.all && left(kept.ours, oldFinal) === oldFinal.length,
				`retentionDays 0 removed rows: ${start.all} → ${kept.all}`,
			);

			await r.settings({ retentionDays: 45, cleanupPerRun: perRun });
			const first = await runAndCount('run 1');
			const timing = await newest();
			const second = await runAndCount('run 2');
			const third = await runAndCount('run 3');
			const problems: string[] = [];
			const removed = [start.all - first.all, first.all - second.all, second.all - third.all];
			if (
				JSON.stringify(removed) !== JSON.stringify([perRun, perRun, oldFinal.length - 2 * perRun])
			)
				problems.push(
					`rows removed per run: ${removed.join(', ')} (bound ${perRun}, ${oldFinal.length} due)`,
				);
			if (left(third.ours, oldFinal) !== 0) problems.push('old final rows left after three runs');
			if (left(third.ours, oldOpen) !== oldOpen.length)
				problems.push(`old open rows removed: ${oldOpen.length - left(third.ours, oldOpen)}`);
			if (left(third.ours, recent) !== recent.length)
				problems.push(`recent final rows removed: ${recent.length - left(third.ours, recent)}`);
			assert(problems.length === 0, `${problems.join('; ')} (${counts.join('; ')})`);
			log(
				`        removed ${removed.join(' + ')} of ${oldFinal.length}; a run of ${perRun}: read ${timing.readMs} ms, delete ${timing.removeMs} ms, whole run ${timing.ms} ms`,
			);
		},
	);

	await check(`${r.what}: a wrong clean-up setting fails the run with what to fix`, async () => {
		await r.settings({ retentionDays: 45, cleanupPerRun: 0 });
		const before = (await keysLeft()).all;
		await r.run();
		const e = await newest();
		await r.settings({ cleanupPerRun: perRun });
		assert(
			e.status === 'error' && /Settings → cleanupPerRun is "0"/.test(e.error),
			`newest execution: ${e.status} ${e.error}`,
		);
		assert((await keysLeft()).all === before, 'a run with a wrong setting changed the table');
	});
}

// ---------------------------------------------------------------------------------------------- sales

export async function runSaleChecks(ctx: CoMagicTemplateContext): Promise<void> {
	const n8n = n8nSetup(ctx);
	const sb = sandboxClient(ctx.sandbox);
	const url = `/webhook/${SALE_WEBHOOKS.paidVisit}`;
	const post = (body: unknown, secret = CLINIC_SECRET, path = url) =>
		ctx.http.post(path, body, { headers: { [SECRET_HEADER]: secret }, timeout: 60_000 });
	const run = String(Date.now()).slice(-6);
	let tableId = '';
	let workflowId = '';
	let wf: Workflow | undefined;

	await check(
		'sale tagging: table, credentials, import, Settings bound, activated through the API',
		async () => {
			await n8n.login();
			tableId = await n8n.createTable(SALE_TABLE_NAME, SALE_COLUMNS);
			const comagic = await n8n.credential(
				'CoMagic account',
				'coMagicApi',
				coMagicCredentialData(ctx.sandbox),
			);
			const header = await n8n.credential('Clinic system webhook', 'httpHeaderAuth', {
				name: SECRET_HEADER,
				value: CLINIC_SECRET,
			});
			const { id, workflow: template } = await installTemplate(n8n, {
				file: TEMPLATE_FILES.saleTagging,
				settings: { salesTableId: tableId, timeZone: 'Europe/Moscow' },
				credentials: { coMagicApi: comagic, httpHeaderAuth: header },
				// the clean-up runs through Clean up now here: a night falling inside the run would skew its counts
				edit: (template) => {
					template.nodes.find((n) => n.name === 'Every night')!.disabled = true;
				},
			});
			// registered when a wrong secret gets 403 (an unregistered webhook gets 404)
			await waitFor(
				'the Paid visit webhook',
				async () => ((await post({}, 'probe')).status === 403 ? true : undefined),
				60_000,
			);
			workflowId = id;
			wf = template;
		},
	);
	if (!wf) return;

	const [patient, second, onlyLost, byIdPatient] = numbers(4);
	const calls: Record<string, number> = {};
	let paidAt = '';

	await check(
		'sale tagging: a paid visit tags one sale on the newest answered call before the visit',
		async () => {
			calls.older = await sb.inbound(patient, false);
			await sleep(1100);
			calls.newest = await sb.inbound(patient, false);
			await sleep(1100);
			calls.lostAfter = await sb.inbound(patient, true);
			await sleep(1100);
			paidAt = DateTime.now().setZone('Europe/Moscow').toISO()!;
			await sleep(1100);
			calls.afterVisit = await sb.inbound(patient, false);
			const before = (await sb.sales()).length;
			const phone = `+7 (${patient.slice(1, 4)}) ${patient.slice(4, 7)}-${patient.slice(7, 9)}-${patient.slice(9)}`;
			const res = await post({ visitId: `V${run}-1`, amount: 3500, paidAt, phone });
			assert(
				res.status === 200 && res.data?.status === 'tagged',
				`answer: HTTP ${res.status} ${JSON.stringify(res.data)}`,
			);
			const sales = (await sb.sales()).slice(before);
			assert(
				sales.length === 1,
				`the sandbox took ${sales.length} sales: ${JSON.stringify(sales)}`,
			);
			assert(
				sales[0].communication_id === calls.newest && sales[0].transaction_value === 3500,
				`sale on call ${sales[0].communication_id} (${sales[0].transaction_value}); calls ${JSON.stringify(calls)}`,
			);
			assert(
				String(res.data.communicationId) === String(calls.newest),
				`the answer names call ${res.data.communicationId}`,
			);
		},
	);

	await check('sale tagging: a repeated post, and two at once, change nothing', async () => {
		const before = (await sb.sales()).length;
		const phone = patient;
		const again = await post({ visitId: `V${run}-1`, amount: 3500, paidAt, phone });
		assert(
			again.status === 200 && again.data?.status === 'already tagged',
			`repeat: HTTP ${again.status} ${JSON.stringify(again.data)}`,
		);
		assert((await sb.sales()).length === before, 'the repeat added a sale');

		calls.second = await sb.inbound(second, false);
		await sleep(1100);
		const body = {
			visitId: `V${run}-2`,
			amount: 1200.5,
			paidAt: DateTime.now().toISO(),
			phone: second,
		};
		const both = await Promise.all([post(body), post(body), post(body)]);
		const statuses = both.map((r) => `${r.status} ${r.data?.status}`);
		assert(
			both.filter((r) => r.data?.status === 'tagged').length === 1,
			`concurrent answers: ${statuses.join(', ')}`,
		);
		assert(
			both.every((r) => ['tagged', 'already tagged', 'in progress'].includes(r.data?.status)),
			`concurrent answers: ${statuses.join(', ')}`,
		);
		const sales = (await sb.sales()).slice(before);
		assert(
			sales.length === 1 && sales[0].communication_id === calls.second,
			`sales after the concurrent posts: ${JSON.stringify(sales)}`,
		);
		log(`        concurrent posts answered ${statuses.join(', ')}`);
	});

	await check(
		'sale tagging: overlapping posts of several visits tag each sale exactly once',
		async () => {
			const patients = numbers(4);
			const callOf = new Map<string, number>();
			for (const phone of patients) callOf.set(phone, await sb.inbound(phone, false));
			await sleep(1100);
			const before = (await sb.sales()).length;
			const bodies = patients.map((phone, i) => ({
				visitId: `V${run}-m${i}`,
				amount: 1000 + i,
				paidAt: DateTime.now().toISO(),
				phone,
			}));
			// every visit posted twice, all at once
			const answers = await Promise.all(bodies.flatMap((b) => [post(b), post(b)]));
			const sales = (await sb.sales()).slice(before);
			const problems: string[] = [];
			for (const phone of patients) {
				const mine = sales.filter((s) => s.communication_id === callOf.get(phone));
				if (mine.length !== 1) problems.push(`${phone}: ${mine.length} sales`);
			}
			if (sales.length !== patients.length) problems.push(`${sales.length} sales in all`);
			bodies.forEach((b, i) => {
				const pair = [answers[2 * i], answers[2 * i + 1]].map((r) => r.data?.status);
				if (pair.filter((st) => st === 'tagged').length !== 1)
					problems.push(`${b.visitId} answered ${pair.join(', ')}`);
			});
			assert(problems.length === 0, problems.join('; '));
		},
	);

	await check(
		'sale tagging: a claim whose execution died is taken over after staleClaimMinutes, and never tags twice',
		async () => {
			const { cookie, projectId } = n8n.session();
			const rows = (method: string, path: string, data: unknown) =>
				ctx.http.request({
					method,
					url: `/rest/projects/${projectId}/data-tables/${tableId}${path}`,
					data,
					headers: { cookie },
				});
			/** the row as an execution leaves it when n8n dies after claiming: status tagging, claimed `ago` ms back */
			const leaveClaimed = async (visitId: string, ago: number, values: Row = {}) => {
				const filter = {
					type: 'and',
					filters: [{ columnName: 'visitId', condition: 'eq', value: visitId }],
				};
				const data = { status: 'tagging', claim: 'dead', claimedMs: Date.now() - ago, ...values };
				const res = await rows('PATCH', '/rows', { filter, data });
				assert(
					res.status < 300,
					`claiming ${visitId}: HTTP ${res.status} ${JSON.stringify(res.data)}`,
				);
			};
			const stale = 11 * 60_000; // the template's staleClaimMinutes is 10
			const [tagged, untagged, fresh] = numbers(3);
			const callOf = new Map<string, number>();
			for (const phone of [tagged, untagged, fresh])
				callOf.set(phone, await sb.inbound(phone, false));
			await sleep(1100);
			const paid = DateTime.now().toISO()!;
			const before = (await sb.sales()).length;

			// 1. the dead execution had tagged the sale: the takeover repeats it exactly (its date and amount), CoMagic
			//    refuses the repeat, the row is recorded as tagged, no second sale
			const first = await post({ visitId: `V${run}-s1`, amount: 700, paidAt: paid, phone: tagged });
			assert(first.data?.status === 'tagged', `first post: ${JSON.stringify(first.data)}`);
			await leaveClaimed(`V${run}-s1`, stale, { saleId: null, communicationId: null });
			// posted again later, without a date: the claimed row's date counts, not this post's "now"
			const retry = await post({ visitId: `V${run}-s1`, amount: 700, phone: tagged });
			// 2. the dead execution never reached CoMagic: the takeover tags the sale once;
			// 3. a claim younger than staleClaimMinutes belongs to a live execution: not taken over
			const claimed = (visitId: string, claim: string, claimedMs: number, amount: number) => ({
				visitId,
				status: 'tagging',
				claim,
				claimedMs,
				amount,
				paidAt: paid,
			});
			const inserted = await rows('POST', '/insert', {
				data: [
					claimed(`V${run}-s2`, 'dead', Date.now() - stale, 800),
					claimed(`V${run}-s3`, 'live', Date.now(), 900),
				],
				returnType: 'count',
			});
			assert(
				inserted.status < 300,
				`rows: HTTP ${inserted.status} ${JSON.stringify(inserted.data)}`,
			);
			const takenOver = await post({
				visitId: `V${run}-s2`,
				amount: 800,
				paidAt: paid,
				phone: untagged,
			});
			const busy = await post({ visitId: `V${run}-s3`, amount: 900, paidAt: paid, phone: fresh });

			const problems: string[] = [];
			if (
				retry.status !== 200 ||
				retry.data?.status !== 'tagged' ||
				retry.data?.alreadyInCoMagic !== true
			)
				problems.push(
					`takeover of a tagged sale: HTTP ${retry.status} ${JSON.stringify(retry.data)}`,
				);
			if (takenOver.data?.status !== 'tagged' || takenOver.data?.alreadyInCoMagic !== false)
				problems.push(
					`takeover of an untagged visit: HTTP ${takenOver.status} ${JSON.stringify(takenOver.data)}`,
				);
			if (busy.status !== 409 || busy.data?.status !== 'in progress')
				problems.push(`a live claim: HTTP ${busy.status} ${JSON.stringify(busy.data)}`);
			const sales = (await sb.sales()).slice(before);
			for (const [phone, want] of [
				[tagged, 1],
				[untagged, 1],
				[fresh, 0],
			] as const) {
				const n = sales.filter((s) => s.communication_id === callOf.get(phone)).length;
				if (n !== want) problems.push(`${phone}: ${n} sales, expected ${want}`);
			}
			assert(problems.length === 0, problems.join('; '));
		},
	);

	await check(
		'sale tagging: a communication id names the call; a visit with no answered call is reported, not guessed',
		async () => {
			calls.byId = await sb.inbound(byIdPatient, false);
			await sleep(1100);
			await sb.inbound(byIdPatient, false);
			const before = (await sb.sales()).length;
			const named = await post({
				visitId: `V${run}-3`,
				amount: 900,
				communicationId: String(calls.byId),
				paidAt: DateTime.now().toISO(),
			});
			assert(
				named.status === 200 && named.data?.status === 'tagged',
				`by id: HTTP ${named.status} ${JSON.stringify(named.data)}`,
			);
			let sales = (await sb.sales()).slice(before);
			assert(
				sales.length === 1 && sales[0].communication_id === calls.byId,
				`sales by id: ${JSON.stringify(sales)}`,
			);

			await sb.inbound(onlyLost, true);
			const none = await post({ visitId: `V${run}-4`, amount: 500, phone: onlyLost });
			assert(
				none.status === 404 &&
					none.data?.status === 'no matching call' &&
					/nothing was tagged/.test(none.data?.error),
				`no call: HTTP ${none.status} ${JSON.stringify(none.data)}`,
			);
			const unknown = await post({
				visitId: `V${run}-5`,
				amount: 500,
				communicationId: '999999999',
			});
			assert(
				unknown.status === 404 && /is not in the CoMagic call log/.test(unknown.data?.error),
				`unknown call: HTTP ${unknown.status} ${JSON.stringify(unknown.data)}`,
			);
			sales = (await sb.sales()).slice(before);
			assert(sales.length === 1, `sales after the unmatched visits: ${JSON.stringify(sales)}`);
		},
	);

	await check(
		'sale tagging: bad input gets a clear 400, a wrong secret 403, and nothing is tagged',
		async () => {
			const before = (await sb.sales()).length;
			const cases: Array<[unknown, RegExp]> = [
				[{ visitId: `V${run}-6`, phone: patient }, /amount is missing/],
				[{ visitId: `V${run}-7`, amount: 'free', phone: patient }, /amount "free" is not a number/],
				[{ visitId: `V${run}-8`, amount: 100 }, /phone or communicationId is missing/],
				[
					{ visitId: `V${run}-9`, amount: 100, phone: '345-67-89' },
					/phone "345-67-89" is not a Russian number/,
				],
				[{ amount: 100, phone: patient }, /visitId is missing/],
			];
			const wrong: string[] = [];
			for (const [body, want] of cases) {
				const res = await post(body);
				if (res.status !== 400 || !want.test(res.data?.error ?? ''))
					wrong.push(`${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.data)}`);
			}
			const denied = await post(
				{ visitId: `V${run}-10`, amount: 100, phone: patient },
				'wrong-secret',
			);
			if (denied.status !== 403) wrong.push(`wrong secret → ${denied.status}`);
			assert(wrong.length === 0, wrong.join('; '));
			const after = (await sb.sales()).length;
			assert(after === before, `bad input tagged ${after - before} sales`);
		},
	);

	await runRetentionChecks({
		what: 'sale tagging',
		ctx,
		n8n,
		tableId,
		key: 'visitId',
		// final: tagged; empty (released after a 404 or 502) and tagging can still change
		row: (key, status) => ({
			visitId: key,
			amount: 100,
			paidAt: '2026-01-01T10:00:00.000+03:00',
			status,
			claimedMs: status === 'tagging' ? Date.now() : null,
		}),
		finalStatuses: ['tagged'],
		openStatuses: [null, 'tagging'],
		settings: async (values) => {
			for (const [name, value] of Object.entries(values)) setSetting(wf!, name, value);
			await n8n.update(workflowId, wf!);
			await sleep(1500);
		},
		run: async () => (await post({}, CLINIC_SECRET, `/webhook/${SALE_WEBHOOKS.cleanUp}`)).status,
		workflowId,
	});

	await check(
		'sale tagging: a visit paid before retentionDays gets a 400 (its row may be gone), a later one goes on',
		async () => {
			const [phone] = numbers(1);
			const before = (await sb.sales()).length;
			const old = await post({
				visitId: `V${run}-old`,
				amount: 100,
				phone,
				paidAt: DateTime.now().minus({ days: 46 }).toISO(),
			});
			assert(
				old.status === 400 &&
					/is more than 45 days ago \(Settings → retentionDays\)/.test(old.data?.error),
				`paid 46 days ago: HTTP ${old.status} ${JSON.stringify(old.data)}`,
			);
			// inside the period the post goes on (no call from this number: 404, not 400)
			const inside = await post({
				visitId: `V${run}-old2`,
				amount: 100,
				phone,
				paidAt: DateTime.now().minus({ days: 40 }).toISO(),
			});
			assert(
				inside.status === 404 && inside.data?.status === 'no matching call',
				`paid 40 days ago: HTTP ${inside.status} ${JSON.stringify(inside.data)}`,
			);
			assert((await sb.sales()).length === before, 'a sale was tagged');
		},
	);
}
