/**
 * Trigger overhead in a real n8n: the CoMagic Trigger and the MTT Voicebox Trigger (version 2: the secret read from
 * its credential at every request; duplicate window on) against n8n's own Webhook node, each the only node of its
 * workflow, all three receiving the same body, query and headers at a fixed concurrency. Rounds alternate the order;
 * each figure is also taken as a ratio to the Webhook node's figure of the same round, so a busy machine moves both
 * sides alike.
 *
 * `--profile`: n8n runs with --cpu-prof (https://nodejs.org/api/cli.html#--cpu-prof) and the result adds, per
 * trigger, the CPU time spent inside this package's code per request, read from the profile.
 */
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

import { bootN8n, n8nRuntime, PACKAGE, type N8n } from '../tooling/n8n/n8n';
import { runLoad, type LoadResult, type LoadTarget } from './load';
import { show, spread } from './stats';
import { withN8nOutput } from './process';
import { n8nEnvFlag, START_TIMEOUT_MS, type Benchmark, type BenchOptions } from './types';

const SECRET = 'bench-trigger-secret-7c1d';
const HOOK = {
	webhook: '6b0f3d1e-2a4c-4e8b-9f70-1c2d3e4f5a01',
	coMagic: '6b0f3d1e-2a4c-4e8b-9f70-1c2d3e4f5a02',
	voicebox: '6b0f3d1e-2a4c-4e8b-9f70-1c2d3e4f5a03',
};
type Name = keyof typeof HOOK;
const LABEL: Record<Name, string> = {
	webhook: 'n8n Webhook node (reference)',
	coMagic: 'CoMagic Trigger',
	voicebox: 'MTT Voicebox Trigger',
};
/**
 * The triggers' secret credentials, imported with fixed ids: version 2 of each trigger reads the secret from its
 * credential (n8n decrypts it from the database) at every request, which these figures include.
 */
const TRIGGER_SECRET = {
	coMagic: {
		id: 'benchCoMagicTriggerSecret',
		name: 'CoMagic trigger secret',
		type: 'coMagicTriggerApi',
	},
	voicebox: {
		id: 'benchVoiceboxTriggerSecret',
		name: 'MTT Voicebox trigger secret',
		type: 'mttVoiceboxTriggerApi',
	},
};
const credentials = () =>
	Object.values(TRIGGER_SECRET).map((c) => ({ ...c, data: { secret: SECRET } }));
const credentialOf = (c: { id: string; name: string; type: string }) => ({
	[c.type]: { id: c.id, name: c.name },
});

/** the ratio a trigger may cost over the Webhook node (issue 15) */
const GOAL = 1.05;

const single = (id: string, node: Record<string, unknown>) => ({
	id,
	name: `Bench ${id}`,
	nodes: [{ id: `${id}-1`, position: [0, 0], typeVersion: 1, ...node }],
	connections: {},
	settings: { executionOrder: 'v1' },
});

function workflows() {
	return [
		single('benchWebhook', {
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: HOOK.webhook,
			// the same answer timing as the triggers' notifications: n8n answers once the execution is started
			parameters: {
				httpMethod: 'POST',
				path: HOOK.webhook,
				responseMode: 'onReceived',
				options: {},
			},
		}),
		single('benchCoMagic', {
			name: 'CoMagic Trigger',
			type: `${PACKAGE}.coMagicTrigger`,
			typeVersion: 2,
			webhookId: HOOK.coMagic,
			credentials: credentialOf(TRIGGER_SECRET.coMagic),
			parameters: {
				events: ['any'],
				secretLocation: 'query',
				fieldName: 'token',
				options: { duplicateWindow: 300 },
			},
		}),
		single('benchVoicebox', {
			name: 'Voicebox Trigger',
			type: `${PACKAGE}.mttVoiceboxTrigger`,
			typeVersion: 2,
			webhookId: HOOK.voicebox,
			credentials: credentialOf(TRIGGER_SECRET.voicebox),
			parameters: {
				secretLocation: 'header',
				fieldName: 'X-Webhook-Secret',
				options: { duplicateWindow: 3600 },
			},
		}),
	];
}

