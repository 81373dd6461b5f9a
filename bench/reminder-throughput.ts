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
import { loadavg } from 'node:os';

import { OUTBOUND_TIMEOUT_MS } from '../sandbox/core/types';
import { heardByN8n } from '../sandbox/voicebox/delivery';
import type { CallbackDelivery } from '../sandbox/voicebox/types';
import { REMINDER_WEBHOOKS } from '../templates/names';
import { withN8nOutput } from './process';
import { CAMPAIGN, LINES, startReminderBench } from './reminderSetup';
import { show, spread } from './stats';
import { n8nEnvFlag, type Benchmark, type BenchmarkResult, type BenchOptions } from './types';

const CALL_MS = 30_000;
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

interface Sizes {
	visits: number;
	scale: number;
	batchSize: number;
	limitMin: number;
	/** how often a run-now tick reads the day, in the clinic's (time-scaled) minutes */
	importMinutes: number;
	/** the template's importEveryMinutes for its schedule, which ticks every real minute */
	scheduleImportMinutes: number;
	callMs: number;
	/** queue mode with this many workers; 0: one n8n process on SQLite */
	workers: number;
	/** Voicebox lines */
	lines: number;
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
	/** wall time against the line-bound ideal including the retry waits */
	wallRatio: number;
	/** n8n's node time per call placed in the dialling ticks */
	msPerCall: number;
	details: Record<string, unknown>;
}

/** The goals a clinic network needs (a call every second for hours): wall ≤ 2× ideal, n8n ≤ 600 ms per call. */
const MAX_WALL_RATIO = 2;
const MAX_MS_PER_CALL = 600;

/** What a benchmark runs unless its flags say otherwise, and whether speed is part of its goal. */
interface Defaults {
	visits: number;
	quickVisits: number;
	lines: number;
	/** how long a run may take to get every visit done, in real minutes */
	limitMin: number;
	quickLimitMin: number;
	/** false: the goal is the safety figures only (a day too big for this machine's 2 cores to keep pace) */
	speedGoal: boolean;
	/** run-now ticks read the day every this many scaled minutes */
	importMinutes: number;
	/** the schedule (every real minute) reads it every this many real minutes (the template's importEveryMinutes) */
	scheduleImportMinutes: number;
}

const ONE_CLINIC: Defaults = {
	visits: 1000,
	quickVisits: 40,
	lines: LINES,
	limitMin: 50,
	quickLimitMin: 10,
	speedGoal: true,
	// a clinic's 10 minutes, time-scaled; the schedule's real minute stands for 30 clinic minutes, so it reads each time
	importMinutes: 10,
	scheduleImportMinutes: 1,
};

/**
 * A clinic network's day: 10,000 visits at 30 lines, a call every second unscaled. Reading 10,000 visits costs n8n
 * minutes whatever the call length, so here the day is read every 10 real minutes (the template's default), not
 * every 10 scaled ones: time-scaling the reads would ask for 30 times the reading a network does.
 */
const NETWORK: Defaults = {
	visits: 10_000,
	quickVisits: 300,
	lines: 30,
	limitMin: 300,
	quickLimitMin: 20,
	speedGoal: false,
	importMinutes: 300,
	scheduleImportMinutes: 10,
};

export const reminderThroughput = throughput(
	'reminder-throughput',
	`Shipped reminder templates: visits through the sandbox Voicebox at ${LINES} lines (--lines), 30-second calls time-scaled`,
	false,
	ONE_CLINIC,
);

/** The same run on n8n's queue mode, as a network scales past one process (https://docs.n8n.io/hosting/scaling/queue-mode/). */
export const reminderThroughputQueue = throughput(
	'reminder-throughput-queue',
	`The same in queue mode: PostgreSQL, Redis, n8n main, --workers workers (default 2) and a webhook process on this one machine`,
	true,
	ONE_CLINIC,
);

export const reminderNetwork = throughput(
	'reminder-network',
	`A clinic network's day: ${NETWORK.visits.toLocaleString('en')} visits at ${NETWORK.lines} lines through the shipped reminder templates, 30-second calls time-scaled; its goal is the safety figures, the wall time is reported against the line-bound ideal`,
	false,
	NETWORK,
);

export const reminderNetworkQueue = throughput(
	'reminder-network-queue',
	`The network's day in queue mode: PostgreSQL, Redis, n8n main, --workers workers (default 2) and a webhook process on this one machine`,
	true,
	NETWORK,
);

