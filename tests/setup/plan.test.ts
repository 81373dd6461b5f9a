/**
 * The setup's plan against an n8n in memory (fakeN8n.ts): Staff alerts is set up only with a staffAlerts section,
 * binds the reminder's staffAlertsWorkflowId, becomes every other workflow's Error Workflow once, and a second run
 * changes nothing. The e2e suites run the setup against real n8n.
 */
import { ConfigError, parseConfig } from '../../setup/config';
import { settingsOf } from '../../setup/merge';
import { applyPlan, planSetup, type Plan } from '../../setup/plan';
import { readTemplate } from '../../setup/workflowFile';
import {
	LEDGER_COLUMNS,
	LEDGER_TABLE_NAME,
	REPORT_WEBHOOK,
	STAFF_ALERT_COLUMNS,
	STAFF_ALERTS_TABLE_NAME,
	TEMPLATE_FILES,
} from '../../templates/names';
import { STAFF_ALERT_NODES } from '../../templates/staffAlerts';
import { fakeN8n } from './fakeN8n.helpers';

type Row = Record<string, any>;

const CLINIC = {
	n8nUrl: 'https://n8n.clinic.local',
	activate: true,
	timeZone: 'Asia/Yekaterinburg',
	clinicApiUrl: 'http://1c.clinic.local/hs/visits',
	clinicAuth: { bearer: 't0k' },
	voicebox: { url: 'https://voicebox.example/api', login: 'clinic', password: 'p' },
	comagic: { apiKey: 'comagic-key' },
	reminder: { campaignId: 'c0ffee' },
	missedCalls: { virtualNumber: '74950000000', operatorPhone: '79035550100' },
};
const TELEGRAM_ONLY = {
	channel: 'telegram',
	telegram: { chatId: '-1001234567890', botToken: '123456:bot-token' },
};
const EMAIL = {
	to: 'registratura@clinic.example',
	from: 'robot@clinic.example',
	host: 'smtp.clinic.example',
	port: 587,
	user: 'robot',
	password: 'smtp-secret',
};

const NAME = Object.fromEntries(
	Object.entries(TEMPLATE_FILES).map(([key, file]) => [key, readTemplate(file).name]),
) as Record<keyof typeof TEMPLATE_FILES, string>;
const OTHERS = Object.entries(NAME)
	.filter(([key]) => key !== 'staffAlerts')
	.map(([, name]) => name);

async function plan(n8n: ReturnType<typeof fakeN8n>, raw: object): Promise<Plan> {
	return planSetup(n8n.client, {
		config: parseConfig(raw),
		v1: false,
		edited: 'refuse',
		stamp: 'test',
	});
}

async function run(n8n: ReturnType<typeof fakeN8n>, raw: object): Promise<Plan> {
	const p = await plan(n8n, raw);
	await applyPlan(p);
	return p;
}

const whats = (p: Plan) => p.steps.map((s) => s.what);
const errorWorkflow = (wf: { settings: unknown }) => (wf.settings as Row)?.errorWorkflow;
const nodeCredential = (wf: { nodes: Row[] }, node: string, type: string) =>
	wf.nodes.find((n) => n.name === node)!.credentials[type];

