import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	ConfigError,
	parseConfig,
	readConfig,
	TEMPLATE_KEYS,
	withEnvironment,
} from '../../setup/config';
import { CREDENTIAL_SOURCES } from '../../setup/credentials';
import { chosenRecipes, RECIPES } from '../../setup/recipes';
import { TEMPLATE_FILES } from '../../templates/names';

const base = { n8nUrl: 'https://n8n.clinic.local/' };

function problem(raw: unknown): string {
	try {
		parseConfig(raw);
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return (error as Error).message;
	}
	throw new Error('the config was accepted');
}

describe('the clinic config file', () => {
	it('takes the five entries a clinic must make and fills the rest', () => {
		const config = parseConfig({
			...base,
			clinicApiUrl: 'http://1c.clinic.local/hs/visits',
			voicebox: { url: 'https://voicebox.example/api', login: 'clinic', password: 'p' },
			reminder: { campaignId: 'c0ffee' },
		});
		expect(config.n8nUrl).toBe('https://n8n.clinic.local');
		expect(config.templates).toEqual(TEMPLATE_KEYS);
		expect(config.activate).toBe(false);
		expect(config.reminder?.campaignId).toBe('c0ffee');
	});

	it.each([
		[{ reminder: { maxAttempts: 0 } }, 'reminder.maxAttempts: a whole number from 1 to 10, not 0'],
		[
			{ reminder: { weekdays: '20:00-09:00' } },
			'reminder.weekdays: the window ends (09:00) before it starts (20:00)',
		],
		[
			{ missedCalls: { weekends: '9-18' } },
			'missedCalls.weekends: write the window as "HH:MM-HH:MM"',
		],
		[{ timeZone: 'Moscow' }, 'timeZone: not a time zone (Moscow)'],
		[{ clinicApiUrl: 'ftp://clinic' }, 'clinicApiUrl: http or https'],
		[{ templates: ['appointment-reminder', 'reminders'] }, 'templates: no template reminders'],
		[{ voicebox: { password: '' } }, 'voicebox.password: a non-empty string'],
		[{ attempts: 3 }, 'unknown field attempts'],
		[{ settings: { report: { defaultDays: 7 } } }, 'settings.report: no template report'],
	])('refuses %j with a message that says what to write', (extra, message) => {
		expect(problem({ ...base, ...extra })).toContain(message);
	});

	it('needs the n8n address', () => {
		expect(problem({})).toContain('n8nUrl');
	});

	it('says when the file is not JSON, without echoing it', () => {
		const dir = mkdtempSync(join(tmpdir(), 'config-'));
		writeFileSync(
			join(dir, 'clinic.json'),
			'{ "n8nUrl": "x", "voicebox": { "password": "hunter2" ',
		);
		expect(() => readConfig(join(dir, 'clinic.json'))).toThrow(/is not JSON/);
		expect(() => readConfig(join(dir, 'clinic.json'))).not.toThrow(/hunter2/);
		expect(() => readConfig(join(dir, 'missing.json'))).toThrow(/cannot read the config file/);
	});
});

describe('the templates to set up', () => {
	it('has a recipe for every shipped template, sub-workflows first', () => {
		expect(RECIPES.map((r) => r.file).sort()).toEqual(Object.values(TEMPLATE_FILES).sort());
		const order = RECIPES.map((r) => r.key);
		for (const recipe of RECIPES) {
			for (const dependency of [
				...Object.values(recipe.workflows),
				...Object.values(recipe.optionalWorkflows ?? {}),
			]) {
				expect(order.indexOf(dependency)).toBeLessThan(order.indexOf(recipe.key));
			}
		}
	});

	it('adds the sub-workflow a chosen template calls, and says so', () => {
		const { recipes, added } = chosenRecipes(['appointment-reminder']);
		expect(recipes.map((r) => r.key)).toEqual(['clinic-system', 'appointment-reminder']);
		expect(added).toEqual(['clinic-system']);
		expect(chosenRecipes(['sale-tagging']).added).toEqual([]);
	});

	it('sets up staff-alerts exactly when the config has a staffAlerts section, before the others', () => {
		const staffAlerts = parseConfig({ ...base, staffAlerts: TELEGRAM }).staffAlerts;
		const all = chosenRecipes(TEMPLATE_KEYS, { staffAlerts });
		expect(all.recipes[0].key).toBe('staff-alerts');
		expect(all.recipes).toHaveLength(RECIPES.length);
		expect(all.notes).toEqual([]);

		const without = chosenRecipes(TEMPLATE_KEYS, {});
		expect(without.recipes.map((r) => r.key)).not.toContain('staff-alerts');
		expect(without.notes).toEqual([
			expect.stringMatching(/^staff-alerts is not set up: the config has no staffAlerts section/),
		]);

		const some = chosenRecipes(['sale-tagging'], { staffAlerts });
		expect(some.recipes.map((r) => r.key)).toEqual(['staff-alerts', 'sale-tagging']);
		expect(some.notes).toEqual(['also set up staff-alerts: the config has a staffAlerts section']);
	});
});