/** One body for all three: a CoMagic call notification that also carries a Voicebox status, unique per request. */
const body = (i: number) =>
	JSON.stringify({
		event: 'call_finished',
		notification_time: '2026-11-30 12:00:00',
		call_session_id: 1_000_000 + i,
		contact_phone_number: '79161234567',
		virtual_phone_number: '74993720692',
		call_id: String(1_000_000 + i),
		response: 1,
		guid: `v-${i}-1`,
	});

function targets(n8n: N8n): Record<Name, LoadTarget> {
	const headers = { 'X-Webhook-Secret': SECRET };
	return {
		webhook: { url: `${n8n.base}/webhook/${HOOK.webhook}?token=${SECRET}`, headers, body },
		coMagic: { url: `${n8n.base}/webhook/${HOOK.coMagic}/webhook?token=${SECRET}`, headers, body },
		voicebox: {
			url: `${n8n.base}/webhook/${HOOK.voicebox}/webhook?token=${SECRET}`,
			headers,
			body,
		},
	};
}

/** Waits until every workflow answers a real request by starting an execution. */
async function ready(n8n: N8n, all: Record<Name, LoadTarget>): Promise<void> {
	const until = Date.now() + 90_000;
	for (const name of Object.keys(all) as Name[]) {
		for (let i = 0; ; i++) {
			const t = all[name];
			const res = await n8n.http.post(t.url.replace(n8n.base, ''), t.body(10_000_000 + i), {
				headers: { ...t.headers, 'Content-Type': 'application/json' },
			});
			// the triggers answer an empty 200 (no data) once started; a skip or refusal says so in the body
			if (res.status === 200 && !/skipped|error/i.test(JSON.stringify(res.data ?? ''))) break;
			if (Date.now() > until) {
				throw new Error(
					`${LABEL[name]} never started an execution: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 200)}`,
				);
			}
			await new Promise((r) => setTimeout(r, 500));
		}
	}
}

/**
 * Node refuses --cpu-prof in NODE_OPTIONS, so an `n8n` first on the PATH starts the real one under
 * `node --cpu-prof` for `n8n start` (the CLI imports run unprofiled). The profile is written when n8n exits.
 */
function profilingPath(version: string, dir: string): NodeJS.ProcessEnv {
	const bin = n8nRuntime(version);
	const wrapper = join(dir, 'bin');
	mkdirSync(wrapper, { recursive: true });
	const real = join(bin.split(':')[0], 'n8n');
	writeFileSync(
		join(wrapper, 'n8n'),
		`#!/bin/sh\nif [ "$1" = start ]; then exec node --cpu-prof --cpu-prof-dir='${dir}' '${real}' "$@"; fi\nexec '${real}' "$@"\n`,
		{ mode: 0o755 },
	);
	return { PATH: `${wrapper}:${bin}:${process.env.PATH}` };
}

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

/**
 * CPU time per frame of this package's code (inclusive: what it calls in n8n counts too), keyed by the outermost
 * package frame of each sample, plus the top self-time functions of the whole process.
 */
export function summarizeProfile(profile: CpuProfile): {
	totalMs: number;
	packageMs: Record<string, number>;
	topSelf: Array<{ fn: string; ms: number }>;
} {
	const parent = new Map<number, number>();
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const ours = (n: ProfileNode) => n.callFrame.url.includes(`/${PACKAGE}/`);
	const name = (n: ProfileNode) =>
		`${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '')}:${n.callFrame.lineNumber + 1}`;
	const packageMs: Record<string, number> = {};
	const self = new Map<string, number>();
	let totalMs = 0;
	profile.samples.forEach((id, i) => {
		const ms = (profile.timeDeltas[i] ?? 0) / 1000;
		totalMs += ms;
		const leaf = byId.get(id) as ProfileNode;
		if (leaf.callFrame.functionName !== '(idle)')
			self.set(name(leaf), (self.get(name(leaf)) ?? 0) + ms);
		let outer: ProfileNode | undefined;
		for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
			if (ours(n)) outer = n;
		}
		if (outer) packageMs[name(outer)] = (packageMs[name(outer)] ?? 0) + ms;
	});
	const topSelf = [...self]
		.sort((a, b) => b[1] - a[1])
		.slice(0, 25)
		.map(([fn, ms]) => ({ fn, ms: Math.round(ms) }));
	return { totalMs, packageMs, topSelf };
}

