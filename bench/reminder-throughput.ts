/**
 * Reminder throughput: the shipped reminder templates in a real n8n (imported and bound through the public API the
 * way tests/e2e/reminders.ts does it) remind `--visits` patients (default 1,000) through the sandbox's Voicebox at
 * 10 lines, with 30-second calls time-scaled by `--scale` (default 30: a call lasts 1 s). Patients answer in a fixed
 * mix: most confirm on the first call, some cancel, some need a second or third call.
 *
 * Judged from the sandbox (calls placed per visit, results the clinic received) and n8n (executions, the ledger, the
 * database file). The ideal is every placed call back to back on every line: calls × call length / lines, plus
 * the retry interval each retry has to wait (1 minute: the shortest the template accepts).
 */
import { statSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

import { DateTime } from 'luxon';

import { controlClient } from '../sandbox/controlClient';
import { startSandbox } from '../sandbox';
import { DEFAULT_VOICEBOX_LOGIN, DEFAULT_VOICEBOX_PASSWORD } from '../sandbox/voicebox/defaults';
import { bootN8n, createApiKey, ownerCookie, type N8n } from '../tooling/n8n/n8n';
import { clinicSystemFor } from '../tooling/n8n/clinicApi';
import { installTemplate } from '../tooling/n8n/template';
import { waitFor } from '../tooling/n8n/wait';
import {
	LEDGER_COLUMNS,
	LEDGER_TABLE_NAME,
	REMINDER_WEBHOOKS,
	TEMPLATE_FILES,
} from '../templates/names';
import { withN8nOutput } from './process';
import { show, spread } from './stats';
import { START_TIMEOUT_MS, type Benchmark, type BenchOptions } from './types';

const SECRET = 'bench-reminder-secret-51e0';
const CAMPAIGN = '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const LINES = 10;
const CALL_MS = 30_000;
const ZONE = 'Europe/Moscow';
/** per 20 patients: outcome codes of their successive calls (1 confirm, 2 cancel, 5 no answer) */
const MIX: number[][] = [
	...Array.from({ length: 14 }, () => [1]),
	[2],
	[2],
	[5, 1],
	[5, 1],
	[5, 5, 1],
	[5, 5, 5],
];

function databaseBytes(n8n: N8n): number {
	const dir = join(n8n.userFolder, '.n8n');
	return readdirSync(dir)
		.filter((f) => f.startsWith('database.sqlite'))
		.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

interface Sizes {
	visits: number;
	scale: number;
	batchSize: number;
	limitMin: number;
	callMs: number;
}

/** One figure of one run: a number (NaN = this run could not measure it) shown to `digits` decimals. */
type Figure = [label: string, value: number, digits: number];

interface OneRun {
	figures: Figure[];
	finished: boolean;
	errors: number;
	maxCalls: number;
	/** executions per visit excluding the ticks, against the goal of 3 + retries per visit */
	perVisit: number;
	goal: number;
	details: Record<string, unknown>;
}

export const reminderThroughput: Benchmark = {
	name: 'reminder-throughput',
	description: `Shipped reminder templates: visits through the sandbox Voicebox at ${LINES} lines, 30-second calls time-scaled`,
	async run(options: BenchOptions) {
		const visits = Number(options.flags.visits ?? (options.quick ? 40 : 1000));
		const scale = Number(options.flags.scale ?? 30);
		const batchSize = Number(options.flags.batch ?? 50);
		const limitMin = Number(options.flags['reminder-minutes'] ?? (options.quick ? 10 : 50));
		if (!(visits > 0 && scale > 0 && batchSize > 0))
			throw new Error(
				'--visits, --scale and --batch take positive numbers, e.g. --visits 200 --scale 30 --batch 50',
			);
		const sizes: Sizes = {
			visits,
			scale,
			batchSize,
			limitMin,
			callMs: Math.round(CALL_MS / scale),
		};
		// each run on a fresh sandbox and a fresh n8n, so no run inherits another's ledger or database
		const runs: OneRun[] = [];
		for (let r = 0; r < options.runs; r++) {
			console.log(`  run ${r + 1} of ${options.runs}`);
			runs.push(await runOnce(options, sizes));
		}
		const labels = runs[0].figures.map(([label]) => label);
		for (const run of runs.slice(1))
			for (const [label] of run.figures) if (!labels.includes(label)) labels.push(label);
		const rows = labels.map((label) => {
			const found = runs.flatMap((run) => run.figures.filter(([l]) => l === label));
			const measured = found.map(([, v]) => v).filter((v) => Number.isFinite(v));
			return {
				figure: label,
				value: measured.length
					? show(spread(measured), found[0][2]) +
						(measured.length < runs.length ? ` (${measured.length} of ${runs.length} runs)` : '')
					: 'not measured (see the notes)',
			};
		});
		const finished = runs.filter((run) => run.finished).length;
		return {
			n8nVersion: options.version,
			runs: runs.length,
			ok:
				finished === runs.length &&
				runs.every((run) => run.errors === 0 && run.maxCalls <= 3 && run.perVisit <= run.goal),
			rows,
			notes: [
				`${visits} visits per run, outcome mix per 20 patients: 14 confirm, 2 cancel, 2 answer the 2nd call, 1 the 3rd, 1 never; calls last ${sizes.callMs} ms (30 s / ${scale}); batch size ${batchSize}; run-now is called again 1 s after each tick ends (the every-minute schedule runs too). ${runs.length} run(s), each on a fresh sandbox and n8n: the median with min–max; ${finished} of ${runs.length} had every visit done within ${limitMin} min.`,
				`Executions per visit excluding the ticks = all executions of both workflows minus (run-now ticks + schedule ticks) × what one tick with nothing due costs, measured by 3 idle ticks after the run; a status callback is one execution each (pickup status 4, then the answer), and the clinic system is one sub-workflow execution per tick for all the visits it re-reads before calling and one for all the results it writes. The retry gap counts from the end of a call to the next call's start request (the template's interval is 1 min). The "dialling ticks" rows are n8n's own time per node in the 5 longest reminder executions that placed calls and imported nothing, divided by those calls: what n8n spends per call, which time scaling does not shrink; unscaled, ${LINES} lines with 30 s calls take a call every ${CALL_MS / LINES} ms. Load average ${loadavg()
					.map((l) => l.toFixed(1))
					.join(' / ')} on 2 cores when the runs ended.`,
			],
			details: { sizes, runs: runs.map((run) => run.details) },
		};
	},
};

async function runOnce(options: BenchOptions, sizes: Sizes): Promise<OneRun> {
	const { visits, scale, batchSize, limitMin, callMs } = sizes;
	const sandbox = await startSandbox({ port: 0, clinic: {} });
	const control = sandbox.urls.control;
	const ctl = controlClient(control).call;
	let n8n: N8n | undefined;
	try {
		n8n = await bootN8n({ version: options.version, startTimeoutMs: START_TIMEOUT_MS });
		const { http, v1 } = n8n;
		const apiKey = await createApiKey(http, await ownerCookie(http));
		const cookie = await ownerCookie(http);
		const api = async (
			method: string,
			path: string,
			data: unknown = method === 'GET' ? undefined : {},
		) => {
			const res = await http.request({
				method,
				url: `/api/v1${path}`,
				data,
				headers: { 'X-N8N-API-KEY': apiKey },
			});
			if (res.status >= 300)
				throw new Error(
					`${method} ${path}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`,
				);
			return res.data;
		};
		const rest = async (method: string, path: string, data?: unknown) => {
			const res = await http.request({ method, url: `/rest${path}`, data, headers: { cookie } });
			if (res.status >= 300) throw new Error(`${method} /rest${path}: HTTP ${res.status}`);
			return res.data.data;
		};

		// the clinic: only this run's visits, tomorrow at noon; each patient's answers scripted in the sandbox
		await ctl('POST', '/clinic/seed', { count: 0 });
		await ctl('POST', '/voicebox/config', {
			durationMs: callMs,
			pickupMs: Math.min(300, callMs),
		});
		await ctl('POST', '/voicebox/campaigns', {
			id: CAMPAIGN,
			name: 'Bench reminders',
			variables: ['name', 'phrase'],
			maxLines: LINES,
			window: { from: '00:00', to: '24:00', timeZone: ZONE },
			callback: {
				url: `${n8n.base}/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`,
				headers: { 'X-Webhook-Secret': SECRET },
				pickupStatus: 4,
			},
		});
		const startAt = DateTime.now()
			.setZone(ZONE)
			.plus({ days: 1 })
			.set({ hour: 12, minute: 0, second: 0 })
			.toISO();
		const phones: string[] = [];
		for (let i = 0; i < visits; i++) {
			const phone = `7913${String(i).padStart(7, '0')}`;
			phones.push(phone);
			await ctl('POST', '/clinic/visits', {
				id: `B-${i}`,
				phone: `+${phone}`,
				timeZone: ZONE,
				startAt,
				specialty: 'Терапевт',
			});
			await ctl('POST', '/voicebox/script', { number: phone, outcomes: MIX[i % MIX.length] });
		}

		// the templates, bound as a clinic would: ledger table, credentials (Voicebox, the trigger's secret), sub-workflow,
		// campaign
		const projectId = (await rest('GET', '/projects/personal')).id as string;
		const columns = Object.entries(LEDGER_COLUMNS).map(([name, type]) => ({ name, type }));
		const tableId = (
			await rest('POST', `/projects/${projectId}/data-tables`, {
				name: LEDGER_TABLE_NAME,
				columns,
			})
		).id as string;
		const schema = await api('GET', '/credentials/schema/mttVoiceboxApi');
		const credential = await api('POST', '/credentials', {
			name: 'MTT Voicebox account',
			type: 'mttVoiceboxApi',
			data: {
				url: sandbox.urls.voicebox,
				login: DEFAULT_VOICEBOX_LOGIN,
				password: DEFAULT_VOICEBOX_PASSWORD,
				...('allowedHttpRequestDomains' in (schema?.properties ?? {})
					? { allowedHttpRequestDomains: 'all' }
					: {}),
			},
		});
		// the trigger's secret: version 2 reads it from this credential (the name the template gives it)
		const triggerSecret = await api('POST', '/credentials', {
			name: 'MTT Voicebox trigger secret',
			type: 'mttVoiceboxTriggerApi',
			data: { secret: SECRET },
		});
		// the Clinic system's credential (this sandbox's clinic takes any)
		const clinic = await clinicSystemFor(
			async (name, type, data) =>
				(await api('POST', '/credentials', { name, type, data })) as { id: string; name: string },
			sandbox,
		);
		const clinicId = (await api('POST', '/workflows', clinic)).id as string;
		if (!v1) await api('POST', `/workflows/${clinicId}/publish`);
		const { id: reminderId } = await installTemplate(
			{
				create: async (wf) => (await api('POST', '/workflows', wf)).id as string,
				activate: (id) => api('POST', `/workflows/${id}/${v1 ? 'activate' : 'publish'}`),
			},
			{
				file: TEMPLATE_FILES.appointmentReminder,
				saveSuccessfulExecutions: true,
				settings: {
					ledgerTableId: tableId,
					clinicWorkflowId: clinicId,
					campaignId: CAMPAIGN,
					clinicTimeZone: ZONE,
					weekdayFrom: '00:00',
					weekdayTo: '24:00',
					weekendFrom: '00:00',
					weekendTo: '24:00',
					// scaled time: the shortest interval and sweep the template accepts
					intervalMinutes: 1,
					sweepMinutes: 1,
					batchSize,
				},
				credentials: {
					mttVoiceboxTriggerApi: { id: triggerSecret.id, name: triggerSecret.name },
					mttVoiceboxApi: { id: credential.id, name: credential.name },
				},
			},
		);
		// n8n registers a published workflow's webhooks a moment after the publish call answers (a run-now posted
		// at once got 404 "not registered"); registered when a wrong secret gets 401 instead of 404
		await waitFor(
			'the reminder webhooks',
			async () => {
				const probe = await http.post(
					`/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`,
					{},
					{ headers: { 'X-Webhook-Secret': 'probe' } },
				);
				return probe.status === 401 ? true : undefined;
			},
			60_000,
		);

		const ledger = async () => {
			const rows: Array<Record<string, any>> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
			// n8n serves at most MAX_ITEMS_PER_PAGE rows a page (@n8n/api-types: 250 on 2.x, 50 on 1.123) whatever
			// `take` asks for: read on until a page comes back empty
			for (;;) {
				const page = await rest(
					'GET',
					`/projects/${projectId}/data-tables/${tableId}/rows?take=250&skip=${rows.length}`,
				);
				rows.push(...page.data);
				if (!page.data.length) return rows;
			}
		};
		// ticks as fast as the template allows: run now again as soon as the last one answered
		const started = Date.now();
		let ticks = 0;
		let tickMs = 0;
		let done = 0;
		let firstTickMs = 0;
		let maxTickMs = 0;
		let tickCutOff = false;
		for (;;) {
			const t = Date.now();
			// a tick imports every visit of the day again (one ledger upsert and update each), so with 1,000 visits
			// one tick takes minutes: it may run until the run's time limit, not a fixed request timeout
			const res = await http
				.post(
					`/webhook/${REMINDER_WEBHOOKS.runNow}`,
					{},
					{ timeout: Math.max(60_000, limitMin * 60_000 - (t - started)) },
				)
				.catch((error: Error) => {
					if (!/timeout/i.test(error.message)) throw error;
					tickCutOff = true;
					return undefined;
				});
			const thisTick = Date.now() - t;
			tickMs += thisTick;
			ticks++;
			if (ticks === 1) firstTickMs = thisTick;
			maxTickMs = Math.max(maxTickMs, thisTick);
			if (thisTick > 30_000) console.log(`  tick ${ticks} took ${Math.round(thisTick / 1000)} s`);
			if (!res) break;
			if (res.status !== 200)
				throw new Error(
					`run now answered HTTP ${res.status}: ${JSON.stringify(res.data).slice(0, 300)}`,
				);
			const rows = await ledger();
			done = rows.filter((r) => r.status === 'done').length;
			if (rows.length === visits && done === visits) break;
			if (Date.now() - started > limitMin * 60_000) break;
			if (ticks % 10 === 0)
				console.log(
					`  ${Math.round((Date.now() - started) / 1000)} s: ${done}/${visits} visits done, ${ticks} ticks`,
				);
			await new Promise((r) => setTimeout(r, 1000));
		}
		const wallMs = Date.now() - started;

		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		const calls = ((await ctl('GET', '/voicebox/calls')) as Array<Record<string, any>>).filter(
			(c) => c.campaignId === CAMPAIGN && c.placedAt,
		);
		const perVisit = new Map<string, number>();
		for (const c of calls) perVisit.set(c.number, (perVisit.get(c.number) ?? 0) + 1);
		const expectedCalls = phones.reduce((sum, _p, i) => sum + MIX[i % MIX.length].length, 0);
		const retries = expectedCalls - visits;
		// executions of both workflows, by mode, with their run time
		const listExecutions = async () => {
			const all: Array<Record<string, any>> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
			for (const workflowId of [reminderId, clinicId]) {
				let cursor: string | undefined;
				do {
					const page = await api(
						'GET',
						`/executions?workflowId=${workflowId}&limit=250${cursor ? `&cursor=${cursor}` : ''}`,
					);
					all.push(...page.data.map((e: Record<string, unknown>) => ({ ...e, workflowId })));
					cursor = page.nextCursor ?? undefined;
				} while (cursor);
			}
			return all;
		};
		const executions = await listExecutions();
		// where a dialling tick's time goes: n8n's own time per node (runData executionTime) in the longest
		// executions that dialled and imported nothing (the first ticks import every visit, which is not per call)
		const byLength = executions
			.filter((e) => e.workflowId === reminderId && e.stoppedAt && e.startedAt)
			.sort(
				(a, b) =>
					Date.parse(b.stoppedAt) -
					Date.parse(b.startedAt) -
					(Date.parse(a.stoppedAt) - Date.parse(a.startedAt)),
			);
		const nodeMs = new Map<string, number>();
		let dialled = 0;
		let sampled = 0;
		for (const e of byLength.slice(0, 40)) {
			if (sampled === 5) break;
			const full = await api('GET', `/executions/${e.id}?includeData=true`);
			const runData = (full.data?.resultData?.runData ?? {}) as Record<
				string,
				Array<{ executionTime?: number }>
			>;
			if (!runData['Call patient'] || runData['Keep ledger row']) continue;
			sampled++;
			dialled += runData['Call patient'].length;
			for (const [node, runsOfNode] of Object.entries(runData))
				nodeMs.set(
					node,
					(nodeMs.get(node) ?? 0) + runsOfNode.reduce((sum, r) => sum + (r.executionTime ?? 0), 0),
				);
		}
		const slowest = [...nodeMs].sort((a, b) => b[1] - a[1]).slice(0, 8);
		// What a tick costs with nothing due, measured after the run: the bench ticks far more often than the
		// every-minute schedule a clinic runs, so the executions its own ticks cause are counted apart from
		// those each visit causes (status callbacks, re-reads, result writes).
		const count = (list: Array<Record<string, unknown>>, clinic: boolean) =>
			list.filter((e) => (e.workflowId === clinicId) === clinic).length;
		// only once every visit is done: before that a tick is not idle (and may take minutes)
		const idleTicks = done === visits ? 3 : 0;
		for (let i = 0; i < idleTicks; i++)
			await http.post(`/webhook/${REMINDER_WEBHOOKS.runNow}`, {}, { timeout: 300_000 });
		if (idleTicks) await new Promise((r) => setTimeout(r, 2000));
		const afterIdle = idleTicks ? await listExecutions() : executions;
		const idleReminder = count(afterIdle, false) - count(executions, false);
		const clinicPerTick = (count(afterIdle, true) - count(executions, true)) / idleReminder;
		const scheduleTicks = executions.filter(
			(e) => e.workflowId === reminderId && e.mode === 'trigger',
		).length;
		const callbacks =
			executions.filter((e) => e.workflowId === reminderId && e.mode === 'webhook').length - ticks;
		const tickExecutions = (ticks + scheduleTicks) * (1 + clinicPerTick);
		const visitExecutions = executions.length - tickExecutions;
		// where the time goes, from the sandbox's own timestamps of each call
		const at = (iso: string | undefined) => (iso ? Date.parse(iso) - started : NaN);
		const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
		const firstAttempts = calls.filter((c) => c.attempt === 1);
		const queuedMs = calls.map((c) => at(c.placedAt) - at(c.requestedAt));
		const byNumber = new Map<string, Array<Record<string, any>>>(); // eslint-disable-line @typescript-eslint/no-explicit-any
		for (const c of calls) byNumber.set(c.number, [...(byNumber.get(c.number) ?? []), c]);
		const retryGapMs: number[] = [];
		for (const list of byNumber.values()) {
			list.sort((a, b) => a.attempt - b.attempt);
			for (let i = 1; i < list.length; i++)
				retryGapMs.push(at(list[i].requestedAt) - at(list[i - 1].completedAt));
		}
		const lastCompleted = Math.max(...calls.map((c) => at(c.completedAt)));
		const timeline = {
			firstRequestS: Math.min(...calls.map((c) => at(c.requestedAt))) / 1000,
			lastFirstAttemptRequestS: Math.max(...firstAttempts.map((c) => at(c.requestedAt))) / 1000,
			firstAttemptsIdealS: (firstAttempts.length * callMs) / LINES / 1000,
			meanQueuedForLineMs: mean(queuedMs),
			meanRetryGapS: mean(retryGapMs) / 1000,
			maxRetryGapS: Math.max(0, ...retryGapMs) / 1000,
			lastCallEndS: lastCompleted / 1000,
			afterLastCallS: (wallMs - lastCompleted) / 1000,
		};
		const byKind = new Map<string, { count: number; ms: number }>();
		for (const e of executions) {
			const kind = `${e.workflowId === clinicId ? 'clinic sub-workflow' : 'reminder'} (${e.mode})`;
			const k = byKind.get(kind) ?? { count: 0, ms: 0 };
			k.count++;
			// an execution still running at the end has no stop time yet: counted, not timed
			if (e.stoppedAt && e.startedAt) k.ms += Date.parse(e.stoppedAt) - Date.parse(e.startedAt);
			byKind.set(kind, k);
		}
		const errors = executions.filter((e) => e.status === 'error').length;
		const idealMs = (calls.length * callMs) / LINES;
		const retryWaitMs = Math.max(...MIX.map((m) => m.length - 1)) * 60_000;
		const finished = done === visits;
		const maxCalls = Math.max(0, ...perVisit.values());
		const figures: Figure[] = [
			['visits done', done, 0],
			['wall time s', wallMs / 1000, 1],
			[`ideal s (calls × ${callMs} ms / ${LINES} lines)`, idealMs / 1000, 1],
			['ideal s incl. the 1-min retry waits', (idealMs + retryWaitMs) / 1000, 1],
			['wall / ideal incl. waits', wallMs / (idealMs + retryWaitMs), 2],
			[`calls placed (scripted: ${expectedCalls})`, calls.length, 0],
			['calls per visit', calls.length / visits, 2],
			['most calls to one visit', maxCalls, 0],
			[
				'n8n executions per visit (excluding the ticks)',
				finished ? visitExecutions / visits : NaN,
				2,
			],
			[`goal: executions per visit (3 + retries)`, 3 + retries / visits, 2],
			['n8n executions per visit (all, incl. the bench ticks)', executions.length / visits, 2],
			['Voicebox status callbacks per call', callbacks / calls.length, 2],
			['clinic sub-workflow executions per tick with nothing due', clinicPerTick, 2],
			['failed executions', errors, 0],
			['run-now ticks', ticks, 0],
			['tick mean ms', tickMs / ticks, 0],
			['first tick ms', firstTickMs, 0],
			['longest tick ms', maxTickMs, 0],
			['ledger rows', (await ledger()).length, 0],
			['database file MB', databaseBytes(n8n) / 1048576, 1],
			['first call requested after s', timeline.firstRequestS, 1],
			['last 1st-attempt call requested after s', timeline.lastFirstAttemptRequestS, 1],
			['… its line-limited ideal s', timeline.firstAttemptsIdealS, 1],
			['mean wait for a free line ms', timeline.meanQueuedForLineMs, 0],
			['retry: call end → next call requested s, mean (interval 60)', timeline.meanRetryGapS, 1],
			['retry gap max s', timeline.maxRetryGapS, 1],
			['last call ended after s', timeline.lastCallEndS, 1],
			['then until all done s', timeline.afterLastCallS, 1],
			[
				'dialling ticks: n8n ms per call placed, all nodes',
				dialled ? [...nodeMs.values()].reduce((x, y) => x + y, 0) / dialled : NaN,
				0,
			],
			...slowest.map(
				([node, ms]): Figure => [
					`dialling ticks: "${node}" ms per call placed`,
					dialled ? ms / dialled : NaN,
					0,
				],
			),
			...[...byKind].flatMap(([kind, k]): Figure[] => [
				[`executions: ${kind}`, k.count, 0],
				[`… ${kind} mean ms`, k.ms / k.count, 0],
			]),
		];
		if (tickCutOff) console.log('  the last tick was still running at the limit');
		return {
			figures,
			finished,
			errors,
			maxCalls,
			perVisit: visitExecutions / visits,
			goal: 3 + retries / visits,
			details: {
				visits,
				scale,
				callMs,
				batchSize,
				wallMs,
				ticks,
				firstTickMs,
				maxTickMs,
				tickCutOff,
				executions: executions.length,
				scheduleTicks,
				callbacks,
				clinicPerTick,
				tickExecutions,
				visitExecutions,
				timeline,
				loadAverage: loadavg(),
				byKind: Object.fromEntries(byKind),
			},
		};
	} catch (error) {
		throw withN8nOutput(error, n8n);
	} finally {
		await n8n?.dispose();
		await sandbox.stop();
	}
}
