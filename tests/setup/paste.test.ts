/** The paste instructions the setup prints, read from the shipped templates (workflows/*.json) as they are. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NOTIFICATION_EVENTS } from '../../nodes/CoMagic/trigger/events';
import { DEFAULT_OUTCOMES } from '../../nodes/MttVoicebox/helpers/outcomes';
import { pasteInstructions, type InstalledWorkflow, type PasteInput } from '../../setup/paste';

const DIR = join(__dirname, '../../workflows');
const BASE = 'https://n8n.clinic.ru';
const SECRETS: PasteInput['secrets'] = {
	voicebox: 'vb_Secret-0123456789abcdef',
	coMagic: 'cm_Secret-0123456789abcdef',
	clinicHeader: { name: 'X-Clinic-Secret', value: 'clinic_Secret-0123456789' },
	report: { user: 'manager', password: 'report_Pass-0123456789' },
};
const ALL_SECRET_VALUES = ['vb_Secret', 'cm_Secret', 'clinic_Secret', 'report_Pass'];

function load(file: string): InstalledWorkflow {
	return { file, workflow: JSON.parse(readFileSync(join(DIR, file), 'utf8')) };
}
const ALL = readdirSync(DIR)
	.filter((f) => f.endsWith('.json'))
	.sort()
	.map(load);
const byFile = (file: string) => ALL.find((w) => w.file === file)!;
const node = (file: string, name: string) =>
	byFile(file).workflow.nodes.find((n) => n.name === name) as Record<string, any>;

/** The lines of the section whose heading starts with `== title`, up to the blank line. */
function section(out: string, title: string): string[] {
	const blocks = out.split('\n\n').filter((b) => b.startsWith(`== ${title}`));
	expect(blocks).toHaveLength(1);
	return blocks[0].split('\n');
}

/** The value line right after the label line that starts with `label`. */
function valueAfter(lines: string[], label: string): string {
	const at = lines.findIndex((l) => l.startsWith(label));
	expect(at).toBeGreaterThanOrEqual(0);
	const value = lines[at + 1];
	expect(value.startsWith('  ')).toBe(true);
	return value.slice(2);
}

