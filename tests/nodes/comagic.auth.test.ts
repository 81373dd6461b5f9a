import axios from 'axios';
import { DateTime } from 'luxon';
import type { NodeApiError } from 'n8n-workflow';

import {
	COMAGIC_ACCESS_KEY,
	COMAGIC_LOGIN,
	COMAGIC_PASSWORD,
} from '../../sandbox/comagic/defaults';
import { allStrings, useCoMagicEnv } from './comagic.helpers';

const ZONE = 'Europe/Moscow';
const env = useCoMagicEnv();

const methods = async (since: number) => (await env.rpcLog(since)).map((e) => e.rpcMethod);
const employees = { resource: 'employee', operation: 'getMany', returnAll: true };

describe('Login and password sessions', () => {
	it('logs in once, stores the session token and reuses it', async () => {
		const mark = await env.mark();
		const first = await env.run(employees, { credentials: env.loginCredentials() });
		expect(first.status).toBe('success');
		expect(first.credentials.preAuthenticationCalls).toBe(1);
		const stored = first.credentials.store.coMagicApi;
		expect(stored.sessionToken).toEqual(expect.any(String));
		expect(stored.sessionExpiresAt).toBeGreaterThan(Date.now() / 1000 + 3000);
		expect(await methods(mark)).toEqual(['login.user', 'get.employees']);

		const mark2 = await env.mark();
		const second = await env.run(employees, { credentials: { ...stored } });
		expect(second.status).toBe('success');
		expect(second.credentials.preAuthenticationCalls).toBe(0);
		expect(await methods(mark2)).toEqual(['get.employees']);
	});

	it('logs in again when CoMagic says access_token_invalid in an HTTP 200 body mid-run', async () => {
		const till = DateTime.now().setZone(ZONE).minus({ minutes: 5 });
		const from = till.minus({ days: 10 });
		await env.control('POST', 'comagic/seed-calls', {
			count: 25000,
			from: from.toMillis(),
			till: till.toMillis(),
			replace: true,
		});
		const login = await env.run(employees, { credentials: env.loginCredentials() });
		const stored = { ...login.credentials.store.coMagicApi };
		// slow the Data API down so the session can be expired between pages
		await env.control('POST', 'faults', {
			pathPrefix: '/comagic/dataapi',
			kind: 'latency',
			ms: 300,
			count: 6,
		});
		const mark = await env.mark();
		const running = env.run(
			{
				resource: 'callLog',
				operation: 'getMany',
				period: 'custom',
				dateFrom: from.toISO(),
				dateTill: till.toISO(),
				returnAll: true,
			},
			{ credentials: stored },
		);
		for (let tries = 0; tries < 200; tries++) {
			if ((await methods(mark)).includes('get.calls_report')) break;
			await new Promise((r) => setTimeout(r, 20));
		}
		const expired = await env.control('POST', 'comagic/expire-tokens');
		expect(expired.expired).toBeGreaterThan(0);
		const result = await running;
		expect(result.status).toBe('success');
		expect(result.json('Node')).toHaveLength(25000);
		expect(new Set(result.json('Node').map((r) => r.id)).size).toBe(25000);
		const sequence = await methods(mark);
		expect(sequence.filter((m) => m === 'login.user')).toHaveLength(1);
		expect(sequence.filter((m) => m === 'get.calls_report')).toHaveLength(4);
		expect(result.credentials.preAuthenticationCalls).toBe(1);
		const renewed = result.credentials.store.coMagicApi.sessionToken;
		expect(renewed).not.toBe(stored.sessionToken);
		// the new token is valid: the stored credential works on its own
		const check = await env.run(employees, {
			credentials: { ...result.credentials.store.coMagicApi },
		});
		expect(check.status).toBe('success');
		expect(check.credentials.preAuthenticationCalls).toBe(0);
	}, 30000);

	it('also logs in again on access_token_expired', async () => {
		await env.control('POST', 'comagic/config', { sessionExpiredMnemonic: 'access_token_expired' });
		const login = await env.run(employees, { credentials: env.loginCredentials() });
		await env.control('POST', 'comagic/expire-tokens');
		const mark = await env.mark();
		const result = await env.run(employees, {
			credentials: { ...login.credentials.store.coMagicApi },
		});
		expect(result.status).toBe('success');
		expect(await methods(mark)).toEqual(['get.employees', 'login.user', 'get.employees']);
		expect(result.credentials.preAuthenticationCalls).toBe(1);
	});

	it('renews a session that is about to end before using it', async () => {
		const login = (
			await axios.post(env.sandbox.urls.comagicDataApi, {
				jsonrpc: '2.0',
				id: 1,
				method: 'login.user',
				params: { login: COMAGIC_LOGIN, password: COMAGIC_PASSWORD },
			})
		).data.result.data;
		const mark = await env.mark();
		const result = await env.run(employees, {
			credentials: env.loginCredentials({
				sessionToken: login.access_token,
				sessionExpiresAt: Math.floor(Date.now() / 1000) + 30,
			}),
		});
		expect(result.status).toBe('success');
		expect(await methods(mark)).toEqual(['login.user', 'get.employees']);
		const [sent] = (await env.rpcLog(mark)).filter((e) => e.rpcMethod === 'get.employees');
		expect(sent.body.params.access_token).not.toBe(login.access_token);
	});

	it('gives up after one new login when the fresh token is refused too', async () => {
		const login = await env.run(employees, { credentials: env.loginCredentials() });
		const stored = { ...login.credentials.store.coMagicApi };
		// sessions live 0 s: every token is expired on arrival
		await env.control('POST', 'comagic/config', { tokenTtlSeconds: 0 });
		await env.control('POST', 'comagic/expire-tokens');
		const mark = await env.mark();
		const result = await env.run(employees, { credentials: stored });
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toContain('access_token_invalid');
		expect(await methods(mark)).toEqual(['get.employees', 'login.user', 'get.employees']);
	});

	it('explains a wrong password without showing it', async () => {
		const credentials = env.loginCredentials({ password: 'Wr0ng-Secret-Pa55' });
		const result = await env.run(employees, { credentials });
		expect(result.status).toBe('error');
		const error = result.nodeError('Node') as NodeApiError;
		expect(error.message).toContain('auth_error');
		expect(error.description).toMatch(/login or password is wrong/i);
		expect(allStrings(error).join('\n')).not.toContain('Wr0ng-Secret-Pa55');
	});
});

