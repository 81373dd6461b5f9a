/** Start Campaign Call through n8n-core's WorkflowExecute against the Voicebox simulator. */
import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import {
	DEFAULT_REMINDER_CAMPAIGN_ID,
	DEFAULT_VOICEBOX_PASSWORD,
} from '../../sandbox/voicebox/defaults';
import { runWorkflow } from '../harness';
import {
	expectNoSecret,
	reminderVariables,
	startCall,
	useVoiceboxSandbox,
	visit,
} from './voicebox.helpers';

const { control, credentials, startRequests, calls } = useVoiceboxSandbox();

describe('Start Campaign Call: success', () => {
	it('normalises the phone, makes variables speakable, sends the guid and reports what it sent', async () => {
		const result = await runWorkflow(startCall([visit]), { credentials: credentials() });
		expect(result.status).toBe('success');
		const [out] = result.json('Node');
		const data = {
			number: '79123456789',
			guid: 'V100-1',
			name: 'Валерия Сергеевна',
			// the commas are pauses the robot reads well: kept
			phrase: 'Эндоскопист, 4 июня, в 11:30',
		};
		expect(out).toEqual({
			callId: expect.any(String),
			number: '79123456789',
			guid: 'V100-1',
			campaignId: DEFAULT_REMINDER_CAMPAIGN_ID,
			sent: { method: DEFAULT_REMINDER_CAMPAIGN_ID, data },
		});
		expect(result.output('Node')[0].pairedItem).toEqual({ item: 0 });
		const [call] = await calls();
		expect(call).toMatchObject({ id: out.callId, number: '79123456789', guid: 'V100-1' });
		expect(call.variables).toEqual({ guid: 'V100-1', name: data.name, phrase: data.phrase });
		const [request] = await startRequests();
		expect(JSON.parse(request.body as string)).toEqual({
			method: DEFAULT_REMINDER_CAMPAIGN_ID,
			data,
		});
		expectNoSecret(result, DEFAULT_VOICEBOX_PASSWORD);
	});

	it("the default GUID is the visit id and the number of this call, from the pack's field names", async () => {
		// a ledger row after two calls: this is the third
		const result = await runWorkflow(startCall([{ ...visit, visitId: 'V7', attemptsMade: 2 }]), {
			credentials: credentials(),
		});
		expect(result.status).toBe('success');
		expect(result.json('Node')[0]).toMatchObject({ guid: 'V7-3' });
		const [call] = await calls();
		expect(call).toMatchObject({ guid: 'V7-3' });
		// a count that arrives as text adds up too
		const text = await runWorkflow(startCall([{ ...visit, visitId: 'V8', attemptsMade: '1' }]), {
			credentials: credentials(),
		});
		expect(text.json('Node')[0]).toMatchObject({ guid: 'V8-2' });
	});

	it('sends values as is when asked', async () => {
		const result = await runWorkflow(startCall([visit], { options: { sendAsIs: true } }), {
			credentials: credentials(),
		});
		expect(result.status).toBe('success');
		expect((result.json('Node')[0].sent as IDataObject).data).toMatchObject({
			phrase: 'Эндоскопист, 4 июня, в 11:30',
		});
		const [call] = await calls();
		expect((call.variables as IDataObject).phrase).toBe('Эндоскопист, 4 июня, в 11:30');
	});

	it('sends no guid when the field is cleared', async () => {
		const result = await runWorkflow(startCall([visit], { guid: '' }), {
			credentials: credentials(),
		});
		expect(result.status).toBe('success');
		expect(result.json('Node')[0]).toMatchObject({ guid: null });
		expect((result.json('Node')[0].sent as { data: IDataObject }).data).not.toHaveProperty('guid');
	});

	it('accepts numeric call ids (their type is unknown, voicebox-api.md §13.1)', async () => {
		await control('POST', '/voicebox/config', { callIdType: 'number' });
		const result = await runWorkflow(startCall([visit]), { credentials: credentials() });
		expect(typeof result.json('Node')[0].callId).toBe('number');
	});

	it('encodes any UTF-8 punctuation of the password in Basic auth', async () => {
		const password = 'p@ss:wörd!"%€ \'<>\\/;#';
		await control('POST', '/voicebox/config', { password });
		const result = await runWorkflow(startCall([visit]), { credentials: credentials(password) });
		expect(result.status).toBe('success');
		expectNoSecret(result, password);
	});

	it('starts one call per item, each paired with its input', async () => {
		const items = ['8 912 345 67 89', '9123456780', '+7 912 345-67-81'].map((phone, n) => ({
			...visit,
			phone,
			visitId: `V${n}`,
		}));
		const result = await runWorkflow(startCall(items), { credentials: credentials() });
		expect(result.json('Node').map((j) => j.number)).toEqual([
			'79123456789',
			'79123456780',
			'79123456781',
		]);
		expect(result.output('Node').map((o) => o.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(await calls()).toHaveLength(3);
	});
});

describe('Start Campaign Call: API failures (bare statuses)', () => {
	async function failing(
		setup: () => Promise<unknown>,
		parameters: IDataObject = {},
		password?: string,
	) {
		await setup();
		const result = await runWorkflow(startCall([visit], parameters), {
			credentials: credentials(password),
		});
		expect(result.status).toBe('error');
		const error = result.nodeError('Node') as unknown as {
			name: string;
			message: string;
			description: string;
			httpCode: string;
		};
		expect(error.name).toBe('NodeApiError');
		expectNoSecret(result, password ?? DEFAULT_VOICEBOX_PASSWORD);
		return { result, error };
	}

	it('401: names the credential', async () => {
		const { error } = await failing(async () => undefined, {}, 'wrong-password');
		expect(error.httpCode).toBe('401');
		expect(error.message).toContain('login or password');
		expect(error.description).toContain('campaign page');
	});

	it('404: campaign not found or not launched by HTTP request', async () => {
		const { error } = await failing(async () => undefined, {
			campaignId: '00000000-0000-4000-8000-000000000000',
		});
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe('Campaign not found or not launched by HTTP request (HTTP 404)');
	});

	it('400: a variable the scenario needs is missing', async () => {
		const { error } = await failing(async () => undefined, {
			variables: { variable: [{ name: 'name', value: 'Валерия' }] },
		});
		expect(error.httpCode).toBe('400');
		expect(error.message).toContain('number or the variables');
	});

	it('400: a variable the scenario does not declare', async () => {
		const { error } = await failing(async () => undefined, {
			variables: {
				variable: [...reminderVariables.variable, { name: 'doctor', value: 'Петрова' }],
			},
		});
		expect(error.httpCode).toBe('400');
	});

	it('400: a number Voicebox does not take', async () => {
		const { error } = await failing(
			() => control('POST', '/voicebox/config', { numberPattern: '^79\\d{9}$' }),
			{
				phone: '8 495 123-45-67',
			},
		);
		expect(error.httpCode).toBe('400');
		expect(error.description).toContain('11 digits');
	});

	it('403: refused (campaign outside its calling hours set to reject)', async () => {
		const { error } = await failing(async () => {
			// POST replaces the campaign (PATCH without callback.lose never answers: reported to the sandbox owner)
			await control('POST', '/voicebox/campaigns', {
				id: DEFAULT_REMINDER_CAMPAIGN_ID,
				variables: ['name', 'phrase'],
				outsideWindow: 'reject',
			});
			await control('POST', '/clock', { set: '2026-11-23T20:30:00.000Z' });
		});
		expect(error.httpCode).toBe('403');
		expect(error.message).toContain('refused');
	});

	it.each([429, 500, 502, 503])(
		'%i: temporary, with the warning that it is not retried',
		async (status) => {
			const { error } = await failing(() =>
				control('POST', '/faults', {
					pathPrefix: '/voicebox/api',
					kind: 'status',
					status,
					count: 1,
				}),
			);
			expect(error.httpCode).toBe(String(status));
			expect(error.message).toContain('busy or unavailable');
			expect(error.description).toContain('does not retry');
		},
	);

	it('an unreachable URL is reported without the password', async () => {
		const closed = await startSandbox({ port: 0 });
		const url = closed.urls.voicebox;
		await closed.stop();
		const result = await runWorkflow(startCall([visit]), {
			credentials: credentials(undefined, url),
		});
		expect(result.status).toBe('error');
		const error = result.nodeError('Node') as unknown as {
			name: string;
			message: string;
			description: string;
		};
		expect(error).toMatchObject({ name: 'NodeApiError', message: 'Voicebox could not be reached' });
		expect(error.description).toContain('ECONNREFUSED');
		expectNoSecret(result, DEFAULT_VOICEBOX_PASSWORD);
	});
});

describe('Start Campaign Call: bad parameters (no request sent)', () => {
	async function invalid(items: IDataObject[], parameters: IDataObject = {}, validBefore = 0) {
		const result = await runWorkflow(startCall(items, parameters), { credentials: credentials() });
		expect(result.status).toBe('error');
		const error = result.nodeError('Node');
		expect(error?.name).toBe('NodeOperationError');
		expect(await startRequests()).toHaveLength(validBefore);
		return error as unknown as { message: string; description?: string };
	}

	it.each([
		['12345', '"12345" is not a Russian number'],
		['+1 212 555 0100', '"+1 212 555 0100" is not a Russian number'],
		['8 (912) 345-67-8x', 'contains characters'],
		['', 'empty'],
	])('phone %p', async (phone, reason) => {
		const error = await invalid([{ ...visit, phone }]);
		expect(error.message).toContain('Invalid phone');
		expect(error.message).toContain(reason);
	});

	it('names the failing item', async () => {
		const error = await invalid([visit, { ...visit, phone: '12345' }], {}, 1);
		expect(error).toMatchObject({ context: { itemIndex: 1 } });
	});

	it('campaign ID that is not a UUID', async () => {
		const error = await invalid([visit], { campaignId: 'c-1' });
		expect(error.message).toBe('Campaign ID "c-1" is not a UUID');
	});

	it('a variable that is empty, or empty once symbols are removed', async () => {
		expect((await invalid([{ ...visit, phrase: '' }])).message).toBe('Variable "phrase" is empty');
		expect((await invalid([{ ...visit, phrase: '—!' }])).message).toContain(
			'Variable "phrase" is empty after removing symbols',
		);
	});

	it('a variable without a name, reserved or twice', async () => {
		const row = (name: string) => ({
			variable: [{ name, value: 'x' }, ...reminderVariables.variable],
		});
		expect((await invalid([visit], { variables: row('') })).message).toContain(
			'A variable has no name',
		);
		expect((await invalid([visit], { variables: row('number') })).message).toContain(
			'"number" is reserved',
		);
		expect((await invalid([visit], { variables: row('name') })).message).toContain(
			'"name" is set twice',
		);
	});

	it('a default guid the item does not map', async () => {
		const error = await invalid([{ phone: visit.phone, name: 'x', phrase: 'y' }]);
		expect(error.message).toMatch(/^GUID ".*" looks unmapped$/);
		expect(error.description).toContain('"visitId" and "attemptsMade"');
	});

	it.each([
		[{ ...visit, attemptsMade: undefined }, 'V100-'],
		[{ ...visit, visitId: undefined }, '-1'],
	])('a default guid with a field missing: %j', async (item, guid) => {
		const error = await invalid([item]);
		expect(error.message).toBe(`GUID "${guid}" looks unmapped`);
	});
});

describe('Start Campaign Call: continueOnFail', () => {
	it('keeps going, one output item per input with its pairing, errors without the password', async () => {
		await control('POST', '/faults', {
			pathPrefix: '/voicebox/api',
			kind: 'status',
			status: 503,
			count: 1,
		});
		const items = [
			{ ...visit, phone: '9123456700', visitId: 'A' }, // hits the 503
			{ ...visit, phone: '12345', visitId: 'B' }, // bad phone
			{ ...visit, phone: '9123456702', visitId: 'C' }, // fine
		];
		const result = await runWorkflow(startCall(items, {}, { onError: 'continueRegularOutput' }), {
			credentials: credentials(),
		});
		expect(result.status).toBe('success');
		const out = result.output('Node');
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toMatchObject({
			error: expect.stringContaining('HTTP 503'),
			httpCode: '503',
		});
		expect(out[1].json).toMatchObject({ error: expect.stringContaining('Invalid phone') });
		expect(out[2].json).toMatchObject({
			callId: expect.any(String),
			guid: 'C-1',
			number: '79123456702',
		});
		expectNoSecret(result, DEFAULT_VOICEBOX_PASSWORD);
		expect(await startRequests()).toHaveLength(2);
	});

	it('a wrong password under continueOnFail: every item gets the 401 message, no secret', async () => {
		const result = await runWorkflow(
			startCall([visit, visit], {}, { onError: 'continueRegularOutput' }),
			{
				credentials: credentials('wrong-Пароль'),
			},
		);
		expect(result.json('Node')).toEqual([
			expect.objectContaining({
				httpCode: '401',
				error: expect.stringContaining('login or password'),
			}),
			expect.objectContaining({ httpCode: '401' }),
		]);
		expectNoSecret(result, 'wrong-Пароль');
	});
});
