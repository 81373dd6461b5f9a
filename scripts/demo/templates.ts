/**
 * Puts the shipped templates into a running n8n the way a clinic's setup would: the ledger Data Table, every
 * workflows/*.json through n8n's public API with the sandbox's addresses, the credentials and the table bound, the
 * sub-workflow published (2.x) and the reminder activated. Idempotent: a table or workflow that exists (by name) is
 * reused and updated, never created twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import axios from 'axios';

import type { Sandbox } from '../../sandbox';
import { DEFAULT_REMINDER_CAMPAIGN_ID } from '../../sandbox/voicebox/defaults';
import { ROOT, type N8n } from '../../tests/e2e/n8n';
import {
	LEDGER_COLUMNS,
	LEDGER_TABLE_NAME,
	REMINDER_WEBHOOKS,
	TEMPLATE_FILES,
} from '../../templates/names';

/** The demo's shared secret between the sandbox's scenario blocks and the Voicebox Trigger. */
export const DEMO_SECRET = 'demo-voicebox-secret';

export interface InstalledTemplates {
	workflows: Array<{ id: string; name: string; active: boolean }>;
	tableId: string;
	tryThis: Array<{ what: string; command: string; expect: string }>;
}

interface TemplateNode {
	name: string;
	type: string;
	parameters: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
	credentials?: Record<string, { id?: string; name: string }>;
}
export type Workflow = { name: string; nodes: TemplateNode[]; [key: string]: unknown };

export function readTemplate(file: string): Workflow {
	const wf = JSON.parse(readFileSync(join(ROOT, 'workflows', file), 'utf8')) as Workflow;
	// what n8n's own import drops
	for (const key of ['id', 'active', 'versionId', 'pinData', 'meta', 'tags', 'shared'])
		delete wf[key];
	return wf;
}

export function setSetting(wf: Workflow, name: string, value: unknown): void {
	const settings = wf.nodes.find((n) => n.name === 'Settings');
	const field = settings?.parameters.assignments.assignments.find(
		(a: { name: string }) => a.name === name,
	);
	if (!field) throw new Error(`${wf.name}: its Settings node has no field ${name}`);
	field.value = value;
}

export async function installTemplates(options: {
	n8n: N8n;
	cookie: string;
	apiKey: string;
	sandbox: Sandbox;
}): Promise<InstalledTemplates> {
	const { n8n, cookie, apiKey, sandbox } = options;
	const { http, v1 } = n8n;
	const api = async (method: string, path: string, data?: unknown) => {
		const res = await http.request({
			method,
			url: `/api/v1${path}`,
			// a JSON body always: n8n 2.x answers 415 to a bodyless POST labelled as a form
			data: data ?? (method === 'GET' ? undefined : {}),
			headers: { 'X-N8N-API-KEY': apiKey },
		});
		if (res.status >= 300) {
			throw new Error(
				`${method} ${path}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`,
			);
		}
		return res.data;
	};
	const rest = async (method: string, path: string, data?: unknown) => {
		const res = await http.request({ method, url: `/rest${path}`, data, headers: { cookie } });
		if (res.status >= 300) {
			throw new Error(
				`${method} ${path}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`,
			);
		}
		return res.data.data;
	};

	// the ledger table: 1.123 has only the internal REST route, 2.x also the public API (same body)
	const projectId = (await rest('GET', '/projects/personal')).id as string;
	const tables = (await rest('GET', `/projects/${projectId}/data-tables`)) as
		| { data: Array<{ id: string; name: string }> }
		| Array<{ id: string; name: string }>;
	const list = Array.isArray(tables) ? tables : tables.data;
	let tableId = list.find((t) => t.name === LEDGER_TABLE_NAME)?.id;
	if (!tableId) {
		const columns = Object.entries(LEDGER_COLUMNS).map(([name, type]) => ({ name, type }));
		tableId = (
			await rest('POST', `/projects/${projectId}/data-tables`, { name: LEDGER_TABLE_NAME, columns })
		).id as string;
	}

	const existing = async (name: string) =>
		(
			(await api('GET', `/workflows?name=${encodeURIComponent(name)}`)).data as Array<{
				id: string;
				name: string;
			}>
		).find((w) => w.name === name);
	const put = async (wf: Workflow) => {
		const found = await existing(wf.name);
		if (!found) return (await api('POST', '/workflows', wf)).id as string;
		// an active workflow takes an update only once deactivated on 1.x; 2.x re-publishes below anyway
		await api('POST', `/workflows/${found.id}/deactivate`).catch(() => undefined);
		await api('PUT', `/workflows/${found.id}`, {
			name: wf.name,
			nodes: wf.nodes,
			connections: wf.connections,
			settings: wf.settings,
		});
		return found.id;
	};
	const clinic = readTemplate(TEMPLATE_FILES.clinicSystem);
	setSetting(clinic, 'clinicApiUrl', sandbox.urls.clinic);
	const clinicId = await put(clinic);
	if (!v1) await api('POST', `/workflows/${clinicId}/publish`);

	const reminder = readTemplate(TEMPLATE_FILES.appointmentReminder);
	setSetting(reminder, 'ledgerTableId', tableId);
	setSetting(reminder, 'clinicWorkflowId', clinicId);
	setSetting(reminder, 'campaignId', DEFAULT_REMINDER_CAMPAIGN_ID);
	const status = reminder.nodes.find((n) => String(n.type).endsWith('.mttVoiceboxTrigger'));
	if (status) status.parameters.secret = DEMO_SECRET;
	for (const node of reminder.nodes) {
		// the demo's credential was imported with this fixed id; the template names it only
		if (node.credentials?.mttVoiceboxApi) {
			node.credentials.mttVoiceboxApi = { id: 'demoVoiceboxSandbox', name: 'MTT Voicebox account' };
		}
	}
	const reminderId = await put(reminder);
	await api('POST', `/workflows/${reminderId}/${v1 ? 'activate' : 'publish'}`);

	// the sandbox's reminder campaign posts its statuses to the trigger, with the secret
	await axios.patch(`${sandbox.urls.control}/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`, {
		callback: {
			url: `${n8n.base}/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`,
			method: 'POST',
			headers: { 'X-Webhook-Secret': DEMO_SECRET },
		},
	});

	const control = sandbox.urls.control;
	return {
		tableId,
		workflows: [
			{ id: clinicId, name: clinic.name, active: !v1 },
			{ id: reminderId, name: reminder.name, active: true },
		],
		tryThis: [
			{
				what: "Run tomorrow's reminders now (the sandbox clinic has visits for tomorrow; first calls go out at the next minute's tick)",
				command: `curl -s -X POST ${n8n.base}/webhook/${REMINDER_WEBHOOKS.runNow}`,
				expect: `the robot dials: curl -s ${control}/voicebox/calls`,
			},
			{
				what: 'Watch the ledger fill in (one row per visit, the status of each call)',
				command: `open ${n8n.base} → Overview → Data tables → ${LEDGER_TABLE_NAME}`,
				expect: 'rows go due → calling → done as the sandbox posts 4, then 1/2/3 or 5',
			},
			{
				what: 'See the results written back to the clinic system (each tick writes them; run now again to skip the wait)',
				command: `curl -s -o /dev/null -X POST ${n8n.base}/webhook/${REMINDER_WEBHOOKS.runNow} && curl -s '${sandbox.urls.clinic}/visits?date=tomorrow'`,
				expect:
					'each reminded visit carries reminder.outcome: confirmed, cancelled, operator, or unreached (flagged for staff, never cancelled)',
			},
		],
	};
}