/** A CoMagic body with each {{variable}} as the cabinet fills it (a JSON literal). */
const filled = (body: string) =>
	body.replace(/\{\{(\w+)\}\}/g, (_, v: string) => JSON.stringify(`<${v}>`));

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('pasteInstructions with every template and the secrets this run made', () => {
	const out = pasteInstructions({ n8nBase: BASE, workflows: ALL, secrets: SECRETS });

	it('gives the Voicebox scenario one HTTP block per outcome code, with the URL, the header and the body', () => {
		const trigger = node('appointment-reminder.json', 'Voicebox status');
		const lines = section(out, 'Voicebox scenario');
		const url = valueAfter(lines, 'Every block, method POST, URL:');
		expect(url).toBe(`https://n8n.clinic.ru/webhook/${trigger.webhookId}/webhook`);
		expect(url).toMatch(new RegExp(`^https://n8n\\.clinic\\.ru/webhook/${UUID}/webhook$`));
		expect(valueAfter(lines, 'Every block, header:')).toBe(`X-Webhook-Secret: ${SECRETS.voicebox}`);
		expect(lines.join('\n')).toContain('«HTTP-запрос»');
		for (const rule of DEFAULT_OUTCOMES) {
			const body = JSON.parse(valueAfter(lines, `Block for code ${rule.code} (${rule.outcome}`));
			expect(body).toEqual({
				call_id: '{{call_id}}',
				number_b: '{{numberB}}',
				guid: '{{guid}}',
				response: rule.code,
			});
		}
		expect(lines.filter((l) => l.startsWith('Block for code'))).toHaveLength(
			DEFAULT_OUTCOMES.length,
		);
	});

	it('gives the cabinet one POST notification per event of the screen pop, the secret in ?token=', () => {
		const trigger = node('incoming-call-screen-pop.json', 'CoMagic call');
		const lines = section(out, 'CoMagic cabinet notifications');
		expect(valueAfter(lines, 'Every notification, method POST, URL:')).toBe(
			`https://n8n.clinic.ru/webhook/${trigger.webhookId}/webhook?token=${SECRETS.coMagic}`,
		);
		expect(trigger.parameters.events).toEqual(['incoming_call', 'talk_started']);
		const labels = {
			incoming_call: 'Входящий звонок на виртуальный номер',
			talk_started: 'Начало разговора',
		};
		for (const [key, label] of Object.entries(labels)) {
			const body = valueAfter(lines, `Тип события «${label}»`);
			expect(() => JSON.parse(body)).toThrow(); // unquoted placeholders: not JSON until the cabinet fills them
			const json = JSON.parse(filled(body));
			expect(json.event).toBe(key);
			expect(json).toHaveProperty('call_session_id', '<call_session_id>');
			expect(json).toHaveProperty('campaign_id');
			expect(json).not.toHaveProperty('token');
		}
		expect(lines.filter((l) => l.startsWith('Тип события'))).toHaveLength(2);
	});

	it('gives the interactive routing its scenario step, not a notification', () => {
		const trigger = node('interactive-routing.json', 'CoMagic routing');
		const lines = section(out, 'CoMagic scenario');
		expect(valueAfter(lines, 'In the scenario add the step «Интерактивная обработка вызова»')).toBe(
			`https://n8n.clinic.ru/webhook/${trigger.webhookId}/webhook?token=${SECRETS.coMagic}`,
		);
		expect(lines.join('\n')).toContain('{"returned_code": 1}');
		expect(section(out, 'CoMagic cabinet notifications').join('\n')).not.toContain(
			trigger.webhookId,
		);
	});

	it("gives the clinic system the Paid visit URL and its header, the manager the report's URL and login", () => {
		const paid = node('sale-tagging.json', 'Paid visit');
		const clinic = section(out, 'Clinic system');
		expect(
			valueAfter(clinic, 'The clinic system posts each paid visit as JSON: method POST, URL:'),
		).toBe(`https://n8n.clinic.ru/webhook/${paid.parameters.path}`);
		expect(valueAfter(clinic, 'Header:')).toBe('X-Clinic-Secret: clinic_Secret-0123456789');
		expect(JSON.parse(valueAfter(clinic, 'Body, e.g.:'))).toHaveProperty('visitId');

		const page = node('reminder-report.json', 'Report page');
		const report = section(out, 'Report page');
		expect(valueAfter(report, 'For the clinic manager')).toBe(
			`https://n8n.clinic.ru/webhook/${page.parameters.path}`,
		);
		expect(valueAfter(report, 'User:')).toBe('manager');
		expect(valueAfter(report, 'Password:')).toBe('report_Pass-0123456789');
	});

	it("lists the reminder's Run now and the other n8n-only webhooks", () => {
		const runNow = node('appointment-reminder.json', 'Run now');
		const lines = section(out, 'Other URLs');
		expect(
			valueAfter(lines, `"Run now" of ${byFile('appointment-reminder.json').workflow.name}: POST`),
		).toBe(`https://n8n.clinic.ru/webhook/${runNow.parameters.path}`);
		expect(lines.join('\n')).toContain('"Drain status"');
		expect(lines.join('\n')).not.toContain('"Paid visit"');
		// nothing but the paste sections prints a secret
		for (const value of ALL_SECRET_VALUES) expect(lines.join('\n')).not.toContain(value);
	});

	it('handles a trailing slash on the n8n URL', () => {
		const slashed = pasteInstructions({ n8nBase: `${BASE}/`, workflows: ALL, secrets: SECRETS });
		expect(slashed).toBe(out);
		expect(slashed).not.toContain('ru//webhook');
	});
});

