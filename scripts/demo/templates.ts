/**
 * Puts every shipped template into the demo's n8n the way a clinic's setup would (tests/e2e/setup.ts, the same
 * steps the e2e suites take): the Data Tables, workflows/*.json through n8n's public API with the sandbox's
 * addresses, the credentials and tables bound, sub-workflows published (2.x) and the rest activated. Idempotent: a
 * table or workflow that exists (by name) is reused and updated, never created twice. A template with no recipe
 * here fails the setup, so a new template cannot be left out of the demo unnoticed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import axios from 'axios';

import { findEvent } from '../../nodes/CoMagic/trigger/events';
import { postBodyTemplate } from '../../nodes/CoMagic/trigger/templates';
import type { Sandbox } from '../../sandbox';
import { COMAGIC_VIRTUAL_NUMBER } from '../../sandbox/comagic/defaults';
import { DEFAULT_REMINDER_CAMPAIGN_ID } from '../../sandbox/voicebox/defaults';
import {
	CALLBACK_COLUMNS,
	CALLBACK_TABLE_NAME,
	LEDGER_COLUMNS,
	LEDGER_TABLE_NAME,
	REMINDER_WEBHOOKS,
	REPORT_WEBHOOK,
	ROUTING_WEBHOOKS,
	SALE_COLUMNS,
	SALE_TABLE_NAME,
	TEMPLATE_FILES,
} from '../../templates/names';
import { ROOT, type N8n } from '../../tests/e2e/n8n';
import { n8nSetup } from '../../setup/n8nClient';
import { readTemplate, setSetting, type Workflow } from '../../setup/workflowFile';
import { demoCredentials, DEMO_SECRETS, type DemoCredential } from './credentials';
import { DEMO_OWNER } from './owner';

export interface InstalledTemplates {
	workflows: Array<{ id: string; name: string; active: boolean }>;
	/** pages the templates serve: what, where, the login */
	pages: Array<{ what: string; url: string; login: string }>;
	tryThis: Array<{ what: string; command: string; expect: string }>;
}

type Setup = ReturnType<typeof n8nSetup>;

interface Recipe {
	/** binds what the template needs; may read ids of templates installed before it */
	prepare(wf: Workflow, setup: Setup, installed: Map<string, string>): Promise<void> | void;
	/** a sub-workflow: published on 2.x (it runs the published version), left inactive on 1.x (nothing to activate) */
	subWorkflow?: boolean;
}

/** Every node using a credential of this type gets the demo's credential of that type (imported with a fixed id). */
function bindDemoCredentials(wf: Workflow, credentials: DemoCredential[]): void {
	// a disabled branch (e.g. the screen pop's Telegram message) keeps its credential unset until a clinic wants it
	for (const node of wf.nodes.filter((n) => !n.disabled)) {
		for (const type of Object.keys(node.credentials ?? {})) {
			const credential = credentials.find((c) => c.type === type);
			if (!credential) throw new Error(`${wf.name}: the demo has no ${type} credential`);
			node.credentials[type] = { id: credential.id, name: credential.name };
		}
	}
}

function recipes(sandbox: Sandbox): Record<string, Recipe> {
	return {
		[TEMPLATE_FILES.clinicSystem]: {
			subWorkflow: true,
			prepare: (wf) => setSetting(wf, 'clinicApiUrl', sandbox.urls.clinic),
		},
		[TEMPLATE_FILES.appointmentReminder]: {
			async prepare(wf, setup, installed) {
				setSetting(wf, 'ledgerTableId', await setup.table(LEDGER_TABLE_NAME, LEDGER_COLUMNS));
				setSetting(wf, 'clinicWorkflowId', installed.get(TEMPLATE_FILES.clinicSystem));
				setSetting(wf, 'campaignId', DEFAULT_REMINDER_CAMPAIGN_ID);
				// the sandbox's patients are not people: the demo calls at any hour, so Run now dials whenever it is
				// tried (the template's own window, 09:00–20:00 in the patient's zone, would leave an evening demo silent)
				for (const key of ['weekdayFrom', 'weekendFrom']) setSetting(wf, key, '00:00');
				for (const key of ['weekdayTo', 'weekendTo']) setSetting(wf, key, '24:00');
			},
		},
		[TEMPLATE_FILES.missedCallCallback]: {
			async prepare(wf, setup) {
				setSetting(wf, 'callbackTableId', await setup.table(CALLBACK_TABLE_NAME, CALLBACK_COLUMNS));
				setSetting(wf, 'virtualNumber', COMAGIC_VIRTUAL_NUMBER);
				// the sandbox rings any number that is not one of the account's virtual numbers
				setSetting(wf, 'operatorPhone', '79035550100');
				setSetting(wf, 'timeZone', 'Europe/Moscow');
			},
		},
		[TEMPLATE_FILES.incomingCall]: {
			prepare: (wf, _setup, installed) =>
				setSetting(wf, 'clinicWorkflowId', installed.get(TEMPLATE_FILES.clinicSystem)),
		},
		[TEMPLATE_FILES.interactiveRouting]: {
			prepare: (wf, _setup, installed) =>
				setSetting(wf, 'clinicWorkflowId', installed.get(TEMPLATE_FILES.clinicSystem)),
		},
		[TEMPLATE_FILES.reminderReport]: {
			async prepare(wf, setup) {
				setSetting(wf, 'ledgerTableId', await setup.table(LEDGER_TABLE_NAME, LEDGER_COLUMNS));
				setSetting(wf, 'clinicTimeZone', 'Europe/Moscow');
				// the page's Data Table usage counts the other templates' tables too
				setSetting(wf, 'callbackTableId', await setup.table(CALLBACK_TABLE_NAME, CALLBACK_COLUMNS));
				setSetting(wf, 'salesTableId', await setup.table(SALE_TABLE_NAME, SALE_COLUMNS));
			},
		},
		[TEMPLATE_FILES.saleTagging]: {
			async prepare(wf, setup) {
				setSetting(wf, 'salesTableId', await setup.table(SALE_TABLE_NAME, SALE_COLUMNS));
				setSetting(wf, 'timeZone', 'Europe/Moscow');
			},
		},
	};
}