const TELEGRAM = { channel: 'telegram', telegram: { chatId: '-1001234567890', botToken: 't' } };
const EMAIL = {
	to: 'a@clinic.example',
	from: 'robot@clinic.example',
	host: 'smtp.example',
	port: 587,
};

describe('the staffAlerts section', () => {
	it('takes a channel and what it needs, and fills the rest', () => {
		const config = parseConfig({
			...base,
			staffAlerts: {
				channel: 'both',
				telegram: { chatId: -1001234567890, baseUrl: 'http://127.0.0.1:8787/telegram/' },
				email: { ...EMAIL, to: ['a@clinic.example', 'Регистратура <b@clinic.example>'] },
				patientData: 'name and phone',
				digestHour: 0,
			},
		});
		expect(config.staffAlerts).toEqual({
			channel: 'both',
			telegram: {
				chatId: '-1001234567890',
				botToken: undefined,
				baseUrl: 'http://127.0.0.1:8787/telegram',
			},
			email: {
				to: 'a@clinic.example, Регистратура <b@clinic.example>',
				from: 'robot@clinic.example',
				host: 'smtp.example',
				port: 587,
				secure: false,
				user: undefined,
				password: undefined,
			},
			patientData: 'name and phone',
			digestHour: 0,
			faultAfterMinutes: undefined,
			faultClearMinutes: undefined,
			reportUrl: undefined,
		});
		// port 465 is SSL/TLS from the start unless told otherwise
		const tls = parseConfig({
			...base,
			staffAlerts: { channel: 'email', email: { ...EMAIL, port: 465 } },
		});
		expect(tls.staffAlerts?.email?.secure).toBe(true);
		expect(parseConfig(base).staffAlerts).toBeUndefined();
	});

	it.each([
		[{}, 'staffAlerts.channel: where the staff are told, "telegram", "email" or "both"'],
		[{ channel: 'sms' }, 'staffAlerts.channel: one of "telegram", "email", "both", not "sms"'],
		[{ channel: 'telegram' }, 'staffAlerts.telegram: channel "telegram" needs { "chatId"'],
		[
			{ channel: 'both', telegram: TELEGRAM.telegram },
			'staffAlerts.email: channel "both" needs { "to"',
		],
		[
			{ channel: 'telegram', telegram: { botToken: 't' } },
			"staffAlerts.telegram.chatId: the staff chat's id",
		],
		[{ channel: 'telegram', telegram: { chatId: 'staff chat' } }, 'not "staff chat"'],
		[
			{ channel: 'telegram', telegram: { chatId: '1', chat_id: '1' } },
			'staffAlerts.telegram: unknown field chat_id',
		],
		[
			{ channel: 'email', email: { ...EMAIL, host: undefined } },
			'staffAlerts.email.host: needed for e-mail',
		],
		[
			{ channel: 'email', email: { ...EMAIL, port: '587' } },
			'staffAlerts.email.port: a whole number from 1 to 65535',
		],
		[
			{ channel: 'email', email: { ...EMAIL, to: 'registratura' } },
			'staffAlerts.email.to: an e-mail address',
		],
		[{ channel: 'email', email: { ...EMAIL, secure: 'yes' } }, 'staffAlerts.email.secure: true'],
		[
			{ ...TELEGRAM, patientData: 'names' },
			'staffAlerts.patientData: one of "visit id only", "name and phone"',
		],
		[
			{ ...TELEGRAM, digestHour: 24 },
			'staffAlerts.digestHour: a whole number from 0 to 23, not 24',
		],
		[{ ...TELEGRAM, faultAfterMinutes: 0 }, 'staffAlerts.faultAfterMinutes: a whole number from 1'],
		[{ ...TELEGRAM, reportUrl: 'report' }, 'staffAlerts.reportUrl: not a URL'],
		[{ ...TELEGRAM, chanel: 'email' }, 'staffAlerts: unknown field chanel'],
		['telegram', 'staffAlerts: an object'],
	])('refuses %j with a message that says what to write', (staffAlerts, message) => {
		expect(problem({ ...base, staffAlerts })).toContain(message);
	});

	it('builds the two credentials from it; the bot token and SMTP password may come from the environment', () => {
		const config = parseConfig({
			...base,
			staffAlerts: {
				channel: 'both',
				telegram: { chatId: '-100200' },
				email: { ...EMAIL, user: 'robot' },
			},
		});
		expect(() => CREDENTIAL_SOURCES['Staff Telegram bot'].data(config)).toThrow(
			/^staffAlerts.telegram.botToken: needed for the Staff Telegram bot credential/,
		);
		expect(() => CREDENTIAL_SOURCES['Staff mailbox'].data(config)).toThrow(
			/^staffAlerts.email.password: needed for the Staff mailbox credential: the password of robot/,
		);
		const env = withEnvironment(config, {
			STAFF_TELEGRAM_BOT_TOKEN: '123:env',
			STAFF_SMTP_PASSWORD: 'env-pass',
		});
		expect(CREDENTIAL_SOURCES['Staff Telegram bot'].data(env)).toEqual({
			accessToken: '123:env',
			baseUrl: 'https://api.telegram.org',
		});
		expect(CREDENTIAL_SOURCES['Staff mailbox'].data(env)).toEqual({
			user: 'robot',
			password: 'env-pass',
			host: 'smtp.example',
			port: 587,
			secure: false,
		});
		// nothing to put them into without the section
		expect(
			withEnvironment(parseConfig(base), { STAFF_SMTP_PASSWORD: 'x' }).staffAlerts,
		).toBeUndefined();
	});
});

