/**
 * One reminder bench set-up, as a clinic binds the shipped templates: a fresh sandbox (clinic system, Voicebox at
 * LINES lines unless told) and a fresh real n8n (one process, or queue mode) with the packed package, the ledger table, the
 * credentials, the Clinic system sub-workflow and the reminder (imported and bound through the public API the way
 * tests/e2e/reminders.ts does it), `visits` patients tomorrow at noon, each with scripted answers. Used by
 * reminder-throughput, reminder-throughput-queue and reminder-costs.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { DateTime } from 'luxon';

import { controlClient } from '../sandbox/controlClient';
import { startSandbox } from '../sandbox';
import { DEFAULT_VOICEBOX_LOGIN, DEFAULT_VOICEBOX_PASSWORD } from '../sandbox/voicebox/defaults';
import { startCluster, type Cluster } from '../tooling/n8n/cluster';
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
import { processTreeCpuMs, withN8nOutput } from './process';
import { n8nEnvFlag, START_TIMEOUT_MS, type BenchOptions } from './types';

const SECRET = 'bench-reminder-secret-51e0';
export const CAMPAIGN = '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const LINES = 10;
export const ZONE = 'Europe/Moscow';

export interface ReminderRun {
	visits: number;
	/** how long a call lasts in the sandbox (time-scaled) */
	callMs: number;
	/** the outcome codes of patient i's successive calls (1 confirm, 2 cancel, 5 no answer) */
	outcomes: (i: number) => number[];
	/** the reminder's Settings beyond the ones every run sets (ledger, sub-workflow, campaign, open windows) */
	settings: Record<string, unknown>;
	/** false: Voicebox posts no status (default true) */
	callbacks?: boolean;
	/** the campaign's Voicebox lines (default LINES) */
	lines?: number;
	/**
	 * n8n in queue mode (tooling/n8n/cluster.ts: PostgreSQL, Redis, main, this many workers and a webhook process)
	 * instead of one process on SQLite
	 */
	queueWorkers?: number;
	/**
	 * false: successful executions are not saved, as the template ships (default true: reminder-throughput counts
	 * executions and node times from the saved ones)
	 */
	saveExecutions?: boolean;
}

/** a queue-mode worker's executions at once: as in the queue e2e, so a long tick does not queue the callbacks */
const WORKER_CONCURRENCY = 25;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export interface ReminderBench {
	/** the n8n that serves the API and the editor (queue mode: main) */
	n8n: N8n;
	/** the API's n8n */
	http: N8n['http'];
	/** where production webhooks are served: Run now (queue mode: the webhook process) */
	hooks: N8n['http'];
	/** CPU ms (user + system) so far of every n8n process and its task runners (SQLite runs inside n8n) */
	cpuMs(): number;
	/** queue mode: CPU ms so far of PostgreSQL and Redis (0 with SQLite) */
	serverCpuMs(): number;
	/** the database's size on disk (SQLite files, or PostgreSQL's database) */
	databaseMb(): number;
	/** the sandbox control API: the body, or it throws */
	ctl: ReturnType<typeof controlClient>['call'];
	/** n8n's public API with the owner's key */
	api(method: string, path: string, data?: unknown): Promise<Row>;
	reminderId: string;
	clinicId: string;
	phones: string[];
	/** every ledger row, page by page */
	ledger(): Promise<Row[]>;
	/** how many ledger rows there are, and how many of them are done (two requests, whatever the table's size) */
	ledgerCounts(): Promise<{ rows: number; done: number }>;
	dispose(): Promise<void>;
}