function throughput(
	name: string,
	description: string,
	queue: boolean,
	defaults: Defaults,
): Benchmark {
	return { name, description, run: (options) => measureThroughput(options, queue, defaults) };
}

async function measureThroughput(
	options: BenchOptions,
	queue: boolean,
	defaults: Defaults,
): Promise<BenchmarkResult> {
	const workers = queue ? Number(options.flags.workers ?? 2) : 0;
	const lines = Number(options.flags.lines ?? defaults.lines);
	const visits = Number(
		options.flags.visits ?? (options.quick ? defaults.quickVisits : defaults.visits),
	);
	const scale = Number(options.flags.scale ?? 30);
	const batchSize = Number(options.flags.batch ?? 50);
	const limitMin = Number(
		options.flags['reminder-minutes'] ?? (options.quick ? defaults.quickLimitMin : defaults.limitMin),
	);
	const importMinutes = Number(options.flags['import-minutes'] ?? defaults.importMinutes);
	const scheduleImportMinutes = Number(
		options.flags['schedule-import-minutes'] ?? defaults.scheduleImportMinutes,
	);
	if (
		!(
			visits > 0 &&
			scale > 0 &&
			batchSize > 0 &&
			importMinutes > 0 &&
			scheduleImportMinutes > 0 &&
			lines > 0 &&
			(!queue || workers > 0)
		)
	)
		throw new Error(
			'--visits, --scale, --batch, --import-minutes, --schedule-import-minutes, --lines and --workers take positive numbers, e.g. --visits 200 --scale 30 --batch 50',
		);
	const sizes: Sizes = {
		visits,
		scale,
		batchSize,
		limitMin,
		importMinutes,
		scheduleImportMinutes,
		callMs: Math.round(CALL_MS / scale),
		workers,
		lines,
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
	const env = n8nEnvFlag(options);
	return {
		n8nVersion: options.version,
		runs: runs.length,
		ok:
			finished === runs.length &&
			runs.every(
				(run) =>
					run.errors === 0 &&
					run.maxCalls <= 3 &&
					run.perVisit <= run.goal &&
					(!defaults.speedGoal ||
						(run.wallRatio <= MAX_WALL_RATIO && run.msPerCall <= MAX_MS_PER_CALL)),
			),
		rows,
		notes: [
			`Goal: every visit done, 0 failed executions, at most 3 calls to one visit, executions per visit ≤ 3 + retries${defaults.speedGoal ? `, wall ≤ ${MAX_WALL_RATIO}× the ideal incl. the waits, and the dialling ticks' n8n ms per call placed ≤ ${MAX_MS_PER_CALL}` : ' (the safety figures; wall time and n8n ms per call are reported, not judged)'}.`,
			...(Object.keys(env).length ? [`n8n ran with ${JSON.stringify(env)}`] : []),
			...(workers
				? [
						`Queue mode on this one machine: PostgreSQL, Redis, n8n main (schedules, API), ${workers} worker(s) at concurrency 25 (every execution, the ticks included) and a webhook process (Run now and the Voicebox statuses); n8n CPU is the sum of those processes, PostgreSQL and Redis are counted apart.`,
					]
				: []),
			`${visits} visits per run, outcome mix per 20 patients: 14 confirm, 2 cancel, 2 answer the 2nd call, 1 the 3rd, 1 never; calls last ${sizes.callMs} ms (30 s / ${scale}); batch size ${batchSize}; run-now is called again 1 s after each tick ends (the every-minute schedule runs too); like a clinic's importEveryMinutes, a run-now tick reads the day from the clinic system only every ${sizes.importMinutes} scaled minutes (${((sizes.importMinutes * 60) / scale).toFixed(0)} s), the first always, and a schedule tick (every real minute) reads it every ${sizes.scheduleImportMinutes} (importEveryMinutes ${sizes.scheduleImportMinutes}). ${runs.length} run(s), each on a fresh sandbox and n8n: the median with min–max; ${finished} of ${runs.length} had every visit done within ${limitMin} min.`,
			`Executions per visit excluding the ticks = all executions of both workflows minus what the run-now and schedule ticks cost with nothing due, measured after the run by 3 idle ticks that do not read the day and 3 that do (each tick counted as the kind it was); a status callback is one execution each (pickup status 4, then the answer), and the clinic system is one sub-workflow execution per tick for all the visits it re-reads before calling and one for all the results it writes. The retry gap counts from the end of a call to the next call's start request (the template's interval is 1 min). The "dialling ticks" rows are n8n's own time per node in the 5 longest reminder executions that placed calls and imported nothing, divided by those calls: what n8n spends per call, which time scaling does not shrink; unscaled, ${sizes.lines} lines with 30 s calls take a call every ${Math.round(CALL_MS / sizes.lines)} ms. Load average ${loadavg()
				.map((l) => l.toFixed(1))
				.join(' / ')} on 2 cores when the runs ended.`,
		],
		details: { sizes, runs: runs.map((run) => run.details) },
	};
}

async function runOnce(options: BenchOptions, sizes: Sizes): Promise<OneRun> {
	const {
		visits,
		scale,
		batchSize,
		limitMin,
		importMinutes,
		scheduleImportMinutes,
		callMs,
		workers,
		lines,
	} = sizes;
	const bench = await startReminderBench(options, {
		visits,
		callMs,
		outcomes: (i) => MIX[i % MIX.length],
		settings: {
			sweepMinutes: 1,
			batchSize,
			// the schedule ticks every real minute; Run now ticks below read the day every importMinutes scaled
			importEveryMinutes: scheduleImportMinutes,
		},
		queueWorkers: workers,
		lines,
	});
	const { n8n, hooks, ctl, api, reminderId, clinicId, phones, ledgerCounts } = bench;
	try {
		// ticks as fast as the template allows: run now again as soon as the last one answered; like a clinic's
		// schedule (importEveryMinutes), a tick reads the day from the clinic system only every importMinutes of
		// scaled time, the first tick always
		const started = Date.now();
		const importEveryMs = (importMinutes * 60_000) / scale;
		let lastImport = -Infinity;
		let imports = 0;
		const cpuBefore = bench.cpuMs();
		const serverCpuBefore = bench.serverCpuMs();
		let ticks = 0;
		let tickMs = 0;
		let done = 0;
		let firstTickMs = 0;
		let maxTickMs = 0;
		let tickCutOff = false;
		for (;;) {
			const t = Date.now();
			const readDay = t - lastImport >= importEveryMs;
			if (readDay) {
				lastImport = t;
				imports++;
			}
			// the first tick imports every visit of the day (one ledger upsert and update each), so with 1,000 visits
			// it takes minutes: it may run until the run's time limit, not a fixed request timeout
			const res = await hooks
				.post(
					`/webhook/${REMINDER_WEBHOOKS.runNow}`,
					{ import: readDay },
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
			// counted by n8n, not read: reading 10,000 rows after every tick would cost n8n more than the tick
			const counts = await ledgerCounts();
			done = counts.done;
			if (counts.rows === visits && done === visits) break;
			if (Date.now() - started > limitMin * 60_000) break;
			if (ticks % 10 === 0)
				console.log(
					`  ${Math.round((Date.now() - started) / 1000)} s: ${done}/${visits} visits done, ${ticks} ticks`,
				);
			await new Promise((r) => setTimeout(r, 1000));
		}
		const wallMs = Date.now() - started;
		const cpuMs = bench.cpuMs() - cpuBefore;
		const serverCpuMs = bench.serverCpuMs() - serverCpuBefore;

		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		const calls = ((await ctl('GET', '/voicebox/calls')) as Array<Record<string, any>>).filter(
			(c) => c.campaignId === CAMPAIGN && c.placedAt,
		);
		const perVisit = new Map<string, number>();
		for (const c of calls) perVisit.set(c.number, (perVisit.get(c.number) ?? 0) + 1);
		const expectedCalls = phones.reduce((sum, _p, i) => sum + MIX[i % MIX.length].length, 0);
		// calls beyond a visit's script come from a status n8n did not hear (by design an unheard answer costs one
		// more call, never a 4th): count both, so a run that places more calls than scripted says why
		const beyondScript = phones.reduce(
			(sum, p, i) => sum + Math.max(0, (perVisit.get(p) ?? 0) - MIX[i % MIX.length].length),
			0,
		);
		const unanswered = calls
			.flatMap((c) => (c.callbacks ?? []) as CallbackDelivery[])
			.filter((d) => !d.lost && !heardByN8n(d)).length;
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
		// only once every visit is done: before that a tick is not idle (and may take minutes). Idle ticks that read
		// the day and ticks that do not are measured apart: most run-now ticks of the run do not read it
		const idleTicks = done === visits ? 3 : 0;
		let listed = executions;
		const clinicPerIdleTick = async (readDay: boolean) => {
			if (!idleTicks) return NaN;
			for (let i = 0; i < idleTicks; i++)
				await hooks.post(
					`/webhook/${REMINDER_WEBHOOKS.runNow}`,
					{ import: readDay },
					{ timeout: 300_000 },
				);
			await new Promise((r) => setTimeout(r, 2000));
			const before = listed;
			listed = await listExecutions();
			return (
				(count(listed, true) - count(before, true)) / (count(listed, false) - count(before, false))
			);
		};
		const clinicPerTick = await clinicPerIdleTick(false);
		const clinicPerReadingTick = await clinicPerIdleTick(true);
		const scheduleRuns = executions.filter(
			(e) => e.workflowId === reminderId && e.mode === 'trigger',
		);
		const scheduleTicks = scheduleRuns.length;
		// the template reads the day on a schedule tick whose epoch minute is a multiple of importEveryMinutes
		const scheduleReads = scheduleRuns.filter(
			(e) => Math.floor(Date.parse(e.startedAt) / 60_000) % scheduleImportMinutes === 0,
		).length;
		const callbacks =
			executions.filter((e) => e.workflowId === reminderId && e.mode === 'webhook').length - ticks;
		const tickExecutions =
			ticks +
			scheduleTicks +
			(ticks - imports + scheduleTicks - scheduleReads) * clinicPerTick +
			(imports + scheduleReads) * clinicPerReadingTick;
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
			firstAttemptsIdealS: (firstAttempts.length * callMs) / lines / 1000,
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
		const idealMs = (calls.length * callMs) / lines;
		const retryWaitMs = Math.max(...MIX.map((m) => m.length - 1)) * 60_000;
		const finished = done === visits;
		const maxCalls = Math.max(0, ...perVisit.values());
		const wallRatio = wallMs / (idealMs + retryWaitMs);
		const msPerCall = dialled ? [...nodeMs.values()].reduce((x, y) => x + y, 0) / dialled : NaN;
		const figures: Figure[] = [
			['visits done', done, 0],
			['wall time s', wallMs / 1000, 1],
			[`ideal s (calls × ${callMs} ms / ${lines} lines)`, idealMs / 1000, 1],
			['ideal s incl. the 1-min retry waits', (idealMs + retryWaitMs) / 1000, 1],
			['wall / ideal incl. waits', wallRatio, 2],
			[`calls placed (scripted: ${expectedCalls})`, calls.length, 0],
			['calls per visit', calls.length / visits, 2],
			["calls beyond a visit's script", beyondScript, 0],
			[
				`status posts without a 2xx from n8n (timed out after ${OUTBOUND_TIMEOUT_MS / 1000} s, or refused)`,
				unanswered,
				0,
			],
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
			['… per tick with nothing due that reads the day', clinicPerReadingTick, 2],
			['failed executions', errors, 0],
			['run-now ticks', ticks, 0],
			[`run-now ticks that read the day (every ${importMinutes} scaled min)`, imports, 0],
			[
				'n8n CPU ms per call placed (the n8n process and its task runners, user + system)',
				cpuMs / calls.length,
				0,
			],
			...(workers
				? [['PostgreSQL and Redis CPU ms per call placed', serverCpuMs / calls.length, 0] as Figure]
				: []),
			['tick mean ms', tickMs / ticks, 0],
			['first tick ms', firstTickMs, 0],
			['longest tick ms', maxTickMs, 0],
			['ledger rows', (await ledgerCounts()).rows, 0],
			[workers ? 'database MB (PostgreSQL)' : 'database file MB', bench.databaseMb(), 1],
			['first call requested after s', timeline.firstRequestS, 1],
			['last 1st-attempt call requested after s', timeline.lastFirstAttemptRequestS, 1],
			['… its line-limited ideal s', timeline.firstAttemptsIdealS, 1],
			['mean wait for a free line ms', timeline.meanQueuedForLineMs, 0],
			['retry: call end → next call requested s, mean (interval 60)', timeline.meanRetryGapS, 1],
			['retry gap max s', timeline.maxRetryGapS, 1],
			['last call ended after s', timeline.lastCallEndS, 1],
			['then until all done s', timeline.afterLastCallS, 1],
			['dialling ticks: n8n ms per call placed, all nodes', msPerCall, 0],
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
			wallRatio,
			msPerCall,
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
				scheduleReads,
				callbacks,
				clinicPerTick,
				clinicPerReadingTick,
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
		await bench.dispose();
	}
}
