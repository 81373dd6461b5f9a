/**
 * `npm run e2e -- --queue [--version X]`: the pack and its templates on n8n's distributed engine. Real PostgreSQL
 * and Redis on loopback, n8n main + two workers + one webhook process (tooling/n8n/cluster.ts), the packed package
 * installed into each, the sandbox behind them. Production webhooks are served only by the webhook process (main
 * has them switched off), so every answer below comes from there, and every execution runs on a worker.
 *   - the package loads on every process, and executions of its nodes run on both workers;
 *   - the CoMagic Trigger's interactive mode answers synchronously from the webhook process; the cabinet's
 *     notifications start executions there; a wrong secret gets 401;
 *   - the Data Table claim (a conditional update whose output says who won) on Postgres under concurrent claims;
 *   - the 50-visit reminder run of tests/e2e/reminders.ts (duplicated and late callbacks, overlapping ticks), with a
 *     worker killed in the middle of a dialling tick instead of the whole n8n (`E2E_QUEUE_NO_DUPLICATE_WINDOW=1`
 *     also turns the Voicebox Trigger's in-memory Duplicate Window off, as if every copy reached another webhook
 *     process: twice the callback executions).
 * Results go to support.ts's list; run.ts prints the `N passed, N failed` line.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import axios, { type AxiosInstance } from 'axios';

import { startSandbox, type Sandbox } from '../../sandbox';
import { tableUpdate, type ColumnType } from '../../templates/build';
import { openExecutions, startCluster, type Cluster } from '../../tooling/n8n/cluster';
import { createApiKey, OWNER, ownerCookie, PACKAGE, type N8n } from '../../tooling/n8n/n8n';
import { runMissedCallChecks, runSaleChecks } from './comagicCallbacks';
import { runRoutingChecks } from './comagicRouting';
import { runReminderChecks } from './reminders';
import { n8nSetup, tableRows } from '../../setup/n8nClient';
import { bindCredential } from '../../setup/workflowFile';
import { assert, check, log, results, sleep, waitFor } from './support/checks';
import {
	buildWorkflows,
	SECRET,
	TRIGGER_CREDENTIALS,
	WEBHOOK,
	notifyLostCall,
} from './support/workflows';
import { CLINIC_API_TOKEN } from '../../tooling/n8n/clinicApi';

/** concurrent claims on one row: every one is a queued execution, and two workers on a 2-core CI machine run about one a second */
const CLAIMS = 100;
const IN_FLIGHT = 60;
const CLAIM_WEBHOOK = 'b3a1c9d2-6e4f-4a8b-9c0d-1e2f3a4b5c6d';
const CLAIM_COLUMNS: Record<string, ColumnType> = {
	visitId: 'string',
	status: 'string',
	claim: 'string',
};