export const triggerOverhead: Benchmark = {
	name: 'trigger-overhead',
	description:
		'CoMagic Trigger and MTT Voicebox Trigger (version 2: the secret from its credential; duplicate window on) vs the n8n Webhook node, same body',
	async run(options: BenchOptions) {
		const total = Number(options.flags.requests ?? (options.quick ? 200 : 2000));
		const concurrency = Number(options.flags.concurrency ?? 8);
		const warmUp = options.quick ? 30 : 100;
		const profile = 'profile' in options.flags;
		const profileDir = join(options.workDir, 'cpu-profiles');
		if (profile) {
			rmSync(profileDir, { recursive: true, force: true });
			mkdirSync(profileDir, { recursive: true });
		}
		const extraEnv = n8nEnvFlag(options);
		const n8n = await bootN8n({
			version: options.version,
			startTimeoutMs: START_TIMEOUT_MS,
			credentials: credentials(),
			workflows: workflows(),
			env: { ...extraEnv, ...(profile ? profilingPath(options.version, profileDir) : {}) },
		});
		const all = targets(n8n);
		const names = Object.keys(all) as Name[];
		const perRun: Array<Record<Name, LoadResult>> = [];
		try {
			await ready(n8n, all);
			// warm-up: JIT, caches and the SQLite file grow before anything is measured
			for (const name of names) await runLoad(all[name], warmUp, concurrency, 20_000_000);
			for (let run = 0; run < options.runs; run++) {
				const order = names.map((_, i) => names[(i + run) % names.length]);
				const round = {} as Record<Name, LoadResult>;
				for (const name of order) {
					round[name] = await runLoad(all[name], total, concurrency, (run + 1) * 100_000);
					// let the last executions of this round finish before the next target starts
					await new Promise((r) => setTimeout(r, 1500));
				}
				perRun.push(round);
				const failed = order.filter((n) => round[n].firstFailure);
				if (failed.length) {
					const tail = n8n.output().split('\n').slice(-15).join('\n');
					console.log(
						`  failures: ${failed.map((n) => `${n}: ${round[n].firstFailure}`).join('; ')}\n  n8n said:\n${tail}`,
					);
				}
				const line = order
					.map(
						(n) => `${n} p50 ${round[n].p50Ms.toFixed(1)} ms, ${round[n].perSecond.toFixed(0)}/s`,
					)
					.join('; ');
				console.log(`  run ${run + 1}/${options.runs}: ${line}`);
			}
		} catch (error) {
			throw withN8nOutput(error, n8n);
		} finally {
			// a profile is written when n8n exits on its own: give its shutdown time before dispose would SIGKILL it
			const pid = n8n.pid();
			if (profile && pid) {
				process.kill(pid, 'SIGTERM');
				const until = Date.now() + 180_000;
				while (existsSync(`/proc/${pid}`) && Date.now() < until)
					await new Promise((r) => setTimeout(r, 500));
			}
			await n8n.dispose();
		}

		// a round where n8n refused requests (it answers 503 while its database ping times out on a starved
		// machine, and 404 while it re-registers webhooks) measures n8n's trouble, not a trigger: left out
		const clean = perRun.filter((r) => names.every((n) => !r[n].firstFailure));
		const rows = names.map((name) => {
			const pick = (f: (r: LoadResult) => number) => spread(clean.map((r) => f(r[name])));
			const ratio = (f: (r: LoadResult) => number) =>
				spread(clean.map((r) => f(r[name]) / f(r.webhook)));
			return {
				name,
				row: {
					trigger: LABEL[name],
					'p50 ms': show(
						pick((r) => r.p50Ms),
						1,
					),
					'p99 ms': show(
						pick((r) => r.p99Ms),
						1,
					),
					'req/s': show(
						pick((r) => r.perSecond),
						0,
					),
					'p50 ×': name === 'webhook' ? '1' : show(ratio((r) => r.p50Ms)),
					'p99 ×': name === 'webhook' ? '1' : show(ratio((r) => r.p99Ms)),
					'req/s ×': name === 'webhook' ? '1' : show(ratio((r) => r.perSecond)),
				},
				p50Ratio: ratio((r) => r.p50Ms),
				rpsRatio: ratio((r) => r.perSecond),
			};
		});
		const failures = perRun.flatMap((r) =>
			names.flatMap((n) =>
				Object.entries(r[n].statuses)
					.filter(([status]) => status !== '200')
					.map(([status, count]) => `${n}: ${count} × HTTP ${status}`),
			),
		);
		const ok =
			clean.length === perRun.length &&
			rows
				.filter((r) => r.name !== 'webhook')
				.every((r) => r.p50Ratio.median <= GOAL && r.rpsRatio.median >= 1 / GOAL);

		let profileSummary: ReturnType<typeof summarizeProfile> | undefined;
		if (profile) {
			// the n8n main process writes the biggest profile (2.x's task runner writes a small one of its own)
			const files = readdirSync(profileDir)
				.filter((f) => f.endsWith('.cpuprofile'))
				.map((f) => join(profileDir, f))
				.sort((a, b) => statSync(b).size - statSync(a).size);
			if (files[0]) {
				profileSummary = summarizeProfile(JSON.parse(readFileSync(files[0], 'utf8')) as CpuProfile);
			}
		}
		const requestsPerTrigger = total * options.runs + warmUp;
		return {
			n8nVersion: options.version,
			ok,
			rows: rows.map((r) => r.row),
			notes: [
				`${total.toLocaleString('en')} requests per trigger per run at concurrency ${concurrency}, ${options.runs} runs, order rotated each run; median (min–max) over runs; × = ratio to the Webhook node in the same run. Goal: p50 × ≤ ${GOAL} and req/s × ≥ ${(1 / GOAL).toFixed(2)}. Load average ${loadavg()
					.map((l) => l.toFixed(1))
					.join(' / ')} on 2 cores when the run ended.`,
				...(Object.keys(extraEnv).length ? [`n8n ran with ${JSON.stringify(extraEnv)}`] : []),
				// n8n 2.x (webhooks/live-webhooks.js, webhookPhaseNeedsIsolate) takes an expression isolate before the
				// webhook phase of every start node but its own Webhook node with static parameters
				'On 2.x the gap is n8n taking an expression isolate before the webhook phase of any start node but its own Webhook node; `--n8n-env N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP=false` makes the Webhook node take it too, and compares like with like.',
				...(failures.length
					? [
							`non-200 answers: ${failures.join(', ')}; ${perRun.length - clean.length} of ${perRun.length} runs left out of the table`,
						]
					: []),
				...(profile
					? [`n8n ran with --cpu-prof: figures are slower than without it; see details.profile`]
					: []),
			],
			details: {
				requestsPerRun: total,
				n8nEnv: extraEnv,
				concurrency,
				runs: perRun,
				profile: profileSummary && {
					file: profileDir,
					totalMs: Math.round(profileSummary.totalMs),
					// CPU ms inside this package's code per request it served, by outermost package frame
					packageMsPerRequest: Object.fromEntries(
						Object.entries(profileSummary.packageMs)
							.sort((a, b) => b[1] - a[1])
							.map(([fn, ms]) => [fn, +(ms / requestsPerTrigger).toFixed(3)]),
					),
					topSelf: profileSummary.topSelf,
				},
			},
		};
	},
};
