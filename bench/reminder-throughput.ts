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
import { join } from 'node:path';

import axios from 'axios';
import { DateTime } from 'luxon';

import { startSandbox } from '../sandbox';
import { DEFAULT_VOICEBOX_LOGIN, DEFAULT_VOICEBOX_PASSWORD } from '../sandbox/voicebox/defaults';
import { readTemplate, setSetting } from '../tests/e2e/setup';
import { bootN8n, createApiKey, ownerCookie, type N8n } from '../tests/e2e/n8n';
import {
	LEDGER_COLUMNS,
	LEDGER_TABLE_NAME,
	REMINDER_WEBHOOKS,
	TEMPLATE_FILES,
} from '../templates/names';
import { withN8nOutput } from './process';
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
		const callMs = Math.round(CALL_MS / scale);
		const sandbox = await startSandbox({ port: 0, clinic: {} });
		const control = sandbox.urls.control;
		const ctl = async (method: string, path: string, data?: unknown) => {
			const res = await axios.request({
				method,
				url: `${control}${path}`,
				data,
				validateStatus: () => true,
			});
			if (res.status >= 300)
				throw new Error(
					`${method} ${path}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`,
				);
			return res.data;
		};
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

			// the templates, bound as a clinic would: ledger table, credential, sub-workflow, campaign, secret
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
			const clinic = readTemplate(TEMPLATE_FILES.clinicSystem);
			setSetting(clinic, 'clinicApiUrl', sandbox.urls.clinic);
			const clinicId = (await api('POST', '/workflows', clinic)).id as string;
			if (!v1) await api('POST', `/workflows/${clinicId}/publish`);
			const reminder = readTemplate(TEMPLATE_FILES.appointmentReminder);
			const bindings: Record<string, unknown> = {
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
			};
			for (const [name, value] of Object.entries(bindings)) setSetting(reminder, name, value);
			for (const node of reminder.nodes) {
				if (node.type.endsWith('.mttVoiceboxTrigger')) node.parameters.secret = SECRET;
				if (node.credentials?.mttVoiceboxApi)
					node.credentials.mttVoiceboxApi = { id: credential.id, name: credential.name };
			}
			const reminderId = (await api('POST', '/workflows', reminder)).id as string;
			await api('POST', `/workflows/${reminderId}/${v1 ? 'activate' : 'publish'}`);

			const ledger = async () => {
				const rows: Array<Record<string, any>> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
				for (let skip = 0; ; skip += 1000) {
					const page = await rest(
						'GET',
						`/projects/${projectId}/data-tables/${tableId}/rows?take=1000&skip=${skip}`,
					);
					rows.push(...page.data);
					if (page.data.length < 1000) return rows;
				}
			};
			// ticks as fast as the template allows: run now again as soon as the last one answered
			const started = Date.now();
			let ticks = 0;
			let tickMs = 0;
			let done = 0;
			for (;;) {
				const t = Date.now();
				const res = await http.post(
					`/webhook/${REMINDER_WEBHOOKS.runNow}`,
					{},
					{ timeout: 300_000 },
				);
				tickMs += Date.now() - t;
				ticks++;
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
			const executions: Array<Record<string, any>> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
			for (const workflowId of [reminderId, clinicId]) {
				let cursor: string | undefined;
				do {
					const page = await api(
						'GET',
						`/executions?workflowId=${workflowId}&limit=250${cursor ? `&cursor=${cursor}` : ''}`,
					);
					executions.push(...page.data.map((e: Record<string, unknown>) => ({ ...e, workflowId })));
					cursor = page.nextCursor ?? undefined;
				} while (cursor);
			}
			const byKind = new Map<string, { count: number; ms: number }>();
			for (const e of executions) {
				const kind = `${e.workflowId === clinicId ? 'clinic sub-workflow' : 'reminder'} (${e.mode})`;
				const k = byKind.get(kind) ?? { count: 0, ms: 0 };
				k.count++;
				k.ms += Date.parse(e.stoppedAt ?? e.startedAt) - Date.parse(e.startedAt);
				byKind.set(kind, k);
			}
			const errors = executions.filter((e) => e.status === 'error').length;
			const idealMs = (calls.length * callMs) / LINES;
			const retryWaitMs = Math.max(...MIX.map((m) => m.length - 1)) * 60_000;
			const finished = done === visits;
			const rows: Array<Record<string, string | number>> = [
				{
					figure: 'visits (done / planned)',
					value: `${done} / ${visits}${finished ? '' : ` (stopped after ${limitMin} min)`}`,
				},
				{ figure: 'wall time s', value: +(wallMs / 1000).toFixed(1) },
				{
					figure: `ideal s (calls × ${callMs} ms / ${LINES} lines)`,
					value: +(idealMs / 1000).toFixed(1),
				},
				{
					figure: 'ideal s incl. the 1-min retry waits',
					value: +((idealMs + retryWaitMs) / 1000).toFixed(1),
				},
				{
					figure: 'wall / ideal incl. waits',
					value: +(wallMs / (idealMs + retryWaitMs)).toFixed(2),
				},
				{ figure: 'calls placed (scripted)', value: `${calls.length} (${expectedCalls})` },
				{
					figure: 'calls per visit (max)',
					value: `${(calls.length / visits).toFixed(2)} (${Math.max(0, ...perVisit.values())})`,
				},
				{ figure: 'n8n executions per visit', value: +(executions.length / visits).toFixed(2) },
				{
					figure: 'goal: executions per visit',
					value: `≤ ${(3 + retries / visits).toFixed(2)} (3 + retries)`,
				},
				{ figure: 'failed executions', value: errors },
				{ figure: 'run-now ticks (mean ms)', value: `${ticks} (${Math.round(tickMs / ticks)})` },
				{ figure: 'ledger rows', value: (await ledger()).length },
				{ figure: 'database file MB', value: +(databaseBytes(n8n) / 1048576).toFixed(1) },
				...[...byKind].map(([kind, k]) => ({
					figure: `executions: ${kind}`,
					value: `${k.count}, ${(k.ms / 1000).toFixed(0)} s total, ${Math.round(k.ms / k.count)} ms mean`,
				})),
			];
			return {
				n8nVersion: options.version,
				ok:
					finished &&
					errors === 0 &&
					executions.length / visits <= 3 + retries / visits &&
					Math.max(0, ...perVisit.values()) <= 3,
				rows,
				notes: [
					`${visits} visits, outcome mix per 20 patients: 14 confirm, 2 cancel, 2 answer the 2nd call, 1 the 3rd, 1 never; calls last ${callMs} ms (30 s / ${scale}); batch size ${batchSize}; run-now is called again 1 s after each tick ends (the every-minute schedule runs too). One run: the size is what fits, so there is no min–max.`,
				],
				details: {
					visits,
					scale,
					callMs,
					batchSize,
					wallMs,
					ticks,
					executions: executions.length,
					byKind: Object.fromEntries(byKind),
				},
			};
		} catch (error) {
			throw withN8nOutput(error, n8n);
		} finally {
			await n8n?.dispose();
			await sandbox.stop();
		}
	},
};
