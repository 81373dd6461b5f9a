import { fingerprint, releasedFingerprints } from '../../setup/fingerprint';
import {
	mergeWorkflow,
	nodeChanges,
	sameWorkflow,
	settingsOf,
	versionOneSecrets,
} from '../../setup/merge';
import { readTemplate, setSetting, type Workflow } from '../../setup/workflowFile';
import { REMINDER_WEBHOOKS, TEMPLATE_FILES } from '../../templates/names';

const FILE = TEMPLATE_FILES.appointmentReminder;
const copy = (wf: Workflow): Workflow => JSON.parse(JSON.stringify(wf));
const node = (wf: Workflow, name: string) => wf.nodes.find((n) => n.name === name)!;

/** the template as a clinic's n8n holds it after setup: ids bound, Settings filled, moved around */
function installed(): Workflow {
	const wf = readTemplate(FILE);
	setSetting(wf, 'campaignId', 'clinic-campaign');
	setSetting(wf, 'maxAttempts', 2);
	for (const n of wf.nodes) {
		n.position = [n.position[0] + 40, n.position[1]];
		for (const type of Object.keys(n.credentials ?? {}))
			n.credentials[type] = { id: `cred-${type}`, name: 'x' };
	}
	node(wf, 'Voicebox status').webhookId = 'clinic-own-webhook-id';
	return wf;
}

describe('what counts as an edit beyond Settings', () => {
	it('Settings values, credentials, webhook ids and positions do not', () => {
		expect(fingerprint(installed())).toBe(fingerprint(readTemplate(FILE)));
	});

	it('a changed parameter, a new node or a rewired connection does', () => {
		const changed = installed();
		node(changed, 'Call patient').parameters.phone = '79990000000';
		expect(fingerprint(changed)).not.toBe(fingerprint(readTemplate(FILE)));

		const added = installed();
		added.nodes.push({
			name: 'Note',
			type: 'n8n-nodes-base.stickyNote',
			typeVersion: 1,
			parameters: {},
		});
		expect(fingerprint(added)).not.toBe(fingerprint(readTemplate(FILE)));

		const rewired = installed();
		rewired.connections = {};
		expect(fingerprint(rewired)).not.toBe(fingerprint(readTemplate(FILE)));

		const newField = installed();
		node(newField, 'Settings').parameters.assignments.assignments.push({
			name: 'extra',
			type: 'string',
			value: '',
		});
		expect(fingerprint(newField)).not.toBe(fingerprint(readTemplate(FILE)));
	});

	it('every template has a released fingerprint to upgrade from (but those new since)', () => {
		const newSince010 = [TEMPLATE_FILES.staffAlerts];
		for (const file of Object.values(TEMPLATE_FILES)) {
			if (newSince010.includes(file)) continue;
			expect(releasedFingerprints(file).map((r) => r.version)).toContain('0.1.0');
		}
	});
});

describe('an upgrade keeps what the clinic owns', () => {
	it('Settings values, except what the setup binds or the config sets', () => {
		const workflow = mergeWorkflow({
			template: readTemplate(FILE),
			existing: installed(),
			explicit: { ledgerTableId: 'table-7', maxAttempts: 3 },
			initial: { campaignId: 'never used for an existing workflow' },
			credentials: {},
		});
		const settings = settingsOf(workflow);
		expect(settings.campaignId).toBe('clinic-campaign');
		expect(settings.maxAttempts).toBe(3);
		expect(settings.ledgerTableId).toBe('table-7');
		expect(settings.weekdayFrom).toBe(settingsOf(readTemplate(FILE)).weekdayFrom);
	});

	it("each node's credentials and webhook id; a new workflow gets the given credentials and the template's ids", () => {
		const bound = { mttVoiceboxApi: { id: 'new-cred', name: 'MTT Voicebox account' } };
		const upgraded = mergeWorkflow({
			template: readTemplate(FILE),
			existing: installed(),
			explicit: {},
			initial: {},
			credentials: bound,
		});
		expect(node(upgraded, 'Voicebox status').webhookId).toBe('clinic-own-webhook-id');
		expect(node(upgraded, 'Call patient').credentials.mttVoiceboxApi.id).toBe(
			'cred-mttVoiceboxApi',
		);

		const fresh = mergeWorkflow({
			template: readTemplate(FILE),
			explicit: {},
			initial: { campaignId: 'c' },
			credentials: bound,
		});
		expect(node(fresh, 'Voicebox status').webhookId).toBe(REMINDER_WEBHOOKS.voiceboxStatus);
		expect(node(fresh, 'Call patient').credentials.mttVoiceboxApi.id).toBe('new-cred');
		expect(settingsOf(fresh).campaignId).toBe('c');
	});

	it("a version-1 trigger's Shared Secret comes back for its version-2 credential, and is not kept as a parameter", () => {
		const old = installed();
		const trigger = node(old, 'Voicebox status');
		trigger.typeVersion = 1;
		trigger.parameters.secret = 'the-secret-in-the-scenario';
		delete trigger.credentials;
		const workflow = mergeWorkflow({
			template: readTemplate(FILE),
			existing: old,
			explicit: {},
			initial: {},
			credentials: {},
		});
		expect(versionOneSecrets(readTemplate(FILE), old)).toEqual({
			mttVoiceboxTriggerApi: 'the-secret-in-the-scenario',
		});
		expect(node(workflow, 'Voicebox status').typeVersion).toBe(2);
		expect(JSON.stringify(workflow)).not.toContain('the-secret-in-the-scenario');
		expect(nodeChanges(old, workflow)).toContain('~ Voicebox status (version 1 → 2)');
	});

	it('the same workflow again is no change; one changed value is', () => {
		const wf = installed();
		expect(sameWorkflow(wf, copy(wf))).toBe(true);
		const other = copy(wf);
		setSetting(other, 'maxAttempts', 3);
		expect(sameWorkflow(wf, other)).toBe(false);
	});
});

it("an upgrade keeps the workflow's own settings (error workflow, time zone) and takes a setting the template adds", () => {
	const existing = installed();
	existing.settings = {
		executionOrder: 'v1',
		errorWorkflow: 'clinic-errors',
		timezone: 'Asia/Omsk',
	};
	const template = readTemplate(FILE);
	template.settings = {
		...(template.settings as object),
		saveDataSuccessExecution: 'none',
		timezone: 'Europe/Moscow',
	};
	const workflow = mergeWorkflow({
		template,
		existing,
		explicit: {},
		initial: {},
		credentials: {},
	});
	expect(workflow.settings).toMatchObject({
		errorWorkflow: 'clinic-errors',
		timezone: 'Asia/Omsk',
		saveDataSuccessExecution: 'none',
	});
	expect(sameWorkflow(existing, workflow)).toBe(false);
	expect(sameWorkflow(workflow, JSON.parse(JSON.stringify(workflow)))).toBe(true);
});