export async function installTemplates(options: {
	n8n: N8n;
	apiKey: string;
	sandbox: Sandbox;
}): Promise<InstalledTemplates> {
	const { n8n, apiKey, sandbox } = options;
	const setup = n8nSetup({ http: n8n.http, apiKey, v1: n8n.v1, owner: DEMO_OWNER });
	await setup.login();
	const all = recipes(sandbox);
	const files = readdirSync(join(ROOT, 'workflows')).filter((f) => f.endsWith('.json'));
	const unknown = files.filter((f) => !all[f]);
	if (unknown.length) throw new Error(`no demo recipe for ${unknown.join(', ')}`);
	// sub-workflows first: the others name their ids
	const ordered = [...files].sort(
		(a, b) => Number(!all[a].subWorkflow) - Number(!all[b].subWorkflow),
	);
	// the sandbox starts afresh at every start, with the same visit ids and new calls: so do the demo's tables, or
	// the reminder would take tomorrow's visits for reminded already and place no call
	for (const [name, columns] of [
		[LEDGER_TABLE_NAME, LEDGER_COLUMNS],
		[CALLBACK_TABLE_NAME, CALLBACK_COLUMNS],
		[SALE_TABLE_NAME, SALE_COLUMNS],
	] as const) {
		await setup.clear(await setup.table(name, columns));
	}
	const installed = new Map<string, string>();
	const workflows: InstalledTemplates['workflows'] = [];
	for (const file of ordered) {
		const wf = readTemplate(file);
		const recipe = all[file];
		await recipe.prepare(wf, setup, installed);
		bindDemoCredentials(wf, demoCredentials(sandbox));
		const id = await setup.put(wf);
		installed.set(file, id);
		if (!recipe.subWorkflow || !n8n.v1) await setup.activate(id);
		workflows.push({ id, name: wf.name, active: !recipe.subWorkflow || !n8n.v1 });
	}

	// the sandbox's reminder campaign posts its statuses to the trigger, with the secret; like the workflow's, its
	// own calling window (Voicebox queues calls outside it) is open all day in the demo
	await axios.patch(`${sandbox.urls.control}/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`, {
		window: { from: '00:00', to: '24:00' },
		callback: {
			url: `${n8n.base}/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`,
			method: 'POST',
			headers: { 'X-Webhook-Secret': DEMO_SECRETS.voicebox },
		},
	});

	// the cabinet's HTTP notifications for the screen pop, each with the body template the trigger shows for it
	await axios.delete(`${sandbox.urls.control}/comagic/notifications`);
	for (const key of ['incoming_call', 'talk_started']) {
		await axios.post(`${sandbox.urls.control}/comagic/notifications`, {
			event: key,
			method: 'POST',
			url: `${n8n.base}/webhook/${ROUTING_WEBHOOKS.screenPop}/webhook?token=${DEMO_SECRETS.coMagic}`,
			body: postBodyTemplate(findEvent(key)!),
		});
	}
	// a patient of the sandbox clinic with a visit tomorrow, to call in as
	const visits = (
		await axios.get(`${sandbox.urls.clinic}/visits`, { params: { date: 'tomorrow' } })
	).data as Array<{
		phone?: string;
		status?: string;
	}>;
	// a booked one: the card then shows the visit (a cancelled visit is not "next")
	const booked =
		visits.find((v) => v.phone && v.status === 'scheduled') ?? visits.find((v) => v.phone);
	const digits = String(booked?.phone ?? '').replace(/\D/g, '');
	const patient = `7${digits.slice(-10)}`;

	const control = sandbox.urls.control;
	return {
		workflows,
		pages: [
			{
				what: 'Reminder report',
				url: `${n8n.base}/webhook/${REPORT_WEBHOOK}`,
				login: `${DEMO_SECRETS.report.user} / ${DEMO_SECRETS.report.password}`,
			},
		],
		tryThis: [
			{
				what: 'Simulate an incoming call from a patient (CoMagic notifies n8n; the patient card pops up for the operator)',
				command: `curl -s -X POST ${control}/comagic/inbound-call -H 'Content-Type: application/json' -d '{"contact_phone_number":"${patient}","talkMs":2000}'`,
				expect: `the card with the patient, the next visit and the ad campaign: curl -s ${control}/clinic/screen-pops`,
			},
			{
				what: "Run tomorrow's reminders now (the sandbox clinic has visits for tomorrow; the demo calls at any hour, first calls go out at the next minute's tick)",
				command: `curl -s -X POST ${n8n.base}/webhook/${REMINDER_WEBHOOKS.runNow}`,
				expect: `the robot dials: curl -s ${control}/voicebox/calls`,
			},
			{
				what: 'Watch the ledger fill in (one row per visit, the status of each call)',
				command: `open ${n8n.base} → Overview → Data tables → ${LEDGER_TABLE_NAME}`,
				expect: `rows go due → calling → done as the sandbox posts 4, then 1/2/3 or 5; the results reach the clinic: curl -s '${sandbox.urls.clinic}/visits?date=tomorrow'`,
			},
		],
	};
}
