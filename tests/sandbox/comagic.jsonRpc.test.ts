import axios from 'axios';

import { COMAGIC_LOGIN, COMAGIC_PASSWORD } from '../../sandbox/comagic/defaults';
import { KEY, startCoMagic, type CoMagicHarness } from './comagic.helpers';

let h: CoMagicHarness;

beforeAll(async () => {
	h = await startCoMagic({ callDurationMs: 0 });
});
afterAll(async () => h.sandbox.stop());
beforeEach(async () => {
	await h.control('POST', 'reset');
});

const raw = async (url: string, body: string) =>
	await axios.post(url, body, {
		headers: { 'Content-Type': 'application/json' },
		validateStatus: () => true,
		transformRequest: (x) => x,
		transformResponse: (x) => x,
	});

describe('JSON-RPC envelope (reference §1, §2.5)', () => {
	it('answers a success with result.data and result.metadata.limits, echoing the id', async () => {
		const res = await h.data('get.account', { access_token: KEY }, 'req-7');
		expect(res.jsonrpc).toBe('2.0');
		expect(res.id).toBe('req-7');
		expect(res.error).toBeUndefined();
		expect(res.result!.data).toEqual([
			{ app_id: expect.any(Number), name: expect.any(String), timezone: 'Europe/Moscow' },
		]);
		expect(res.result!.metadata.limits).toEqual({
			day_limit: 10000,
			day_remaining: 9999,
			day_reset: expect.any(Number),
			minute_limit: 150,
			minute_remaining: 149,
			minute_reset: expect.any(Number),
		});
	});

	it('parse error: HTTP 200, -32700, id null, no limits', async () => {
		const res = await raw(h.sandbox.urls.comagicCallApi, '{"jsonrpc":"2.0",');
		expect(res.status).toBe(200);
		const body = JSON.parse(res.data);
		expect(body).toEqual({
			jsonrpc: '2.0',
			id: null,
			error: {
				code: -32700,
				message: 'Invalid JSON was received by the server.',
				data: {
					mnemonic: 'parse_error',
					field: null,
					value: null,
					params: {},
					extended_helper: null,
					metadata: {},
				},
			},
		});
	});

	it('batch → -32099 batch_opreations_not_supported; missing id → notifications_not_supported', async () => {
		const batch = JSON.parse(
			(
				await raw(
					h.sandbox.urls.comagicDataApi,
					JSON.stringify([
						{ jsonrpc: '2.0', id: 1, method: 'get.account', params: { access_token: KEY } },
					]),
				)
			).data,
		);
		expect(batch.error.code).toBe(-32099);
		expect(batch.error.data.mnemonic).toBe('batch_opreations_not_supported');
		const note = JSON.parse(
			(
				await raw(
					h.sandbox.urls.comagicDataApi,
					JSON.stringify({ jsonrpc: '2.0', method: 'get.account', params: { access_token: KEY } }),
				)
			).data,
		);
		expect(note.error).toMatchObject({
			code: -32099,
			message: 'Notifications not supported',
			data: { mnemonic: 'notifications_not_supported' },
		});
	});

	it('wrong jsonrpc version or extra envelope keys → -32600 invalid_request with the id', async () => {
		const res = JSON.parse(
			(
				await raw(
					h.sandbox.urls.comagicCallApi,
					JSON.stringify({ jsonrpc: '1.0', id: 5, method: 'list.calls', params: {} }),
				)
			).data,
		);
		expect(res.id).toBe(5);
		expect(res.error).toMatchObject({
			code: -32600,
			data: { mnemonic: 'invalid_request', field: 'jsonrpc' },
		});
		const extra = JSON.parse(
			(
				await raw(
					h.sandbox.urls.comagicCallApi,
					JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'list.calls', params: {}, foo: 1 }),
				)
			).data,
		);
		expect(extra.error.data.mnemonic).toBe('invalid_request');
	});

	it('unknown method → -32601 without limits; a Data API method is unknown to the Call API', async () => {
		const res = await h.call('get.calls_report', { access_token: KEY });
		expect(res.error).toMatchObject({
			code: -32601,
			data: { mnemonic: 'method_not_found', value: 'get.calls_report', metadata: {} },
		});
	});

	it('unexpected and missing parameters → -32602 with field and limits metadata, not charged', async () => {
		const unexpected = await h.data('get.account', { access_token: KEY, foo: 1 });
		expect(unexpected.error).toMatchObject({
			code: -32602,
			message: 'Unexpected method parameter(s)',
			data: { mnemonic: 'unexpected_parameters', field: 'foo', value: 1 },
		});
		expect(unexpected.error!.data.metadata.limits.minute_remaining).toBe(150);
		const missing = await h.call('release.call', { access_token: KEY });
		expect(missing.error).toMatchObject({
			code: -32602,
			data: { mnemonic: 'required_parameter_missed', field: 'call_session_id' },
		});
		const wrongType = await h.call('release.call', { access_token: KEY, call_session_id: '12' });
		expect(wrongType.error).toMatchObject({
			code: -32602,
			data: { mnemonic: 'data_type_error', field: 'call_session_id' },
		});
		const ok = await h.data('get.account', { access_token: KEY });
		expect(ok.result!.metadata.limits.minute_remaining).toBe(149);
	});

	it('GET is not the API: 405 with an invalid_request body', async () => {
		const res = await axios.get(h.sandbox.urls.comagicDataApi, { validateStatus: () => true });
		expect(res.status).toBe(405);
		expect(res.data.error.data.mnemonic).toBe('invalid_request');
	});
});