export async function runQueueChecks(version: string): Promise<void> {
	const began = Date.now();
	const sandbox: Sandbox = await startSandbox({ port: 0, clinic: { apiToken: CLINIC_API_TOKEN } });
	let cluster: Cluster | undefined;
	try {
		cluster = await startCluster({
			version,
			workers: 2,
			// a reminder tick holds its slot for its whole run while callbacks keep arriving; with n8n's default of 10
			// the ticks of this scenario queue behind callbacks on a busy 2-core machine
			concurrency: 25,
			say: (line) => log(`        ${line}`),
		});
		const { main, workers, webhook } = cluster;
		const v1 = version.startsWith('1.');
		log(
			`n8n ${version} in queue mode: up in ${Math.round((Date.now() - began) / 1000)} s, sandbox ${sandbox.baseUrl}`,
		);
		const all: Array<[string, N8n]> = [
			['main', main],
			...workers.map((w, i) => [`worker ${i + 1}`, w] as [string, N8n]),
			['webhook', webhook],
		];

		const cookie = await ownerCookie(main.http);
		const apiKey = await createApiKey(main.http, cookie);
		const api = (method: string, path: string, data: unknown = method === 'GET' ? undefined : {}) =>
			main.http.request({
				method,
				url: `/api/v1${path}`,
				data,
				headers: { 'X-N8N-API-KEY': apiKey },
			});
		const rest = (method: string, path: string, data?: unknown) =>
			main.http.request({ method, url: `/rest${path}`, data, headers: { cookie } });
		// the base suite's two CoMagic Trigger workflows, through the public API on main (one CLI import per workflow
		// would cost a full n8n boot each), bound to their secret's credential, created there too
		const setup = n8nSetup({ http: main.http, apiKey, v1, owner: OWNER });
		await setup.login();
		const { type, name } = TRIGGER_CREDENTIALS.coMagic;
		const triggerSecret = await setup.credential(name, type, { secret: SECRET });
		const workflowIds: Record<string, string> = {};
		for (const wf of buildWorkflows().filter((w) =>
			['e2eCoMagicInteractive', 'e2eCoMagicNotifications'].includes(w.id),
		)) {
			const { id, ...body } = wf;
			bindCredential(body, type, triggerSecret);
			// a queued execution answers later than an in-process one: the interactive answer gets 10 s instead of 3
			for (const node of body.nodes as Array<{ parameters: Record<string, unknown> }>) {
				if (node.parameters.mode === 'interactive') node.parameters.timeBudgetMs = 10_000;
			}
			const created = await api('POST', '/workflows', body);
			assert(
				created.data?.id,
				`importing ${id}: HTTP ${created.status} ${String(JSON.stringify(created.data)).slice(0, 300)}`,
			);
			const on = await api('POST', `/workflows/${created.data.id}/${v1 ? 'activate' : 'publish'}`);
			assert(
				on.status < 300,
				`activating ${id}: HTTP ${on.status} ${String(JSON.stringify(on.data)).slice(0, 300)}`,
			);
			workflowIds[id] = created.data.id;
		}
		// ready when the webhook process knows both triggers: a wrong secret gets 401 (an unknown webhook gets 404)
		await waitFor(
			'the triggers on the webhook process',
			async () => {
				const probes = await Promise.all([
					webhook.http.get(`/webhook/${WEBHOOK.coMagicNotifications}/webhook?token=probe`),
					webhook.http.post(`/webhook/${WEBHOOK.coMagicInteractive}/webhook?token=probe`, {}),
				]);
				return probes.every((r) => r.status === 401) ? true : undefined;
			},
			90_000,
		);
		const finished = () => cluster!.finishedPerWorker();

		await check(
			'queue mode: the package is installed and loads on main, every worker and the webhook process',
			async () => {
				for (const [name, n8n] of all) {
					const manifest = join(
						n8n.userFolder,
						'.n8n',
						'nodes',
						'node_modules',
						PACKAGE,
						'package.json',
					);
					assert(
						existsSync(manifest),
						`${name}: the package is not in its community-package folder`,
					);
					assert(
						!/Unrecognized node type|There was an error/.test(n8n.output()),
						`${name} reported a load error`,
					);
				}
			},
		);

		await check(
			"queue mode: the CoMagic Trigger's interactive mode answers from the webhook process, run on both workers",
			async () => {
				const path = `/webhook/${WEBHOOK.coMagicInteractive}/webhook?token=${SECRET}`;
				const body = { call_session_id: 501, contact_phone_number: '79161234567' };
				// main serves no production webhooks here, so the answer cannot come from it
				const fromMain = await main.http.post(path, body);
				assert(
					!Array.isArray(fromMain.data?.phones),
					`main answered the webhook itself: HTTP ${fromMain.status} ${String(JSON.stringify(fromMain.data)).slice(0, 200)}`,
				);
				const before = finished();
				// ten rounds of two calls at once, so that both workers take some; a caller waits for each answer
				const answers: Array<{ status: number; data: any; ms: number }> = [];
				for (let round = 0; round < 10; round++) {
					answers.push(
						...(await Promise.all(
							[0, 1].map(async () => {
								const t = Date.now();
								const res = await webhook.http.post(path, body, { timeout: 60_000 });
								return { status: res.status, data: res.data, ms: Date.now() - t };
							}),
						)),
					);
				}
				const wrong = answers.filter(
					(r) => !(r.status === 200 && r.data?.phones?.[0] === '74993720692'),
				);
				assert(
					wrong.length === 0,
					`${wrong.length} of ${answers.length} answers wrong, e.g. HTTP ${wrong[0]?.status} ${String(JSON.stringify(wrong[0]?.data)).slice(0, 200)}`,
				);
				const ran = await waitFor("the workers' logs", async () => {
					const now = finished().map((n, i) => n - before[i]);
					return now.reduce((a, b) => a + b, 0) >= answers.length ? now : undefined;
				});
				assert(
					ran.every((n) => n > 0),
					`executions per worker ${ran.join('/')}: a worker ran none`,
				);
				const denied = await webhook.http.post(
					`/webhook/${WEBHOOK.coMagicInteractive}/webhook?token=wrong`,
					body,
				);
				assert(denied.status === 401, `a wrong secret got HTTP ${denied.status}`);
				const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
				log(
					`        ${answers.length} interactive answers from the webhook process in ${ms[Math.floor(ms.length / 2)]} ms median, ${ms[ms.length - 1]} ms max; executions per worker ${ran.join('/')}`,
				);
			},
		);

		await check(
			'queue mode: CoMagic cabinet notifications (GET and POST) reach the webhook process and run',
			async () => {
				const session = await notifyLostCall(sandbox, webhook.base);
				const events = await waitFor(
					'both notifications as executions',
					async () => {
						const res = await api(
							'GET',
							`/executions?workflowId=${workflowIds.e2eCoMagicNotifications}&includeData=true&limit=50`,
						);
						const seen = ((res.data?.data ?? []) as any[])
							.map(
								(e) =>
									e.data?.resultData?.runData?.['CoMagic Trigger']?.[0]?.data?.main?.[0]?.[0]?.json,
							)
							.filter((j) => j?.callSessionId === session)
							.map((j) => j.event)
							.sort();
						return seen.length >= 2 ? seen : undefined;
					},
					90_000,
				);
				assert(
					JSON.stringify(events) === JSON.stringify(['call_finished', 'lost_call']),
					`events ${events.join(', ')}`,
				);
			},
		);

		await runClaimChecks({ main, webhook, v1, api, rest });

		// the CoMagic template suites of the single-process run, unchanged: their webhook calls and the sandbox's
		// posts go to the webhook process, their API calls to main
		const routed = routedHttp(main, webhook);
		await runRoutingChecks({ http: routed, base: webhook.base, sandbox, apiKey, v1, owner: OWNER });
		// the missed-call "crash": the worker running the tick is killed; the other one goes on at once while it boots
		// again in the background (minutes on a loaded machine: longer than the template's stale-claim timeout)
		let callbackVictim: N8n | undefined;
		let restarting: Promise<void> = Promise.resolve();
		await runMissedCallChecks({
			http: routed,
			sandbox,
			apiKey,
			v1,
			owner: OWNER,
			n8n: {
				async kill() {
					callbackVictim = cluster!.busyWorkers()[0] ?? workers[0];
					await callbackVictim.kill();
				},
				staleMinutes: 3,
				async start() {
					restarting = callbackVictim!.start();
					// handled here, rethrown where it is awaited
					restarting.catch(() => undefined);
				},
			},
		});
		await restarting;
		await runSaleChecks({ http: routed, sandbox, apiKey, v1, owner: OWNER });

		// the reminder run: webhooks to the webhook process, and the "crash" kills the busiest worker, which stays down
		// carried: what the survivor finished before the write crash restarted it (its log starts afresh)
		const crash = { worker: -1, open: 0, finishedAt: [] as number[], carried: 0 };
		const reminderStart = Date.now();
		await runReminderChecks({
			http: main.http,
			base: webhook.base,
			webhook: webhook.http,
			sandbox,
			apiKey,
			v1,
			owner: OWNER,
			duplicateWindow: process.env.E2E_QUEUE_NO_DUPLICATE_WINDOW ? 0 : undefined,
			n8n: {
				async kill() {
					// the suite kills once calls ring; a worker may be between executions at that moment (the tick
					// not yet picked up from the queue), so wait a little for one that runs something
					const until = Date.now() + 20_000;
					while (!cluster!.busyWorkers().length && Date.now() < until) await sleep(20);
					const victim = cluster!.busyWorkers()[0] ?? workers[0];
					crash.worker = workers.indexOf(victim);
					crash.open = cluster!.busyWorkers().includes(victim) ? openExecutions(victim).size : 0;
					crash.finishedAt = finished();
					await victim.kill();
					log(
						`        worker ${crash.worker + 1} killed (SIGKILL) with ${crash.open} executions running; it stays down`,
					);
				},
				async start() {
					// a lost machine: the other worker carries on alone
				},
			},
			// the write crash: the one worker left runs every execution, the write included; it comes back
			writeCrash: {
				async kill() {
					const survivor = 1 - crash.worker;
					crash.carried = finished()[survivor] - crash.finishedAt[survivor];
					crash.finishedAt[survivor] = 0;
					await workers[survivor].kill();
				},
				start: () => workers[1 - crash.worker].start(),
			},
		});
		log(`        reminder run took ${Math.round((Date.now() - reminderStart) / 1000)} s`);

		await check(
			'queue mode: a worker killed mid-execution, the other one carried the run on',
			async () => {
				assert(crash.worker >= 0, 'the reminder run never killed a worker');
				assert(crash.open > 0, 'the killed worker was running no execution');
				const survivor = 1 - crash.worker;
				const after = finished()[survivor] - crash.finishedAt[survivor] + crash.carried;
				assert(after > 0, 'the surviving worker ran nothing after the kill');
				log(`        the surviving worker finished ${after} executions after the kill`);
			},
		);
	} finally {
		// on a failure, what each process printed: the webhook process and the workers log what the API does not show
		if (cluster && results.some((r) => !r.ok)) {
			const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-logs-'));
			log(`        process logs: ${cluster.writeLogs(dir).join(', ')}`);
		}
		await cluster?.stop();
		await sandbox.stop();
		log(`queue-mode run: ${Math.round((Date.now() - began) / 1000)} s in all`);
	}
}

