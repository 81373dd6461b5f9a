/**
 * Reminder costs: what each path of the shipped reminder costs n8n, in CPU (the n8n process and its task runners,
 * from /proc), measured apart in a few minutes instead of a whole throughput run. One run: `--visits` patients
 * (default 50) are imported by one Run now, then one Run now dials them all (batch size = visits) with Voicebox
 * posting no status, then one with nothing due; a second n8n does the same with the status callbacks on (a pickup 4
 * and an answer 1 per call), and the difference is what the callbacks cost. `--n8n-env` compares n8n settings,
 * e.g. N8N_EXPRESSION_ENGINE=legacy against 2.x's default isolated expression engine. `--save-executions no` runs the
 * reminder as it ships (successful executions not saved) instead of saving them as the throughput bench must.
 */
import { startReminderBench, type ReminderBench } from './reminderSetup';
import { show, spread } from './stats';
import { n8nEnvFlag, type Benchmark, type BenchOptions } from './types';
import { REMINDER_WEBHOOKS } from '../templates/names';
import { sleep } from '../tooling/n8n/wait';

interface Costs {
	importPerVisit: number;
	dialPerCall: number;
	idleTick: number;
	perCallback: number;
	calls: number;
	callbacks: number;
}

/** `--save-executions no`: successful executions are not saved, as the template ships */
function savesExecutions(options: BenchOptions): boolean {
	const flag = options.flags['save-executions'] ?? 'yes';
	if (flag !== 'yes' && flag !== 'no') throw new Error('--save-executions takes yes or no');
	return flag === 'yes';
}

/** CPU ms of one Run now tick (the n8n process tree). */
async function tick(bench: ReminderBench, readDay: boolean): Promise<number> {
	const cpu = bench.cpuMs();
	const res = await bench.hooks.post(
		`/webhook/${REMINDER_WEBHOOKS.runNow}`,
		{ import: readDay },
		{ timeout: 600_000 },
	);
	if (res.status !== 200) throw new Error(`run now answered HTTP ${res.status}`);
	return bench.cpuMs() - cpu;
}

/** One n8n: import, dial everything, an idle tick; with callbacks, waits for every status to be handled. */
async function onePass(
	options: BenchOptions,
	visits: number,
	callbacks: boolean,
	saveExecutions: boolean,
) {
	const bench = await startReminderBench(options, {
		visits,
		callMs: 1000,
		outcomes: () => [1],
		settings: { sweepMinutes: 5, batchSize: visits, importEveryMinutes: 1 },
		callbacks,
		saveExecutions,
	});
	try {
		const imported = await tick(bench, true);
		// the first call is due at once (the window is the whole day): the next tick dials it
		await sleep(1000);
		const cpuBefore = bench.cpuMs();
		await tick(bench, false);
		// the statuses of the last calls arrive after the tick: wait until every row is done (or 60 s)
		for (let waited = 0; callbacks && waited < 60_000; waited += 1000) {
			const rows = await bench.ledger();
			if (rows.every((r) => r.status === 'done')) break;
			await sleep(1000);
		}
		const dialAndStatus = bench.cpuMs() - cpuBefore;
		const idle = await tick(bench, false);
		const calls = (
			(await bench.ctl('GET', '/voicebox/calls')) as Array<Record<string, unknown>>
		).filter((c) => c.placedAt).length;
		return { imported, dialAndStatus, idle, calls };
	} finally {
		await bench.dispose();
	}
}

async function runOnce(options: BenchOptions, visits: number, save: boolean): Promise<Costs> {
	const quiet = await onePass(options, visits, false, save);
	const loud = await onePass(options, visits, true, save);
	// a pickup 4 and an answer 1 per call
	const callbacks = loud.calls * 2;
	return {
		importPerVisit: quiet.imported / visits,
		dialPerCall: quiet.dialAndStatus / quiet.calls,
		idleTick: quiet.idle,
		perCallback:
			(loud.dialAndStatus - (quiet.dialAndStatus / quiet.calls) * loud.calls) / callbacks,
		calls: loud.calls,
		callbacks,
	};
}

export const reminderCosts: Benchmark = {
	name: 'reminder-costs',
	description:
		'Shipped reminder template: n8n CPU per visit imported, per call dialled, per status callback, per idle tick',
	async run(options: BenchOptions) {
		const visits = Number(options.flags.visits ?? (options.quick ? 20 : 50));
		if (!(visits > 0)) throw new Error('--visits takes a positive number, e.g. --visits 50');
		const save = savesExecutions(options);
		const runs: Costs[] = [];
		for (let r = 0; r < options.runs; r++) {
			console.log(`  run ${r + 1} of ${options.runs}`);
			runs.push(await runOnce(options, visits, save));
		}
		const figure = (label: string, pick: (c: Costs) => number) => ({
			figure: label,
			value: show(spread(runs.map(pick)), 0),
		});
		const env = n8nEnvFlag(options);
		return {
			n8nVersion: options.version,
			runs: runs.length,
			ok: runs.every((c) => c.calls === visits),
			rows: [
				figure('import: CPU ms per visit (Run now reading the day)', (c) => c.importPerVisit),
				figure('dial: CPU ms per call placed (no status callbacks)', (c) => c.dialPerCall),
				figure('status callback: CPU ms each (pickup 4, answer 1)', (c) => c.perCallback),
				figure('idle tick: CPU ms (nothing due, the day not read)', (c) => c.idleTick),
				figure('calls placed per run', (c) => c.calls),
			],
			notes: [
				`${visits} visits; CPU is user + system of the n8n process and every process below it (task runners), read from /proc before and after each step, so it includes whatever n8n did meanwhile (its own timers). The callback figure is the dial step with callbacks on, less the dial step without them, over 2 callbacks per call.`,
				save
					? 'Successful executions saved, as reminder-throughput needs them (`--save-executions no`: as the template ships).'
					: 'Successful executions not saved, as the template ships.',
				...(Object.keys(env).length ? [`n8n ran with ${JSON.stringify(env)}`] : []),
			],
			details: { runs },
		};
	},
};