describe('Staff alerts in a new n8n', () => {
	it('is imported first, becomes every other workflow’s error workflow, and a second run changes nothing', async () => {
		const n8n = fakeN8n();
		const first = await run(n8n, { ...CLINIC, staffAlerts: TELEGRAM_ONLY });

		const imports = whats(first).filter((w) => w.startsWith('import '));
		expect(imports[0]).toBe(`import staff-alerts as "${NAME.staffAlerts}"`);
		expect(imports.slice(1)).toHaveLength(OTHERS.length);
		for (const line of imports.slice(1)) {
			expect(line).toMatch(new RegExp(`\\(its error workflow: ${NAME.staffAlerts}\\)$`));
		}
		expect(whats(first)).toContain(
			`create Data Table ${STAFF_ALERTS_TABLE_NAME} (${Object.keys(STAFF_ALERT_COLUMNS).length} columns)`,
		);

		const staff = n8n.named(NAME.staffAlerts);
		expect(staff.active).toBe(true);
		expect(errorWorkflow(staff)).toBeUndefined();
		for (const name of OTHERS) expect(errorWorkflow(n8n.named(name))).toBe(staff.id);
		expect(settingsOf(n8n.named(NAME.appointmentReminder)).staffAlertsWorkflowId).toBe(staff.id);

		const settings = settingsOf(staff);
		const table = (name: string) => n8n.tables.find((t) => t.name === name)!.id;
		expect(settings).toMatchObject({
			channel: 'telegram',
			telegramChatId: '-1001234567890',
			clinicTimeZone: 'Asia/Yekaterinburg',
			ledgerTableId: table(LEDGER_TABLE_NAME),
			alertsTableId: table(STAFF_ALERTS_TABLE_NAME),
			// the report is set up too: its page is linked
			reportUrl: `https://n8n.clinic.local/webhook/${REPORT_WEBHOOK}`,
		});

		const second = await plan(n8n, { ...CLINIC, staffAlerts: TELEGRAM_ONLY });
		expect(whats(second)).toEqual([]);
	});

	it('creates the chosen channel’s credential from the config, and a stand-in for the other', async () => {
		const n8n = fakeN8n();
		const first = await run(n8n, { ...CLINIC, staffAlerts: TELEGRAM_ONLY });
		expect(whats(first)).toContain(
			`create credential "Staff Telegram bot" (bot that writes to the staff's Telegram chat)`,
		);
		expect(whats(first)).toContain(
			'create credential "Staff mailbox (not used)" (a stand-in for "Staff mailbox", which sends nothing: staffAlerts.channel is not "email" or "both")',
		);
		const bot = n8n.credentials.find((c) => c.name === 'Staff Telegram bot')!;
		expect(bot).toMatchObject({
			type: 'telegramApi',
			data: { accessToken: '123456:bot-token', baseUrl: 'https://api.telegram.org' },
		});
		const standIn = n8n.credentials.find((c) => c.name === 'Staff mailbox (not used)')!;
		expect(standIn.type).toBe('smtp');
		const staff = n8n.named(NAME.staffAlerts);
		expect(nodeCredential(staff, STAFF_ALERT_NODES.telegram, 'telegramApi')).toEqual({
			id: bot.id,
			name: 'Staff Telegram bot',
		});
		expect(nodeCredential(staff, STAFF_ALERT_NODES.email, 'smtp')).toEqual({
			id: standIn.id,
			name: 'Staff mailbox (not used)',
		});

		// the clinic adds e-mail: the real mailbox is created and takes the stand-in's place, once
		const both = { ...CLINIC, staffAlerts: { ...TELEGRAM_ONLY, channel: 'both', email: EMAIL } };
		const second = await run(n8n, both);
		expect(whats(second)).toEqual([
			'create credential "Staff mailbox" (mailbox the staff e-mails are sent from)',
			`update "${NAME.staffAlerts}" (id ${staff.id}, active): Settings channel = "both"; Settings emailTo = "registratura@clinic.example"; Settings emailFrom = "robot@clinic.example"`,
		]);
		const mailbox = n8n.credentials.find((c) => c.name === 'Staff mailbox')!;
		expect(mailbox).toMatchObject({
			type: 'smtp',
			data: {
				host: 'smtp.clinic.example',
				port: 587,
				secure: false,
				user: 'robot',
				password: 'smtp-secret',
			},
		});
		expect(nodeCredential(n8n.named(NAME.staffAlerts), STAFF_ALERT_NODES.email, 'smtp').id).toBe(
			mailbox.id,
		);
		expect(whats(await plan(n8n, both))).toEqual([]);
	});

	it('e-mail only: the mailbox from the config, a stand-in bot; n8n’s own credentials are bound, never changed', async () => {
		const n8n = fakeN8n();
		n8n.credentials.push({
			id: 'own-bot',
			name: 'Staff Telegram bot',
			type: 'telegramApi',
			data: {},
		});
		const first = await run(n8n, {
			...CLINIC,
			staffAlerts: {
				channel: 'email',
				email: { ...EMAIL, port: 465, user: undefined, password: undefined },
			},
		});
		expect(whats(first).filter((w) => /credential "Staff|staff-alerts as/.test(w))).toEqual([
			'create credential "Staff mailbox" (mailbox the staff e-mails are sent from)',
			`import staff-alerts as "${NAME.staffAlerts}"`,
		]);
		expect(n8n.credentials.find((c) => c.name === 'Staff mailbox')!.data).toEqual({
			user: '',
			password: '',
			host: 'smtp.clinic.example',
			port: 465,
			secure: true,
		});
		// an existing bot is bound even though the channel does not use it: no stand-in is needed
		expect(
			nodeCredential(n8n.named(NAME.staffAlerts), STAFF_ALERT_NODES.telegram, 'telegramApi').id,
		).toBe('own-bot');
	});

	it('asks for the bot token only when it has to create the bot', async () => {
		const noToken = {
			...CLINIC,
			staffAlerts: { channel: 'telegram', telegram: { chatId: '-100200300' } },
		};
		const n8n = fakeN8n();
		await expect(plan(n8n, noToken)).rejects.toThrow(ConfigError);
		await expect(plan(n8n, noToken)).rejects.toThrow(
			/^staffAlerts.telegram.botToken: needed for the Staff Telegram bot credential: the bot's token from @BotFather \(or set it through the environment: see --help\)$/,
		);
		expect(n8n.writes).toEqual([]);
		n8n.credentials.push({ id: 'bot', name: 'Staff Telegram bot', type: 'telegramApi', data: {} });
		await run(n8n, noToken);
		expect(n8n.credentials.map((c) => c.name)).toContain('Staff mailbox (not used)');
		expect(n8n.credentials.filter((c) => c.name === 'Staff Telegram bot')).toHaveLength(1);
	});
});

