/**
 * Puts every shipped template into the demo's n8n with the setup command's own plan (setup/plan.ts), from a config
 * that points at the sandbox: the Data Tables, the workflows in dependency order, Settings, the demo's credentials
 * (imported beforehand with fixed ids, bound by name), activation. A second start changes nothing that is already
 * as it should be. What only the demo does stays here: the demo's tables start empty, and the sandbox's campaign and
 * cabinet are pointed at n8n (a clinic pastes those by hand).
 */
import axios from 'axios';

import { findEvent } from '../../nodes/CoMagic/trigger/events';
import { postBodyTemplate } from '../../nodes/CoMagic/trigger/templates';
import type { Sandbox } from '../../sandbox';
import { controlClient } from '../../sandbox/controlClient';
import { COMAGIC_VIRTUAL_NUMBER } from '../../sandbox/comagic/defaults';
import { DEFAULT_REMINDER_CAMPAIGN_ID } from '../../sandbox/voicebox/defaults';
import { parseConfig } from '../../setup/config';
import { n8nSetup } from '../../setup/n8nClient';
import { applyPlan, planSetup } from '../../setup/plan';
import {
	CALLBACK_TABLE_NAME,
	LEDGER_TABLE_NAME,
	REMINDER_WEBHOOKS,
	REPORT_WEBHOOK,
	ROUTING_WEBHOOKS,
	SALE_TABLE_NAME,
	STAFF_ALERTS_TABLE_NAME,
} from '../../templates/names';
import type { N8n } from '../../tooling/n8n/n8n';
import { DEMO_SECRETS, staffMailbox } from './credentials';
import { DEMO_OWNER } from './owner';

export interface InstalledTemplates {
	workflows: Array<{ id: string; name: string; active: boolean }>;
	/** pages the templates serve: what, where, the login */
	pages: Array<{ what: string; url: string; login?: string }>;
	tryThis: Array<{ what: string; command: string; expect: string }>;
}

/** The demo as a clinic's config file would say it; the sandbox's patients are not people, so calls go out at any hour. */
function demoConfig(n8n: N8n, sandbox: Sandbox) {
	const allDay = '00:00-24:00';
	return parseConfig({
		n8nUrl: n8n.base,
		activate: true,
		timeZone: 'Europe/Moscow',
		clinicApiUrl: sandbox.urls.clinic,
		// the Voicebox campaign's window is opened all day too (below): Run now dials whenever it is tried
		reminder: { campaignId: DEFAULT_REMINDER_CAMPAIGN_ID, weekdays: allDay, weekends: allDay },
		// the sandbox rings any number that is not one of the account's virtual numbers
		missedCalls: { virtualNumber: COMAGIC_VIRTUAL_NUMBER, operatorPhone: '79035550100' },
		// both channels, to the sandbox's Telegram stub and mail server (its staff page shows what arrived); the
		// credentials are the demo's own (credentials.ts), bound by name
		staffAlerts: {
			channel: 'both',
			patientData: 'name and phone',
			telegram: {
				chatId: '-1001234567890',
				botToken: DEMO_SECRETS.staffBotToken,
				baseUrl: sandbox.urls.telegram,
			},
			email: {
				to: 'registratura@clinic.example',
				from: 'robot@clinic.example',
				...staffMailbox(sandbox),
				secure: false,
			},
		},
	});
}