describe('authentication (reference §1.1)', () => {
	it('login.user issues a token that expires after the TTL (clock moved) → access_token_invalid', async () => {
		const login = await h.data('login.user', { login: COMAGIC_LOGIN, password: COMAGIC_PASSWORD });
		const { access_token, expire_at, app_id } = login.result!.data;
		expect(typeof access_token).toBe('string');
		expect(app_id).toBe(31337);
		expect(expire_at).toBeCloseTo(Math.floor(h.sandbox.ctx.now() / 1000) + 3600, -1);
		expect((await h.data('get.tags', { access_token })).result).toBeDefined();
		// the same token works on the Call API
		expect((await h.call('list.calls', { access_token })).result!.data).toEqual([]);
		await h.control('POST', 'clock', { advanceMs: 3601 * 1000 });
		const expired = await h.data('get.tags', { access_token });
		expect(expired.error).toEqual({
			code: -32001,
			message: 'Access token is invalid',
			data: {
				mnemonic: 'access_token_invalid',
				field: null,
				value: null,
				params: {},
				extended_helper: null,
				metadata: {},
			},
		});
		// the permanent key never expires
		expect((await h.data('get.tags', { access_token: KEY })).result).toBeDefined();
	});

	it('Call API login.user has no app_id; logout answers {success:true} and kills the token', async () => {
		const login = await h.call('login.user', { login: COMAGIC_LOGIN, password: COMAGIC_PASSWORD });
		expect(Object.keys(login.result!.data).sort()).toEqual(['access_token', 'expire_at']);
		const token = login.result!.data.access_token;
		expect((await h.call('logout.user', { access_token: token })).result!.data).toEqual({
			success: true,
		});
		expect((await h.call('list.calls', { access_token: token })).error!.data.mnemonic).toBe(
			'access_token_invalid',
		);
		const dataLogin = await h.data('login.user', {
			login: COMAGIC_LOGIN,
			password: COMAGIC_PASSWORD,
		});
		expect(
			(await h.data('logout.user', { access_token: dataLogin.result!.data.access_token })).result!
				.data,
		).toEqual({});
	});

	it('wrong password → auth_error; unknown token → access_token_invalid', async () => {
		expect((await h.data('login.user', { login: 'demo', password: 'nope' })).error).toMatchObject({
			code: -32001,
			message: 'Login or password is wrong',
			data: { mnemonic: 'auth_error', metadata: {} },
		});
		expect((await h.call('list.calls', { access_token: 'nope' })).error!.data.mnemonic).toBe(
			'access_token_invalid',
		);
	});

	it('configurable TTL, expire-tokens, expired mnemonic switch', async () => {
		await h.control('POST', 'comagic/config', {
			tokenTtlSeconds: 10,
			sessionExpiredMnemonic: 'access_token_expired',
		});
		const token = (await h.data('login.user', { login: 'demo', password: 'demo-password' })).result!
			.data.access_token;
		await h.control('POST', 'clock', { advanceMs: 5000 });
		expect((await h.data('get.tags', { access_token: token })).result).toBeDefined();
		await h.control('POST', 'clock', { advanceMs: 6000 });
		expect((await h.data('get.tags', { access_token: token })).error).toMatchObject({
			code: -32001,
			message: 'Access token has been expired',
			data: { mnemonic: 'access_token_expired' },
		});
		await h.control('POST', 'comagic/config', { tokenTtlSeconds: 3600 });
		const second = (await h.data('login.user', { login: 'demo', password: 'demo-password' }))
			.result!.data.access_token;
		expect((await h.control('POST', 'comagic/expire-tokens')).data.expired).toBeGreaterThanOrEqual(
			1,
		);
		expect((await h.data('get.tags', { access_token: second })).error!.data.mnemonic).toBe(
			'access_token_expired',
		);
	});

	it('blocked token → access_token_blocked; temporary key past its date → access_token_expired', async () => {
		await h.control('POST', 'comagic/block-token', { access_token: KEY });
		expect((await h.call('list.calls', { access_token: KEY })).error).toMatchObject({
			code: -32001,
			message: 'Access token has been blocked',
			data: { mnemonic: 'access_token_blocked' },
		});
		const expireAt = Math.floor(h.sandbox.ctx.now() / 1000) + 60;
		await h.control('POST', 'comagic/keys', { access_token: 'temp-key', expire_at: expireAt });
		expect((await h.call('list.calls', { access_token: 'temp-key' })).result).toBeDefined();
		await h.control('POST', 'clock', { advanceMs: 61000 });
		expect((await h.call('list.calls', { access_token: 'temp-key' })).error!.data.mnemonic).toBe(
			'access_token_expired',
		);
	});

	it('a Data-API-only key is unknown to the Call API; separateSessions binds a session to its API', async () => {
		await h.control('POST', 'comagic/keys', { access_token: 'data-only-key', apis: ['data'] });
		expect((await h.data('get.account', { access_token: 'data-only-key' })).result).toBeDefined();
		expect(
			(await h.call('list.calls', { access_token: 'data-only-key' })).error!.data.mnemonic,
		).toBe('access_token_invalid');
		const login = { login: COMAGIC_LOGIN, password: COMAGIC_PASSWORD };
		const shared = (await h.data('login.user', login)).result!.data.access_token;
		expect((await h.call('list.calls', { access_token: shared })).result).toBeDefined();
		await h.control('POST', 'comagic/config', { separateSessions: true });
		const dataToken = (await h.data('login.user', login)).result!.data.access_token;
		const callToken = (await h.call('login.user', login)).result!.data.access_token;
		expect((await h.call('list.calls', { access_token: dataToken })).error!.data.mnemonic).toBe(
			'access_token_invalid',
		);
		expect((await h.data('get.account', { access_token: callToken })).error!.data.mnemonic).toBe(
			'access_token_invalid',
		);
		expect((await h.call('list.calls', { access_token: callToken })).result).toBeDefined();
		expect((await h.data('get.account', { access_token: dataToken })).result).toBeDefined();
	});

	it('IP whitelist on → -32003 ip_not_whitelisted with the IP; CIDR 127.0.0.0/8 allows', async () => {
		await h.control('POST', 'comagic/config', { ipWhitelist: ['10.0.0.1'] });
		const denied = await h.data('get.account', { access_token: KEY });
		expect(denied.error).toMatchObject({
			code: -32003,
			message: 'Your IP 127.0.0.1 is not whitelisted',
			data: { mnemonic: 'ip_not_whitelisted', metadata: {} },
		});
		await h.control('POST', 'comagic/config', { ipWhitelist: ['127.0.0.0/8'] });
		expect((await h.data('get.account', { access_token: KEY })).result).toBeDefined();
		await h.control('POST', 'comagic/config', { ipWhitelist: ['0.0.0.0/0'] });
		expect((await h.data('get.account', { access_token: KEY })).result).toBeDefined();
	});
});

