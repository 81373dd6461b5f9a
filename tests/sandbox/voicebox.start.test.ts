/** POST /voicebox/api/v1/sb: auth, validation and the bare error statuses (voicebox-api.md §3). */
import {
	DEFAULT_ERROR_STATUSES,
	DEFAULT_REMINDER_CAMPAIGN_ID,
	DEFAULT_VOICEBOX_LOGIN,
	DEFAULT_VOICEBOX_PASSWORD,
} from '../../sandbox/voicebox/defaults';
import {
	basic,
	MOSCOW_NOON,
	postWithoutContentType,
	REMINDER_DATA,
	VoiceboxHarness,
	waitUntil,
} from './voicebox.helpers';

let vb: VoiceboxHarness;

beforeAll(async () => {
	vb = await VoiceboxHarness.start();
});
afterAll(() => vb.stop());
beforeEach(async () => {
	await vb.reset();
	await vb.setClock(MOSCOW_NOON);
});

describe('success', () => {
	it('answers 200 {id} and records the call with its variables and guid', async () => {
		const res = await vb.remind('79123456789', { guid: 'V1-1' });
		expect(res.status).toBe(200);
		expect(Object.keys(res.data)).toEqual(['id']);
		expect(typeof res.data.id).toBe('string');
		const [call] = await vb.calls('79123456789');
		expect(call).toMatchObject({
			id: res.data.id,
			campaignId: DEFAULT_REMINDER_CAMPAIGN_ID,
			number: '79123456789',
			guid: 'V1-1',
			variables: { ...REMINDER_DATA, guid: 'V1-1' },
			attempt: 1,
			outsideWindow: false,
		});
	});

	it('gives every call a different id, the same ids for the same seed after reset', async () => {
		const a = (await vb.remind('79123456780')).data.id;
		const b = (await vb.remind('79123456781')).data.id;
		expect(a).not.toBe(b);
		await vb.reset();
		await vb.setClock(MOSCOW_NOON);
		expect((await vb.remind('79123456780')).data.id).toBe(a);
	});

	it('can answer numeric ids (the real type is unknown, §13.1)', async () => {
		await vb.control('POST', '/voicebox/config', { callIdType: 'number' });
		const res = await vb.remind('79123456789');
		expect(typeof res.data.id).toBe('number');
	});

	it('accepts a JSON body without Content-Type by default, refuses it when told to', async () => {
		const body = JSON.stringify({
			method: DEFAULT_REMINDER_CAMPAIGN_ID,
			data: { number: '79123456789', ...REMINDER_DATA },
		});
		const loose = await postWithoutContentType(vb.sandbox.urls.voicebox, body);
		expect(loose).toEqual({ status: 200, body: expect.stringMatching(/^\{"id":/) });
		await vb.control('POST', '/voicebox/config', { requireJsonContentType: true });
		const strict = await vb.call({}, { raw: body, headers: { 'Content-Type': 'text/plain' } });
		expect(strict.status).toBe(415);
		const ok = await vb.call(
			{},
			{ raw: body, headers: { 'Content-Type': 'application/json; charset=utf-8' } },
		);
		expect(ok.status).toBe(200);
	});

	it('accepts non-string variable values (§3.3: arrays and numbers are sent raw)', async () => {
		const res = await vb.call({ number: '79123456789', name: ['Иван'], phrase: 42 });
		expect(res.status).toBe(200);
	});
});

describe('auth (§3.2)', () => {
	it('401 with an empty body for a wrong password, a wrong login or no header', async () => {
		for (const auth of [
			basic(DEFAULT_VOICEBOX_LOGIN, 'wrong'),
			basic('someone', DEFAULT_VOICEBOX_PASSWORD),
			basic(DEFAULT_VOICEBOX_LOGIN, `${DEFAULT_VOICEBOX_PASSWORD}x`),
			null,
			'Bearer abc',
			'Basic !!!',
		]) {
			const res = await vb.call({ number: '79123456789', ...REMINDER_DATA }, { auth });
			expect([auth, res.status, res.data]).toEqual([auth, 401, '']);
		}
		expect(await vb.calls()).toEqual([]);
	});

	it('checks a UTF-8 password with punctuation and a uuid login', async () => {
		const login = '0f8e1c2a-1111-4a2b-9c3d-5e6f7a8b9c0d';
		const password = 'Пароль:№1;"!#';
		await vb.control('POST', '/voicebox/config', { login, password });
		expect(
			(await vb.call({ number: '79123456789', ...REMINDER_DATA }, { auth: basic(login, password) }))
				.status,
		).toBe(200);
		// the same password encoded as latin1 (a node bug) must not pass
		const latin1 = `Basic ${Buffer.from(`${login}:${password}`, 'latin1').toString('base64')}`;
		expect(
			(await vb.call({ number: '79123456789', ...REMINDER_DATA }, { auth: latin1 })).status,
		).toBe(401);
		expect(
			(
				await vb.call(
					{ number: '79123456789', ...REMINDER_DATA },
					{ auth: basic(login, 'Пароль:№1;"') },
				)
			).status,
		).toBe(401);
	});

	it('checks auth before the campaign, so a stranger learns nothing', async () => {
		const res = await vb.call(
			{ number: '79123456789' },
			{ auth: null, method: 'no-such-campaign' },
		);
		expect(res.status).toBe(401);
	});
});

describe('validation: bare statuses (§3.4, configurable)', () => {
	const cases: Array<[string, number, Record<string, unknown>, string | undefined]> = [
		[
			'unknown campaign',
			404,
			{ number: '79123456789', ...REMINDER_DATA },
			'00000000-0000-0000-0000-000000000000',
		],
		['number with +', 400, { number: '+79123456789', ...REMINDER_DATA }, undefined],
		['number starting with 8', 400, { number: '89123456789', ...REMINDER_DATA }, undefined],
		['10-digit number', 400, { number: '7912345678', ...REMINDER_DATA }, undefined],
		['number with spaces', 400, { number: '7 912 345 67 89', ...REMINDER_DATA }, undefined],
		['missing number', 400, { ...REMINDER_DATA }, undefined],
		[
			'undeclared variable',
			400,
			{ number: '79123456789', ...REMINDER_DATA, visit: 'x' },
			undefined,
		],
		['missing variable', 400, { number: '79123456789', name: 'Иван' }, undefined],
		['null variable', 400, { number: '79123456789', name: 'Иван', phrase: null }, undefined],
	];
	it.each(cases)('%s → %d, empty body, no call', async (_label, status, data, method) => {
		const res = await vb.call(data, { method });
		expect(res.status).toBe(status);
		expect(res.data).toBe('');
		expect(await vb.calls()).toEqual([]);
		expect(await vb.phones()).toEqual({});
	});

	it('accepts the number as a JSON integer too', async () => {
		expect((await vb.call({ number: 79123456789, ...REMINDER_DATA })).status).toBe(200);
	});

	it('400 for a body that is not JSON, has no method or no data object; 405 for GET', async () => {
		expect((await vb.call({}, { raw: '{"method": ' })).status).toBe(400);
		expect((await vb.call({}, { raw: '{"data": {}}' })).status).toBe(400);
		expect(
			(
				await vb.call(
					{},
					{ raw: JSON.stringify({ method: DEFAULT_REMINDER_CAMPAIGN_ID, data: [] }) },
				)
			).status,
		).toBe(400);
		const { default: axios } = await import('axios');
		const get = await axios.get(vb.sandbox.urls.voicebox, { validateStatus: () => true });
		expect(get.status).toBe(405);
	});

	it('uses the configured statuses and logs the reason', async () => {
		await vb.control('POST', '/voicebox/config', {
			statuses: {
				unknownCampaign: 400,
				badNumber: 422,
				unauthorized: 403,
				undeclaredVariable: 409,
			},
		});
		expect(
			(await vb.call({ number: '79123456789', ...REMINDER_DATA }, { method: 'nope' })).status,
		).toBe(400);
		expect((await vb.call({ number: '123', ...REMINDER_DATA })).status).toBe(422);
		expect(
			(await vb.call({ number: '79123456789', ...REMINDER_DATA }, { auth: null })).status,
		).toBe(403);
		expect((await vb.call({ number: '79123456789', ...REMINDER_DATA, x: 1 })).status).toBe(409);
		expect((await vb.call({ number: '79123456789' })).status).toBe(
			DEFAULT_ERROR_STATUSES.missingVariable,
		);
		const log = (await vb.control('GET', '/log?module=voicebox')).data.entries as Array<{
			error?: string;
		}>;
		expect(log.map((e) => e.error).filter(Boolean)).toEqual([
			expect.stringMatching(/^unknownCampaign/),
			expect.stringMatching(/^badNumber/),
			expect.stringMatching(/^unauthorized/),
			'undeclaredVariable: undeclared variables: x',
			'missingVariable: missing variables: name, phrase',
		]);
	});

	it('rejects a config it cannot use', async () => {
		expect(
			(await vb.control('POST', '/voicebox/config', { statuses: { badNumber: 99 } })).status,
		).toBe(400);
		expect((await vb.control('POST', '/voicebox/config', { login: 'a:b' })).status).toBe(400);
		expect((await vb.control('POST', '/voicebox/config', { numberPattern: '(' })).status).toBe(400);
		expect((await vb.control('GET', '/voicebox/config')).data.login).toBe(DEFAULT_VOICEBOX_LOGIN);
	});

	it('the call placed for a good request is finished within the default duration', async () => {
		await vb.remind('79123456789');
		await waitUntil(async () => (await vb.calls())[0]?.state === 'completed', 2000, 'completion');
		const [call] = await vb.calls();
		expect(call.outcome).toBe(1);
	});
});