describe('without a staffAlerts section', () => {
	it('leaves Staff alerts out and says so in one note; no error workflow, the reminder’s field stays empty', async () => {
		const n8n = fakeN8n();
		const first = await run(n8n, CLINIC);
		expect(first.notes.filter((n) => n.includes('staff-alerts'))).toEqual([
			"staff-alerts is not set up: the config has no staffAlerts section (add it to tell the staff of operator requests, the day's digest and faults; docs/setup.md → Staff alerts)",
		]);
		expect(n8n.workflows.map((w) => w.name).sort()).toEqual([...OTHERS].sort());
		expect(n8n.tables.map((t) => t.name)).not.toContain(STAFF_ALERTS_TABLE_NAME);
		expect(n8n.credentials.map((c) => c.name).filter((n) => n.startsWith('Staff'))).toEqual([]);
		for (const wf of n8n.workflows) expect(errorWorkflow(wf)).toBeUndefined();
		expect(settingsOf(n8n.named(NAME.appointmentReminder)).staffAlertsWorkflowId).toBe('');
		expect(whats(await plan(n8n, CLINIC))).toEqual([]);
	});

	it('a list of templates without staff-alerts gets no note', async () => {
		const p = await plan(fakeN8n(), { ...CLINIC, templates: ['sale-tagging'] });
		expect(p.notes).toEqual([]);
	});
});

describe('adding Staff alerts to a clinic set up before it', () => {
	it('adds the columns, sets each error workflow once, keeps the rest of the workflow settings', async () => {
		const n8n = fakeN8n();
		// an older ledger: no staffAlert columns yet; any run of this version adds them (the reminder needs them too)
		const { staffAlert: _a, staffAlertMs: _b, ...older } = LEDGER_COLUMNS;
		await n8n.client.createTable(LEDGER_TABLE_NAME, older);
		expect(whats(await run(n8n, CLINIC))).toEqual(
			expect.arrayContaining([
				`add column staffAlert (string) to Data Table ${LEDGER_TABLE_NAME}`,
				`add column staffAlertMs (number) to Data Table ${LEDGER_TABLE_NAME}`,
			]),
		);
		const sale = n8n.named(NAME.saleTagging);
		sale.settings = { ...(sale.settings as Row), timezone: 'Asia/Omsk' };
		const callers = n8n.named(NAME.incomingCall);
		callers.settings = { ...(callers.settings as Row), errorWorkflow: 'clinic-own-errors' };

		const withStaff = { ...CLINIC, staffAlerts: TELEGRAM_ONLY };
		const upgrade = await plan(n8n, withStaff);
		expect(whats(upgrade)).toEqual(
			expect.arrayContaining([
				`create Data Table ${STAFF_ALERTS_TABLE_NAME} (${Object.keys(STAFF_ALERT_COLUMNS).length} columns)`,
				`import staff-alerts as "${NAME.staffAlerts}"`,
			]),
		);
		// one step per other workflow names its error workflow; only the reminder has more to change
		const errorSteps = whats(upgrade).filter((w) => /error workflow/.test(w));
		expect(errorSteps).toHaveLength(OTHERS.length);
		// the reminder and the report call Staff alerts: they get its id in Settings as well
		const staffCallers = [NAME.appointmentReminder, NAME.reminderReport];
		for (const name of OTHERS.filter((n) => !staffCallers.includes(n))) {
			const wf = n8n.named(name);
			expect(errorSteps).toContain(
				`set error workflow of "${name}" (id ${wf.id}, active) to ${NAME.staffAlerts}`,
			);
		}
		for (const name of staffCallers)
			expect(errorSteps).toContain(
				`update "${name}" (id ${n8n.named(name).id}, active): Settings staffAlertsWorkflowId = "(new workflow staff-alerts)"; error workflow = ${NAME.staffAlerts}`,
			);
		expect(upgrade.notes).toContain(
			`incoming-call-screen-pop: its Error Workflow was workflow clinic-own-errors; it becomes ${NAME.staffAlerts}, which tells the staff`,
		);

		await applyPlan(upgrade);
		const staff = n8n.named(NAME.staffAlerts);
		for (const name of OTHERS) expect(errorWorkflow(n8n.named(name))).toBe(staff.id);
		expect(settingsOf(n8n.named(NAME.appointmentReminder)).staffAlertsWorkflowId).toBe(staff.id);
		expect(settingsOf(n8n.named(NAME.reminderReport)).staffAlertsWorkflowId).toBe(staff.id);
		expect(n8n.named(NAME.saleTagging).settings).toMatchObject({
			timezone: 'Asia/Omsk',
			executionOrder: 'v1',
			errorWorkflow: staff.id,
		});
		expect(n8n.named(NAME.appointmentReminder).settings).toMatchObject({
			saveDataSuccessExecution: 'none',
		});
		expect(whats(await plan(n8n, withStaff))).toEqual([]);
	});

	it('a run without the section afterwards leaves what is set up alone', async () => {
		const n8n = fakeN8n();
		await run(n8n, { ...CLINIC, staffAlerts: TELEGRAM_ONLY });
		const staff = n8n.named(NAME.staffAlerts);
		const again = await plan(n8n, CLINIC);
		expect(whats(again)).toEqual([]);
		expect(settingsOf(n8n.named(NAME.appointmentReminder)).staffAlertsWorkflowId).toBe(staff.id);
	});
});