describe('limits (reference §1.2)', () => {
	it('minute limit: charged on success only, -32029 with the documented message and metadata, resets next minute', async () => {
		await h.control('POST', 'comagic/config', { minuteLimit: 3, dayLimit: 100 });
		// align to the start of a minute so the window cannot roll over mid-test
		const now = h.sandbox.ctx.now();
		await h.control('POST', 'clock', { advanceMs: 60000 - (now % 60000) + 100 });
		const remaining: number[] = [];
		for (let i = 0; i < 3; i++)
			remaining.push(
				(await h.data('get.tags', { access_token: KEY })).result!.metadata.limits.minute_remaining,
			);
		expect(remaining).toEqual([2, 1, 0]);
		const over = await h.data('get.tags', { access_token: KEY });
		expect(over.error).toMatchObject({
			code: -32029,
			message: 'Limit per minute has been exceeded. Value of current limit per minute is 3',
			data: { mnemonic: 'limit_exceeded', params: { limit_type: 'minute', limit_max_value: 3 } },
		});
		expect(over.error!.data.metadata.limits).toMatchObject({
			minute_limit: 3,
			minute_remaining: 0,
			day_remaining: 97,
		});
		expect(over.error!.data.metadata.limits.minute_reset).toBeGreaterThan(0);
		// the Call API has its own points
		expect(
			(await h.call('list.calls', { access_token: KEY })).result!.metadata.limits.minute_remaining,
		).toBe(2);
		await h.control('POST', 'clock', { advanceMs: 60000 });
		expect(
			(await h.data('get.tags', { access_token: KEY })).result!.metadata.limits.minute_remaining,
		).toBe(2);
	});

	it('day limit → "Limit per day …"', async () => {
		await h.control('POST', 'comagic/config', { minuteLimit: 100, dayLimit: 2 });
		await h.data('get.tags', { access_token: KEY });
		await h.data('get.tags', { access_token: KEY });
		const over = await h.data('get.tags', { access_token: KEY });
		expect(over.error!.message).toBe(
			'Limit per day has been exceeded. Value of current limit per day is 2',
		);
		expect(over.error!.data.metadata.limits.day_remaining).toBe(0);
	});

	it('versionDeprecated adds metadata.api_version with each API spelling', async () => {
		await h.control('POST', 'comagic/config', { versionDeprecated: true });
		expect(
			(await h.call('list.calls', { access_token: KEY })).result!.metadata.api_version,
		).toMatchObject({ current_version_depricated: true, current_version: 'v4.0' });
		expect(
			(await h.data('get.tags', { access_token: KEY })).result!.metadata.api_version,
		).toMatchObject({ current_version_deprecated: true, current_version: 'v2.0' });
	});
});