describe('Key errors and the cabinet hints', () => {
	it('explains a blocked key', async () => {
		await env.control('POST', 'comagic/block-token', { access_token: COMAGIC_ACCESS_KEY });
		const mark = await env.mark();
		const result = await env.run(employees);
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toContain('access_token_blocked');
		expect((result.nodeError('Node') as NodeApiError).description).toMatch(/User management/);
		// a key cannot be renewed by logging in
		expect(await methods(mark)).toEqual(['get.employees']);
	});

	it('explains ip_not_whitelisted with the address and where to add it', async () => {
		await env.control('POST', 'comagic/config', { ipWhitelist: ['10.1.2.3'] });
		const result = await env.run(employees);
		expect(result.status).toBe('error');
		const error = result.nodeError('Node') as NodeApiError;
		expect(error.message).toContain('ip_not_whitelisted');
		expect(error.description).toContain('127.0.0.1');
		expect(error.description).toMatch(/Security rules and settings → API/);
	});
});

describe('Secrets stay out of errors and output', () => {
	const secretKey = 'k3y-Sh0uld-N3ver-Leak-0001';

	beforeEach(async () => {
		await env.control('POST', 'comagic/keys', { access_token: secretKey });
	});

	const keyCredentials = () => ({ ...env.keyCredentials(), apiKey: secretKey });

	const cases: Array<[string, Record<string, unknown>, () => Promise<void>]> = [
		[
			'an API error (tts_text_exceeded)',
			{
				resource: 'call',
				operation: 'startInformerCall',
				virtualPhoneNumber: { mode: 'id', value: '74993720692' },
				contact: '79260000000',
				messageType: 'tts',
				messageText: 'я'.repeat(2000),
			},
			async () => undefined,
		],
		[
			'a blocked key',
			{ resource: 'tag', operation: 'getMany', returnAll: true },
			async () => {
				await env.control('POST', 'comagic/block-token', { access_token: secretKey });
			},
		],
		[
			'a dropped connection',
			{ resource: 'tag', operation: 'getMany', returnAll: true },
			async () => {
				await env.control('POST', 'faults', {
					pathPrefix: '/comagic/dataapi',
					kind: 'drop',
					count: 1,
				});
			},
		],
		[
			'an HTTP 502',
			{ resource: 'tag', operation: 'getMany', returnAll: true },
			async () => {
				await env.control('POST', 'faults', {
					pathPrefix: '/comagic/dataapi',
					kind: 'status',
					status: 502,
					count: 1,
				});
			},
		],
	];

	it.each(cases)(
		'%s: not in the error object, its raw body, nor Continue On Fail output',
		async (_, parameters, arrange) => {
			await arrange();
			const failed = await env.run(parameters, { credentials: keyCredentials() });
			expect(failed.status).toBe('error');
			const error = failed.nodeError('Node');
			expect(error).toBeDefined();
			const text = allStrings(error).join('\n') + JSON.stringify(failed.run.data.resultData);
			expect(text).not.toContain(secretKey);

			await arrange();
			const soft = await env.run(parameters, {
				credentials: keyCredentials(),
				continueOnFail: true,
			});
			expect(soft.status).toBe('success');
			expect(soft.json('Node')[0].error).toEqual(expect.any(String));
			expect(JSON.stringify(soft.run.data.resultData)).not.toContain(secretKey);
		},
	);

	it('never puts the session token or password into output', async () => {
		const result = await env.run(
			{ resource: 'call', operation: 'getActive', options: { includeLimits: true } },
			{ credentials: env.loginCredentials() },
		);
		const token = result.credentials.store.coMagicApi.sessionToken as string;
		expect(token.length).toBeGreaterThan(10);
		const text = JSON.stringify(result.run.data.resultData);
		expect(text).not.toContain(token);
		expect(text).not.toContain(COMAGIC_PASSWORD);
	});
});