/** One client for a suite written against one n8n: /webhook… to the webhook process, everything else to main. */
function routedHttp(main: N8n, webhook: N8n): AxiosInstance {
	const http = axios.create({ baseURL: main.base, validateStatus: () => true, timeout: 60_000 });
	http.interceptors.request.use((config) => {
		if (/^\/webhook(-test)?\//.test(config.url ?? '')) config.baseURL = webhook.base;
		return config;
	});
	return http;
}

type Http = (
	method: string,
	path: string,
	data?: unknown,
) => Promise<import('axios').AxiosResponse>;

/**
 * The ledger's claim on Postgres: a webhook-started workflow whose Data Table node updates `status = 'due' → 'calling'`
 * for one visit (all conditions) and writes the execution id; the node outputs only the rows it changed. n8n runs it
 * on Postgres as one `UPDATE … WHERE … RETURNING` (data-table-rows.repository), and a concurrent UPDATE of the same
 * row waits for the first and re-checks the WHERE (read committed), so exactly one claim may win.
 */
async function runClaimChecks(ctx: {
	main: N8n;
	webhook: N8n;
	v1: boolean;
	api: Http;
	rest: Http;
}): Promise<void> {
	const { webhook, v1, api, rest } = ctx;
	let tableId = '';
	let projectId = '';
	const rows = async () => {
		const all = await tableRows(
			(query) => rest('GET', `/projects/${projectId}/data-tables/${tableId}/rows${query}`),
			'reading the claim table',
		);
		return all as Array<{ visitId: string; status: string; claim: string }>;
	};
	const claimAll = async (visitIds: string[]) => {
		const answers: Array<{ visitId: string; status: number; data: any }> = [];
		const queue = [...visitIds];
		// IN_FLIGHT requests at a time, more than the workers' 50 execution slots, so the slots stay full and the
		// claims race on the row; all at once only queues them, and a burst of hundreds starves the webhook
		// process's database pool (it writes each execution before queueing it)
		const lane = async () => {
			for (let visitId = queue.shift(); visitId !== undefined; visitId = queue.shift()) {
				const id = visitId;
				answers.push(
					await webhook.http
						.post(`/webhook/${CLAIM_WEBHOOK}`, { visitId: id }, { timeout: 120_000 })
						.then((r) => ({ visitId: id, status: r.status, data: r.data }))
						.catch((e: Error) => ({ visitId: id, status: 0, data: { error: e.message } })),
				);
			}
		};
		await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
		const failed = answers.filter((a) => a.status !== 200);
		assert(
			failed.length === 0,
			`${failed.length} claims failed, e.g. ${String(JSON.stringify(failed[0])).slice(0, 300)}`,
		);
		return answers;
	};

	let ready = false;
	await check(
		'queue mode: a Data Table claim workflow on Postgres, set up through the API',
		async () => {
			projectId = (await rest('GET', '/projects/personal')).data.data.id;
			const columns = Object.entries(CLAIM_COLUMNS).map(([name, type]) => ({ name, type }));
			const table = await rest('POST', `/projects/${projectId}/data-tables`, {
				name: `claims_${Date.now()}`,
				columns,
			});
			tableId = table.data?.data?.id;
			assert(
				tableId,
				`creating the table: HTTP ${table.status} ${String(JSON.stringify(table.data)).slice(0, 300)}`,
			);
			const claim = tableUpdate(
				'Claim',
				[250, 0],
				{ idExpression: JSON.stringify(tableId), columns: CLAIM_COLUMNS },
				[
					['visitId', 'eq', '$json.body.visitId'],
					['status', 'eq', "'due'"],
				],
				{ status: "'calling'", claim: '$execution.id' },
				true,
			);
			const created = await api('POST', '/workflows', {
				name: 'E2E queue claim',
				nodes: [
					{
						id: 'c1',
						name: 'Webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: CLAIM_WEBHOOK,
						parameters: {
							httpMethod: 'POST',
							path: CLAIM_WEBHOOK,
							responseMode: 'lastNode',
							options: {},
						},
					},
					{ id: 'c2', ...claim },
				],
				connections: { Webhook: { main: [[{ node: 'Claim', type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			});
			assert(
				created.data?.id,
				`workflow: HTTP ${created.status} ${String(JSON.stringify(created.data)).slice(0, 300)}`,
			);
			const on = await api('POST', `/workflows/${created.data.id}/${v1 ? 'activate' : 'publish'}`);
			assert(
				on.status < 300,
				`activating: HTTP ${on.status} ${String(JSON.stringify(on.data)).slice(0, 300)}`,
			);
			await waitFor(
				'the claim webhook on the webhook process',
				async () =>
					(await webhook.http.post(`/webhook/${CLAIM_WEBHOOK}`, { visitId: 'probe' })).status ===
					200
						? true
						: undefined,
				60_000,
			);
			ready = true;
		},
	);
	if (!ready) return;

	const insert = async (visitIds: string[]) => {
		const res = await rest('POST', `/projects/${projectId}/data-tables/${tableId}/insert`, {
			data: visitIds.map((visitId) => ({ visitId, status: 'due', claim: '' })),
			returnType: 'count',
		});
		assert(
			res.status === 200,
			`inserting rows: HTTP ${res.status} ${String(JSON.stringify(res.data)).slice(0, 200)}`,
		);
	};
	const judge = async (visitIds: string[], answers: Awaited<ReturnType<typeof claimAll>>) => {
		const table = await rows();
		const problems: string[] = [];
		let winners = 0;
		for (const id of new Set(visitIds)) {
			const won = answers.filter((a) => a.visitId === id && a.data?.claim);
			winners += won.length;
			const row = table.find((r) => r.visitId === id);
			if (won.length !== 1) problems.push(`${id}: ${won.length} winners`);
			else if (row?.status !== 'calling' || row.claim !== String(won[0].data.claim)) {
				problems.push(
					`${id}: the row says ${row?.status}/${row?.claim}, the winner ${won[0].data.claim}`,
				);
			}
		}
		return { winners, problems };
	};

	await check(
		`queue mode: ${CLAIMS} claims on one Data Table row, ${IN_FLIGHT} at a time (Postgres, two workers) → one winner`,
		async () => {
			await insert(['hot']);
			const t = Date.now();
			const answers = await claimAll(Array.from({ length: CLAIMS }, () => 'hot'));
			const { winners, problems } = await judge(['hot'], answers);
			log(
				`        ${CLAIMS} claims on one row in ${((Date.now() - t) / 1000).toFixed(1)} s: ${winners} winner(s), ${CLAIMS - winners} told they lost`,
			);
			assert(problems.length === 0, problems.join('; '));
		},
	);
}