describe('control API', () => {
	it('state shows credentials and counts; bad config is a 400', async () => {
		const state = await h.control('GET', 'comagic/state');
		expect(state.data.credentials).toEqual({
			accessKey: 'sandbox-comagic-key',
			login: 'demo',
			password: 'demo-password',
		});
		expect(state.data.counts.calls).toBe(200);
		expect(state.data.virtualNumbers).toContain('74993720692');
		expect((await h.control('POST', 'comagic/config', { minuteLimit: 'x' })).status).toBe(400);
		expect((await h.control('POST', 'comagic/config', { nope: 1 })).status).toBe(400);
		expect((await h.control('GET', 'comagic/nothing')).status).toBe(404);
	});

	it('describe() prints curl lines for the Call API, the Data API and a recording', () => {
		const lines = h.sandbox
			.describe()
			.filter((l) => l.includes('comagic') || l.includes('system/media'));
		expect(lines.some((l) => l.includes('/comagic/callapi/v4.0') && l.startsWith('curl'))).toBe(
			true,
		);
		expect(lines.some((l) => l.includes('/comagic/dataapi/v2.0') && l.startsWith('curl'))).toBe(
			true,
		);
		expect(lines.some((l) => l.includes('/system/media/talk/'))).toBe(true);
	});
});
