/**
 * A year of operation, in the n8n the reminder checks (tests/e2e/reminders.ts) left set up:
 *   - the drain before a restart: Settings → pauseCalls, the *Drain status* webhook until no call is in flight,
 *     n8n restarted, calls resumed: every status callback answered 2xx, nobody called twice, nothing lost;
 *   - the Data Table size limit: n8n restarted with a limit just above what the tables hold, the ledger filled to it
 *     while a call is in flight; the patient's cancel cannot be recorded in the ledger, reaches the clinic system
 *     directly (the callback answered 500), and once space is freed the reminder takes the answer from the clinic
 *     system instead of calling again.
 * Judged from the sandbox's records (placed calls, callback deliveries, clinic writes) and the ledger.
 */
import axios from 'axios';
import { DateTime } from 'luxon';

import { controlClient } from '../../sandbox/controlClient';
import type { Sandbox } from '../../sandbox';
import { heardByN8n } from '../../sandbox/voicebox/delivery';
import { REMINDER_WEBHOOKS } from '../../templates/names';
import type { N8n } from '../../tooling/n8n/n8n';
import type { ReminderRun } from './reminders';
import { resetting, type InstalledReport } from '../../tooling/n8n/report';
import { n8nSetup, tableRows } from '../../setup/n8nClient';
import { setSetting } from '../../setup/workflowFile';
import { assert, check, log, waitFor } from './support/checks';

export interface YearContext {
	n8n: N8n;
	sandbox: Sandbox;
	apiKey: string;
	owner: { email: string; password: string };
	run: ReminderRun;
	/** the report the report suite installed: its page must warn when the tables are near the limit */
	report?: InstalledReport;
}

type Row = Record<string, any>;