describe('pasteInstructions when the credentials existed (secrets not readable)', () => {
	const out = pasteInstructions({ n8nBase: BASE, workflows: ALL, secrets: {} });

	it('prints a placeholder naming each credential, never undefined', () => {
		expect(out).not.toMatch(/undefined|null|\[object/);
		expect(valueAfter(section(out, 'Voicebox scenario'), 'Every block, header:')).toBe(
			'X-Webhook-Secret: <the Secret of credential "MTT Voicebox trigger secret">',
		);
		expect(valueAfter(section(out, 'CoMagic cabinet notifications'), 'Every notification')).toMatch(
			/\/webhook\?token=<the Secret of credential "CoMagic trigger secret">$/,
		);
		expect(valueAfter(section(out, 'Clinic system'), 'Header:')).toBe(
			'<the Name of credential "Clinic system webhook">: <the Value of credential "Clinic system webhook">',
		);
		const report = section(out, 'Report page');
		expect(valueAfter(report, 'User:')).toBe('<the User of credential "Reminder report access">');
		expect(valueAfter(report, 'Password:')).toBe(
			'<the Password of credential "Reminder report access">',
		);
		expect(out).not.toContain('keep it safe');
	});

	it('prints only the secrets it was given', () => {
		const some = pasteInstructions({
			n8nBase: BASE,
			workflows: ALL,
			secrets: { voicebox: SECRETS.voicebox },
		});
		expect(some).toContain(`X-Webhook-Secret: ${SECRETS.voicebox}`);
		expect(some).toContain('?token=<the Secret of credential "CoMagic trigger secret">');
		for (const value of ALL_SECRET_VALUES.slice(1)) expect(some).not.toContain(value);
	});
});

describe('pasteInstructions for some of the templates', () => {
	it('prints only the sections of the workflows given', () => {
		const out = pasteInstructions({
			n8nBase: BASE,
			workflows: [byFile('incoming-call-screen-pop.json')],
			secrets: SECRETS,
		});
		expect(out).toContain('== CoMagic cabinet notifications');
		for (const other of [
			'Voicebox scenario',
			'CoMagic scenario',
			'Clinic system',
			'Report page',
			'Other URLs',
		])
			expect(out).not.toContain(`== ${other}`);
		expect(out).not.toContain(SECRETS.voicebox!);
		expect(out).not.toContain('Run now');
	});

	it('skips a disabled trigger: it serves no URL', () => {
		const wf = load('incoming-call-screen-pop.json');
		wf.workflow.nodes.find((n) => n.name === 'CoMagic call')!.disabled = true;
		const out = pasteInstructions({ n8nBase: BASE, workflows: [wf], secrets: SECRETS });
		expect(out).toBe('Nothing to paste outside n8n for these workflows.\n');
	});

	it('says so when nothing is to be pasted', () => {
		const out = pasteInstructions({
			n8nBase: BASE,
			workflows: [byFile('clinic-system.json')],
			secrets: SECRETS,
		});
		expect(out).toBe('Nothing to paste outside n8n for these workflows.\n');
	});
});

describe("pasteInstructions follows the nodes' own settings", () => {
	/** a copy of a template with one node's parameters changed, as a clinic may have edited it */
	function edited(
		file: string,
		name: string,
		change: (n: Record<string, any>) => void,
	): InstalledWorkflow {
		const wf = load(file);
		change(wf.workflow.nodes.find((n) => n.name === name)!);
		return wf;
	}

	it('Voicebox: Secret Location query with its own name, and a code added to the Outcome Map', () => {
		const wf = edited('appointment-reminder.json', 'Voicebox status', (n) => {
			n.parameters = {
				secretLocation: 'query',
				fieldName: 'key',
				outcomeMap: {
					rules: [
						{ code: 1, outcome: 'confirmed', kind: 'final' },
						{ code: 7, outcome: 'moved', kind: 'final' },
					],
				},
			};
		});
		const lines = section(
			pasteInstructions({ n8nBase: BASE, workflows: [wf], secrets: { voicebox: 'a+b/c=d' } }),
			'Voicebox scenario',
		);
		expect(valueAfter(lines, 'Every block, method POST, URL:')).toMatch(
			/\/webhook\?key=a%2Bb%2Fc%3Dd$/,
		);
		expect(lines.join('\n')).not.toContain('header');
		expect(JSON.parse(valueAfter(lines, 'Block for code 7 (moved)')).response).toBe(7);
		expect(lines.filter((l) => l.startsWith('Block for code'))).toHaveLength(2);
	});

	it('Voicebox: Basic auth carries the secret as the password', () => {
		const wf = edited('appointment-reminder.json', 'Voicebox status', (n) => {
			n.parameters = { secretLocation: 'basic' };
		});
		const lines = section(
			pasteInstructions({ n8nBase: BASE, workflows: [wf], secrets: { voicebox: 's3cret' } }),
			'Voicebox scenario',
		);
		expect(valueAfter(lines, 'Every block, header:')).toBe(
			`Authorization: Basic ${Buffer.from('voicebox:s3cret').toString('base64')}`,
		);
	});

	it('a version-1 trigger keeps its secret in the node: a placeholder, never the value', () => {
		const wf = edited('appointment-reminder.json', 'Voicebox status', (n) => {
			n.typeVersion = 1;
			n.parameters = { ...n.parameters, secret: 'kept-in-the-workflow' };
		});
		const out = pasteInstructions({ n8nBase: BASE, workflows: [wf], secrets: SECRETS });
		expect(out).toContain('X-Webhook-Secret: <the Shared Secret of node "Voicebox status">');
		expect(out).not.toContain('kept-in-the-workflow');
		expect(out).not.toContain(SECRETS.voicebox!);
		expect(out).not.toContain('keep it safe');
	});

	it('CoMagic: Any Event lists every event; Body Field puts the secret first in each body', () => {
		const wf = edited('incoming-call-screen-pop.json', 'CoMagic call', (n) => {
			n.parameters = { mode: 'notifications', secretLocation: 'body', fieldName: 'auth' };
		});
		const lines = section(
			pasteInstructions({ n8nBase: BASE, workflows: [wf], secrets: SECRETS }),
			'CoMagic cabinet notifications',
		);
		expect(valueAfter(lines, 'Every notification, method POST, URL:')).toMatch(/\/webhook$/);
		const bodies = lines
			.filter((l, i) => i > 0 && lines[i - 1].startsWith('Тип события'))
			.map((l) => JSON.parse(filled(l)));
		expect(bodies).toHaveLength(NOTIFICATION_EVENTS.length);
		for (const body of bodies) expect(Object.entries(body)[0]).toEqual(['auth', SECRETS.coMagic]);
	});
});