export async function startReminderBench(
	options: BenchOptions,
	run: ReminderRun,
): Promise<ReminderBench> {
	const sandbox = await startSandbox({ port: 0, clinic: {} });
	const ctl = controlClient(sandbox.urls.control).call;
	let n8n: N8n | undefined;
	let cluster: Cluster | undefined;
	// the benches count every execution of a run: n8n's pruning (on by default, keeping at most 10,000 executions,
	// https://docs.n8n.io/hosting/scaling/execution-data/) drops the oldest in the middle of a long one
	const env = { EXECUTIONS_DATA_PRUNE: 'false', ...n8nEnvFlag(options) };
	try {
		if (run.queueWorkers) {
			cluster = await startCluster({
				version: options.version,
				workers: run.queueWorkers,
				concurrency: WORKER_CONCURRENCY,
				env,
			});
			n8n = cluster.main;
		} else {
			n8n = await bootN8n({
				version: options.version,
				startTimeoutMs: START_TIMEOUT_MS,
				env,
			});
		}
		const { http, v1 } = n8n;
		// production webhooks: the webhook process in queue mode (main has them switched off)
		const hooks = cluster?.webhook.http ?? http;
		const processes = cluster ? [cluster.main, cluster.webhook, ...cluster.workers] : [n8n];
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
			durationMs: run.callMs,
			pickupMs: Math.min(300, run.callMs),
		});
		await ctl('POST', '/voicebox/campaigns', {
			id: CAMPAIGN,
			name: 'Bench reminders',
			variables: ['name', 'phrase'],
			maxLines: run.lines ?? LINES,
			window: { from: '00:00', to: '24:00', timeZone: ZONE },
			callback: {
				// no address: the calls are placed and no status is posted (what the dial costs alone)
				url:
					run.callbacks === false
						? null
						: `${(cluster?.webhook ?? n8n).base}/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`,
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
		for (let i = 0; i < run.visits; i++) {
			const phone = `7913${String(i).padStart(7, '0')}`;
			phones.push(phone);
			await ctl('POST', '/clinic/visits', {
				id: `B-${i}`,
				phone: `+${phone}`,
				timeZone: ZONE,
				startAt,
				specialty: 'Терапевт',
			});
			await ctl('POST', '/voicebox/script', { number: phone, outcomes: run.outcomes(i) });
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
				saveSuccessfulExecutions: run.saveExecutions ?? true,
				settings: {
					ledgerTableId: tableId,
					clinicWorkflowId: clinicId,
					campaignId: CAMPAIGN,
					clinicTimeZone: ZONE,
					weekdayFrom: '00:00',
					weekdayTo: '24:00',
					weekendFrom: '00:00',
					weekendTo: '24:00',
					// scaled time: the shortest interval the template accepts
					intervalMinutes: 1,
					...run.settings,
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
				const probe = await hooks.post(
					`/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`,
					{},
					{ headers: { 'X-Webhook-Secret': 'probe' } },
				);
				return probe.status === 401 ? true : undefined;
			},
			60_000,
		);

		const ledger = async () => {
			const rows: Row[] = [];
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
		// the row count n8n returns beside a one-row page, filtered by n8n's own data table filter
		const countRows = async (filter?: object) =>
			Number(
				(
					await rest(
						'GET',
						`/projects/${projectId}/data-tables/${tableId}/rows?take=1${filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : ''}`,
					)
				).count,
			);
		const ledgerCounts = async () => ({
			rows: await countRows(),
			done: await countRows({
				type: 'and',
				filters: [{ columnName: 'status', condition: 'eq', value: 'done' }],
			}),
		});
		const booted = n8n;
		const sqlite = join(n8n.userFolder, '.n8n');
		return {
			n8n: booted,
			http,
			hooks,
			cpuMs: () => processes.reduce((sum, p) => sum + processTreeCpuMs(p.pid()), 0),
			serverCpuMs: () =>
				cluster
					? processTreeCpuMs(cluster.postgres.pid()) + processTreeCpuMs(cluster.redis.pid())
					: 0,
			databaseMb: () =>
				(cluster
					? Number(cluster.postgres.sql('SELECT pg_database_size(current_database())'))
					: readdirSync(sqlite)
							.filter((f) => f.startsWith('database.sqlite'))
							.reduce((sum, f) => sum + statSync(join(sqlite, f)).size, 0)) / 1048576,
			ctl,
			api,
			reminderId,
			clinicId,
			phones,
			ledger,
			ledgerCounts,
			async dispose() {
				await (cluster ? cluster.stop() : booted.dispose());
				await sandbox.stop();
			},
		};
	} catch (error) {
		await (cluster ? cluster.stop() : n8n?.dispose());
		await sandbox.stop();
		throw withN8nOutput(error, n8n);
	}
}