export async function runYearChecks(ctx: YearContext): Promise<void> {
	const { n8n, sandbox, run } = ctx;
	const { http } = n8n;
	const ctl = controlClient(sandbox).request;
	const setup = n8nSetup({ http, apiKey: ctx.apiKey, v1: n8n.v1, owner: ctx.owner });
	const rest = (method: string, path: string, data?: unknown) =>
		http.request({ method, url: `/rest${path}`, data, headers: { cookie: run.cookie } });
	const rowsUrl = `/projects/${run.projectId}/data-tables/${run.tableId}`;
	const ledger = () => tableRows((query) => rest('GET', `${rowsUrl}/rows${query}`), 'reading the ledger');
	const runNow = () => http.post(`/webhook/${REMINDER_WEBHOOKS.runNow}`, {}, { timeout: 180_000 });
	const drain = async () => (await http.get(`/webhook/${REMINDER_WEBHOOKS.drainStatus}`)).data as Row;
	const digits = (p: string) => `7${p.replace(/\D/g, '').slice(-10)}`;
	const callsTo = async (phone: string) =>
		((await ctl('GET', '/voicebox/calls')).data as Row[]).filter(
			(c) => c.campaignId === run.campaign && c.number === digits(phone) && c.placedAt,
		);
	const registered = () =>
		waitFor(
			'the reminder webhooks',
			async () => {
				const probe = await http.post(`/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`, {}, { headers: { 'X-Webhook-Secret': 'probe' } });
				return probe.status === 401 ? true : undefined;
			},
			90_000,
		);
	const setPause = async (paused: boolean) => {
		setSetting(run.reminderWf, 'pauseCalls', paused);
		await setup.update(run.reminderId, run.reminderWf);
		await registered();
	};
	const startAt = DateTime.fromISO(`${run.date}T12:00:00`, { zone: run.zone }).toISO()!;
	let serial = 0;
	/** a visit for tomorrow whose patient answers `outcome` after a call of `durationMs` */
	const addVisit = async (id: string, outcome: number, durationMs: number) => {
		const phone = `+7 (913) 5${String(++serial).padStart(2, '0')}-${String(Date.now() % 100).padStart(2, '0')}-22`;
		const made = await ctl('POST', '/clinic/visits', { id, phone, timeZone: run.zone, startAt, specialty: 'Терапевт' });
		assert(made.status === 200, `visit ${id}: ${JSON.stringify(made.data)}`);
		const script = await ctl('POST', '/voicebox/script', { number: digits(phone), outcomes: [outcome, outcome, outcome], durationMs });
		assert(script.status === 200, `script ${id}: ${JSON.stringify(script.data)}`);
		return { id, phone };
	};
	/** ticks until `done` holds (a row is imported on one tick and dialled on a later one) */
	const tickUntil = async (what: string, done: () => Promise<boolean>, ms = 240_000) =>
		waitFor(what, async () => {
			await runNow();
			return (await done()) ? true : undefined;
		}, ms);
	const rowOf = async (visitId: string) => (await ledger()).find((r) => r.visitId === visitId);

	await check('drain: calls paused, the in-flight calls end, n8n restarts, calls resume: no lost callback, no extra call', async () => {
		const inFlight = [await addVisit('Y-drain-1', 1, 20_000), await addVisit('Y-drain-2', 1, 20_000)];
		await tickUntil('the drain visits dialled', async () =>
			(await Promise.all(inFlight.map((v) => callsTo(v.phone)))).every((calls) => calls.length === 1),
		);
		// n8n 1.x re-registers a workflow's webhooks when it is saved: a status posted in that instant gets 404
		// (workflows/README.md, Running for a year). Save the switch between the pickups and the answers, as a
		// clinic's save lands between posts almost always.
		await waitFor('the pickups answered', async () => {
			const calls = (await Promise.all(inFlight.map((v) => callsTo(v.phone)))).flat();
			const pickups = calls.flatMap((c) => (c.callbacks as Row[]).filter((d) => d.kind === 'pickup' && !d.lost));
			// the e2e campaign posts every status twice (tests/e2e/reminders.ts: duplicates 1)
			return pickups.length >= inFlight.length * 2 && pickups.every((d) => d.status !== undefined || d.error) ? true : undefined;
		}, 30_000);
		await setPause(true);
		const during = await drain();
		assert(during.paused === true && during.callsInFlight >= 2 && during.readyToRestart === false, `drain status while calls are in flight: ${JSON.stringify(during)}`);
		// a visit that becomes due while paused is imported but not dialled
		const held = await addVisit('Y-drain-held', 1, 1000);
		await tickUntil('the held visit imported', async () => (await rowOf(held.id))?.status === 'due');
		const ready = await waitFor('the drain', async () => {
			const d = await drain();
			return d.readyToRestart === true ? d : undefined;
		}, 120_000);
		await runNow();
		assert((await callsTo(held.phone)).length === 0, 'a call was placed while calls were paused');
		log(`        drained: ${JSON.stringify(during.callsInFlight)} calls in flight → ${ready.callsInFlight}; "${String(ready.hint).slice(0, 60)}…"`);

		await n8n.stop();
		await n8n.start();
		await registered();
		await setPause(false);
		await tickUntil('the held visit answered after the restart', async () => (await rowOf(held.id))?.status === 'done');
		for (const v of [...inFlight, held]) {
			const calls = await callsTo(v.phone);
			assert(calls.length === 1, `${v.id}: ${calls.length} calls placed`);
			const deliveries = calls.flatMap((c) => (c.callbacks as Row[]).filter((d) => !d.lost));
			const bad = deliveries.filter((d) => !heardByN8n(d));
			assert(deliveries.length > 0 && bad.length === 0, `${v.id}: callbacks answered ${JSON.stringify(deliveries.map((d) => d.status ?? d.error))}`);
			const row = await rowOf(v.id);
			assert(row?.status === 'done' && row.outcome === 'confirmed', `${v.id}: ledger ${JSON.stringify([row?.status, row?.outcome])}`);
		}
		log('        3 visits: one call each, every callback answered 2xx across the restart');
	});

	await check('Data Table limit: a cancel the ledger cannot take reaches the clinic system, and nobody is called again', async () => {
		const limits = async () =>
			(await rest('GET', '/data-tables-global/limits')).data?.data as {
				totalBytes: number;
				quotaStatus: string;
				dataTables?: Record<string, { sizeBytes: number }>;
			};
		const before = await limits();
		assert(typeof before?.totalBytes === 'number', `limits: ${JSON.stringify(before)}`);
		// room for this visit's own rows and claims, not much more; checked on every write
		const limit = before.totalBytes + 512 * 1024;
		await n8n.stop();
		await n8n.start({ N8N_DATA_TABLES_MAX_SIZE_BYTES: String(limit), N8N_DATA_TABLES_SIZE_CHECK_CACHE_DURATION_MS: '0' });
		await registered();
		// the report told the limit, as docs/operations.md → A year of operation asks: the share left to the tables it
		// counts (here the ledger; the suites before left tables of their own that a clinic would not have)
		const others = before.totalBytes - (before.dataTables?.[run.tableId]?.sizeBytes ?? 0);
		if (ctx.report) await resetting(ctx.report, 'dataTablesLimitMb', (limit - others) / 1048576);
		const cancel = await addVisit('Y-cancel-at-limit', 2, 45_000);
		await tickUntil('the visit dialled', async () => (await callsTo(cancel.phone)).length === 1);
		// fill the ledger with finished history until n8n refuses the next write
		let filled = 0;
		for (let batch = 0; batch < 200; batch++) {
			const res = await rest('POST', `${rowsUrl}/insert`, {
				returnType: 'count',
				data: Array.from({ length: 50 }, (_, i) => ({
					visitId: `Y-history-${batch}-${i}`,
					visitStart: startAt,
					timeZone: run.zone,
					phone: '79130000000',
					status: 'done',
					attempts: 1,
					answered: true,
					outcome: 'confirmed',
					reason: 'history filler for the size limit check '.repeat(4),
					resultState: 'written',
				})),
			});
			if (res.status >= 400) {
				assert(/limit/i.test(JSON.stringify(res.data)), `insert refused for another reason: ${JSON.stringify(res.data).slice(0, 300)}`);
				break;
			}
			filled += 50;
		}
		const full = await limits();
		assert(full.quotaStatus === 'error', `the tables did not reach the limit: ${JSON.stringify(full)} of ${limit}`);
		log(`        limit ${limit} bytes: ${filled} history rows filled it (${full.totalBytes} bytes)`);
		if (ctx.report) {
			const page = await axios.get(ctx.report.url, { auth: ctx.report.auth, validateStatus: () => true });
			const box = /id="storage" data-level="(\w+)" data-percent="(\d+)"/.exec(String(page.data));
			assert(box && ['warn', 'error'].includes(box[1]) && Number(box[2]) >= 80, `the report's usage box at the limit: ${box ? box[0] : String(page.data).slice(0, 200)}`);
			log(`        the report page warns: ${box[1]}, ${box[2]} % (an estimate from row counts)`);
		}

		// the answer arrives while every write fails
		const answered = await waitFor('the clinic system holding the cancel', async () => {
			const visit = ((await ctl('GET', '/clinic/visits')).data as Row[]).find((v) => v.id === cancel.id);
			return visit?.reminder?.final ? visit.reminder : undefined;
		}, 120_000);
		assert(answered.outcome === 'cancelled', `the clinic holds ${JSON.stringify(answered)}`);
		// the answer's delivery is recorded when it is sent, its status when n8n answers (after the execution)
		const finals = await waitFor('the answer of the cancel callback', async () => {
			const [call] = await callsTo(cancel.phone);
			const sent = (call.callbacks as Row[]).filter((d) => d.kind === 'final' && !d.lost);
			return sent.length > 0 && sent.every((d) => d.status !== undefined || d.error) ? sent : undefined;
		}, 60_000);
		assert(finals.some((d) => d.status === 500), `the cancel's callback was answered ${JSON.stringify(finals.map((d) => d.status ?? d.error))}, not 500`);
		const row = await rowOf(cancel.id);
		assert(row && !row.answered && row.status !== 'done', `the ledger took the answer after all: ${JSON.stringify(row)}`);
		const failed = await setup.executions(run.reminderId);
		const kept = failed.find((e) => e.status === 'error' && /could not record the answer of visit Y-cancel-at-limit/.test(JSON.stringify(e.data?.resultData?.error ?? '')));
		assert(kept, 'no failed execution says the answer went to the clinic system directly');

		// space comes back (deleting is never refused): the sweep moves the row on, the re-read finds the answer
		const history = encodeURIComponent(JSON.stringify({ type: 'and', filters: [{ columnName: 'visitId', condition: 'like', value: 'Y-history-%' }] }));
		const removed = await rest('DELETE', `${rowsUrl}/rows?filter=${history}`);
		assert(removed.status < 300, `removing the history: ${removed.status} ${JSON.stringify(removed.data).slice(0, 200)}`);
		const settled = await tickUntil('the ledger taking the answer from the clinic system', async () => (await rowOf(cancel.id))?.status === 'done', 300_000).then(() => rowOf(cancel.id));
		assert(
			settled?.outcome === 'cancelled' && settled.resultState === 'written' && settled.attempts === 1,
			`ledger ${JSON.stringify([settled?.outcome, settled?.resultState, settled?.attempts, settled?.reason])}`,
		);
		assert((await callsTo(cancel.phone)).length === 1, 'the patient who cancelled was called again');
		const writes = ((await ctl('GET', '/clinic/writes')).data as Row[]).filter((w) => w.visitId === cancel.id);
		assert(writes.length === 1 && writes[0].status === 200, `clinic writes ${JSON.stringify(writes)}`);
		log('        the cancel: callback 500, clinic system cancelled, one call, one write; the ledger caught up');

		await n8n.stop();
		await n8n.start();
		await registered();
		if (ctx.report) await resetting(ctx.report, 'dataTablesLimitMb', 50);
	});
}
