/**
 * n8n in queue mode, the way n8n documents scaling (https://docs.n8n.io/hosting/scaling/queue-mode/): PostgreSQL for
 * the database, Redis for the queue, one main process (editor, API, schedules, activation), workers that run every
 * execution, and a webhook process that receives production webhooks and hands them to the workers. This package
 * is installed into each process's own user folder, as on separate machines: a worker without it fails executions
 * with "Unrecognized node type". Used by the queue e2e (tests/e2e/queue.ts) and `npm start -- --queue`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { bootN8n, freePort, type N8n, type N8nOptions } from './n8n';
import { startPostgres, startRedis, type Postgres, type Redis } from './services';

export interface ClusterOptions {
	version: string;
	/** how many `n8n worker` processes (default 2) */
	workers?: number;
	/** executions each worker runs at once (`--concurrency`, n8n's default 10) */
	concurrency?: number;
	/** the main process's port (default: a free one) */
	mainPort?: number;
	/** the webhook process's port (default: a free one) */
	webhookPort?: number;
	/** n8n's user folder of the main process, kept between runs (default: a temporary one) */
	home?: string;
	encryptionKey?: string;
	/** imported into the shared database by the main process before it starts */
	credentials?: N8nOptions['credentials'];
	workflows?: N8nOptions['workflows'];
	/** more settings for every process (a bench's `--n8n-env`) */
	env?: NodeJS.ProcessEnv;
	/** log each step */
	say?: (line: string) => void;
}

export interface Cluster {
	postgres: Postgres;
	redis: Redis;
	main: N8n;
	workers: N8n[];
	webhook: N8n;
	/** the workers whose log shows an execution started and not yet finished, busiest first */
	busyWorkers(): N8n[];
	/** how many executions each worker has finished, from its log */
	finishedPerWorker(): number[];
	/** writes each process's output (since its last start) to `<dir>/<process>.log`; returns the file names */
	writeLogs(dir: string): string[];
	stop(): Promise<void>;
}

/** Executions a worker started and has not finished, read from its log (n8n prints both at the info level). */
export function openExecutions(worker: N8n): Set<string> {
	const open = new Set<string>();
	for (const m of worker.output().matchAll(/Worker (started|finished) execution (\d+)/g)) {
		if (m[1] === 'started') open.add(m[2]);
		else open.delete(m[2]);
	}
	return open;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
	const say = options.say ?? (() => undefined);
	const started: Array<{ stop(): Promise<void> }> = [];
	const stopAll = async () => {
		// workers and the webhook process first, the main process next, the servers last
		for (const s of started.reverse()) await s.stop().catch(() => undefined);
		started.length = 0;
	};
	try {
		const postgres = await startPostgres();
		started.push(postgres);
		const redis = await startRedis();
		started.push(redis);
		say(`PostgreSQL on 127.0.0.1:${postgres.port}, Redis on 127.0.0.1:${redis.port}`);
		const webhookPort = options.webhookPort ?? (await freePort());
		const webhookBase = `http://127.0.0.1:${webhookPort}`;
		// what every process shares: the database, the queue, and the key that encrypts credentials in the database
		const shared: NodeJS.ProcessEnv = {
			...options.env,
			...postgres.env,
			...redis.env,
			EXECUTIONS_MODE: 'queue',
			N8N_ENCRYPTION_KEY: options.encryptionKey ?? 'e2e-queue-encryption-key',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			// n8n's default pool of 2 connections per process cannot serve a burst of webhooks: each one writes its
			// execution before it is queued, and a request that waits 20 s for a connection fails
			DB_POSTGRESDB_POOL_SIZE: '10',
			// the URL the editor shows for production webhooks: the webhook process (2.x renamed the variable)
			WEBHOOK_URL: `${webhookBase}/`,
			N8N_WEBHOOK_URL: `${webhookBase}/`,
		};
		const main = await bootN8n({
			version: options.version,
			port: options.mainPort,
			home: options.home,
			credentials: options.credentials,
			workflows: options.workflows,
			// production webhooks only on the webhook process, so an answer from there cannot come from main
			env: { ...shared, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' },
		});
		started.push({ stop: () => main.dispose() });
		say(`main ${main.base}`);
		// workers and the webhook process boot together once main has migrated the database
		const bootWorker = async (i: number) => {
			const port = await freePort();
			const worker = await bootN8n({
				version: options.version,
				role: 'worker',
				port,
				args: [`--concurrency=${options.concurrency ?? 10}`],
				env: {
					...shared,
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(port),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				},
			});
			started.push({ stop: () => worker.dispose() });
			say(`worker ${i + 1} health ${worker.base}/healthz`);
			return worker;
		};
		const bootWebhook = async () => {
			const webhook = await bootN8n({
				version: options.version,
				role: 'webhook',
				port: webhookPort,
				env: shared,
			});
			started.push({ stop: () => webhook.dispose() });
			say(`webhook process ${webhook.base}`);
			return webhook;
		};
		// settle all before failing, so that none is left booting after the others were stopped
		const booted = await Promise.allSettled([
			bootWebhook(),
			...Array.from({ length: options.workers ?? 2 }, (_, i) => bootWorker(i)),
		]);
		const failed = booted.find((b): b is PromiseRejectedResult => b.status === 'rejected');
		if (failed) throw failed.reason;
		const [webhook, ...workers] = booted.map((b) => (b as PromiseFulfilledResult<N8n>).value);
		return {
			postgres,
			redis,
			main,
			workers,
			webhook,
			busyWorkers: () =>
				workers
					.map((w) => ({ w, open: openExecutions(w).size }))
					.filter((x) => x.open > 0)
					.sort((a, b) => b.open - a.open)
					.map((x) => x.w),
			writeLogs(dir) {
				mkdirSync(dir, { recursive: true });
				const named: Array<[string, N8n]> = [
					['main', main],
					['webhook', webhook],
					...workers.map((w, i) => [`worker-${i + 1}`, w] as [string, N8n]),
				];
				return named.map(([name, n8n]) => {
					const file = join(dir, `${name}.log`);
					writeFileSync(file, n8n.output());
					return file;
				});
			},
			finishedPerWorker: () =>
				workers.map((w) => (w.output().match(/Worker finished execution \d+/g) ?? []).length),
			stop: stopAll,
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}