it('a JSON error in the config never quotes the file (V8 quotes the text around an unexpected token)', () => {
	const dir = mkdtempSync(join(tmpdir(), 'config-'));
	writeFileSync(join(dir, 'clinic.json'), '{ "voicebox": { "password": hunter2 } }');
	expect(() => readConfig(join(dir, 'clinic.json'))).toThrow(/is not JSON/);
	expect(() => readConfig(join(dir, 'clinic.json'))).not.toThrow(/hunter2/);
});

describe('the clinic API credential (clinicAuth)', () => {
	const header = (clinicAuth: unknown) =>
		CREDENTIAL_SOURCES['Clinic API'].data(parseConfig({ ...base, clinicAuth }));

	it('turns each scheme into the header the Clinic system sends', () => {
		expect(header({ bearer: 't0k' })).toEqual({ name: 'Authorization', value: 'Bearer t0k' });
		expect(header({ user: '1c', password: 'p:w' })).toEqual({
			name: 'Authorization',
			value: `Basic ${Buffer.from('1c:p:w').toString('base64')}`,
		});
		expect(header({ header: 'X-Api-Key', value: 'k' })).toEqual({ name: 'X-Api-Key', value: 'k' });
	});

	it.each([
		[{ bearer: 't', user: 'u' }, /clinicAuth: one of/],
		[{ token: 't' }, /clinicAuth: one of/],
		[{ header: 'Bad Header', value: 'v' }, /clinicAuth.header: an HTTP header name/],
		['Bearer t', /clinicAuth: an object/],
	])('refuses %j', (clinicAuth, message) => {
		expect(problem({ ...base, clinicAuth })).toMatch(message);
	});

	it('asks for the missing secret by its field', () => {
		expect(() => header({ user: '1c' })).toThrow(
			/clinicAuth.password: needed for the clinic API credential/,
		);
		expect(() => header(undefined)).toThrow(/clinicAuth: needed for the clinic API credential/);
		expect(() => header({ header: 'X-Api-Key' })).toThrow(/clinicAuth.value: needed/);
	});
});