export async function installTemplates(options: {
	n8n: N8n;
	apiKey: string;
	sandbox: Sandbox;
}): Promise<InstalledTemplates> {
	const { n8n, apiKey, sandbox } = options;
	const setup = n8nSetup({ http: n8n.http, apiKey, v1: n8n.v1, owner: DEMO_OWNER });
	await setup.login();
	// the demo's workflows are the demo's own: one changed by hand is replaced, no copy kept
	const plan = await planSetup(setup, {
		config: demoConfig(n8n, sandbox),
		v1: n8n.v1,
		edited: 'replace',
		stamp: '',
	});
	await applyPlan(plan);
	const workflows = plan.result.workflows.map((w) => ({
		id: w.id,
		name: w.workflow.name,
		active: w.active,
	}));

	// the sandbox starts afresh at every start, with the same visit ids and new calls: so do the demo's tables, or
	// the reminder would take tomorrow's visits for reminded already and place no call
	const tables = await setup.tables();
	for (const name of [
		LEDGER_TABLE_NAME,
		CALLBACK_TABLE_NAME,
		SALE_TABLE_NAME,
		STAFF_ALERTS_TABLE_NAME,
	]) {
		const table = tables.find((t) => t.name === name);
		if (table) await setup.clear(table.id);
	}

	// the sandbox's reminder campaign posts its statuses to the trigger, with the secret; like the workflow's, its
	// own calling window (Voicebox queues calls outside it) is open all day in the demo
	await controlClient(sandbox).call(
		'PATCH',
		`/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`,
		{
			window: { from: '00:00', to: '24:00' },
			callback: {
				url: `${n8n.base}/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`,
				method: 'POST',
				headers: { 'X-Webhook-Secret': DEMO_SECRETS.voicebox },
			},
		},
	);

	// the cabinet's HTTP notifications for the screen pop, each with the body template the trigger shows for it
	await controlClient(sandbox).call('DELETE', `/comagic/notifications`);
	for (const key of ['incoming_call', 'talk_started']) {
		await controlClient(sandbox).call('POST', `/comagic/notifications`, {
			event: key,
			method: 'POST',
			url: `${n8n.base}/webhook/${ROUTING_WEBHOOKS.screenPop}/webhook?token=${DEMO_SECRETS.coMagic}`,
			body: postBodyTemplate(findEvent(key)!),
		});
	}
	// a patient of the sandbox clinic with a visit tomorrow, to call in as
	const visits = (
		await axios.get(`${sandbox.urls.clinic}/visits`, {
			params: { date: 'tomorrow' },
			headers: { Authorization: `Bearer ${DEMO_SECRETS.clinicApiToken}` },
		})
	).data as Array<{
		phone?: string;
		status?: string;
	}>;
	// a booked one: the card then shows the visit (a cancelled visit is not "next")
	const booked =
		visits.find((v) => v.phone && v.status === 'scheduled') ?? visits.find((v) => v.phone);
	const dialable = (phone: unknown) =>
		`7${String(phone ?? '')
			.replace(/\D/g, '')
			.slice(-10)}`;
	const patient = dialable(booked?.phone);
	// another of tomorrow's patients presses 3 (asks for a person): the staff page shows what Staff alerts sends
	const asks = visits.find((v) => v.phone && v.status === 'scheduled' && v !== booked);
	if (asks)
		await controlClient(sandbox).call('POST', `/voicebox/script`, {
			number: dialable(asks.phone),
			outcomes: [3],
		});

	const control = sandbox.urls.control;
	return {
		workflows,
		pages: [
			{
				what: 'Reminder report',
				url: `${n8n.base}/webhook/${REPORT_WEBHOOK}`,
				login: `${DEMO_SECRETS.report.user} / ${DEMO_SECRETS.report.password}`,
			},
			{
				what: 'Staff page',
				url: sandbox.urls.staff,
				// no login: the sandbox's stand-in for the staff's chat and mailbox
			},
		],
		tryThis: [
			{
				what: 'Simulate an incoming call from a patient (CoMagic notifies n8n; the patient card pops up for the operator)',
				command: `curl -s -X POST ${control}/comagic/inbound-call -H 'Content-Type: application/json' -d '{"contact_phone_number":"${patient}","talkMs":2000}'`,
				expect: `the card with the patient, the next visit and the ad campaign: curl -s ${control}/clinic/screen-pops`,
			},
			{
				what: "Run tomorrow's reminders now (the sandbox clinic has visits for tomorrow; the demo calls at any hour, first calls go out at the next tick)",
				command: `curl -s -X POST ${n8n.base}/webhook/${REMINDER_WEBHOOKS.runNow}`,
				expect: `the robot dials: curl -s ${control}/voicebox/calls; what Staff alerts tells the staff (a patient who pressed 3, the day's digest, faults): ${sandbox.urls.staff}`,
			},
			{
				what: 'Watch the ledger fill in (one row per visit, the status of each call)',
				command: `open ${n8n.base} → Overview → Data tables → ${LEDGER_TABLE_NAME}`,
				expect: `rows go due → calling → done as the sandbox posts 4, then 1/2/3 or 5; the results reach the clinic (its API wants the token n8n sends): curl -s -H 'Authorization: Bearer ${DEMO_SECRETS.clinicApiToken}' '${sandbox.urls.clinic}/visits?date=tomorrow'`,
			},
		],
	};
}
