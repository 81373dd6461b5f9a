import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError, parseConfig, readConfig, TEMPLATE_KEYS } from '../../setup/config';
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
			for (const dependency of Object.values(recipe.workflows)) {
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
