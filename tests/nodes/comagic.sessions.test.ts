import { COMAGIC_PASSWORD, COMAGIC_VIRTUAL_NUMBER } from '../../sandbox/comagic/defaults';
import { allStrings, useCoMagicEnv } from './comagic.helpers';

/**
 * Login and password on an account whose Call API does not accept the Data API's session (the reference leaves
 * sharing open, §8): the node logs in on the Call API too, keeps that token apart in the credential, and logs in
 * no more than before on accounts that share one session.
 */
const env = useCoMagicEnv();

const call = {
	resource: 'call',
	operation: 'startSimpleCall',
	virtualPhoneNumber: { mode: 'list', value: COMAGIC_VIRTUAL_NUMBER },
	contact: '79260000000',
	operator: '79262444491',
	firstCall: 'operator',
};
const employees = { resource: 'employee', operation: 'getMany', returnAll: true };

const sequence = async (since: number) =>
	(await env.rpcLog(since)).map(
		(e) => `${e.url.includes('callapi') ? 'call' : 'data'}:${e.rpcMethod}`,
	);

describe('a session per API', () => {
	it('shared sessions (the default): one login.user serves a call start', async () => {
		const mark = await env.mark();
		const result = await env.run(call, { credentials: env.loginCredentials() });
		expect(result.status).toBe('success');
		expect(await sequence(mark)).toEqual(['data:login.user', 'call:start.simple_call']);
		expect(result.credentials.store.coMagicApi.sessionPerApi).toBeFalsy();
	});

	it('logs in on the Call API when it refuses a fresh Data API session, and keeps both', async () => {
		await env.control('POST', 'comagic/config', { separateSessions: true });
		const callsBefore = (await env.control('GET', 'comagic/state')).counts as { calls: number };
		const mark = await env.mark();
		const first = await env.run(call, { credentials: env.loginCredentials() });
		expect(first.status).toBe('success');
		expect(first.json('Node')[0].call_session_id).toEqual(expect.any(Number));
		// the refused start placed no call (token errors come before the method runs), the second one did
		expect(await sequence(mark)).toEqual([
			'data:login.user',
			'call:start.simple_call',
			'data:login.user',
			'call:login.user',
			'call:start.simple_call',
		]);
		const stored = first.credentials.store.coMagicApi;
		expect(stored).toMatchObject({ sessionPerApi: true, callSessionToken: expect.any(String) });
		expect(stored.callSessionToken).not.toBe(stored.sessionToken);
		const callsAfter = (await env.control('GET', 'comagic/state')).counts as { calls: number };
		expect(callsAfter.calls).toBe(callsBefore.calls + 1);

		// the stored credential now works for both APIs without logging in again
		const mark2 = await env.mark();
		const again = await env.run(call, { credentials: { ...stored } });
		const lists = await env.run(employees, { credentials: { ...stored } });
		expect([again.status, lists.status]).toEqual(['success', 'success']);
		expect(await sequence(mark2)).toEqual(['call:start.simple_call', 'data:get.employees']);

		const text = JSON.stringify([first.run.data.resultData, again.run.data.resultData]);
		for (const secret of [stored.sessionToken, stored.callSessionToken, COMAGIC_PASSWORD]) {
			expect(text).not.toContain(secret as string);
		}
	});

	it('renews both sessions when they expire', async () => {
		await env.control('POST', 'comagic/config', { separateSessions: true });
		const first = await env.run(call, { credentials: env.loginCredentials() });
		const stored = { ...first.credentials.store.coMagicApi };
		await env.control('POST', 'comagic/expire-tokens');
		const mark = await env.mark();
		const result = await env.run(call, { credentials: stored });
		expect(result.status).toBe('success');
		expect(await sequence(mark)).toEqual([
			'call:start.simple_call',
			'data:login.user',
			'call:login.user',
			'call:start.simple_call',
		]);
	});

	it('fails with the hint, without tokens in the error, when the Call API refuses its own session too', async () => {
		await env.control('POST', 'comagic/config', { separateSessions: true, tokenTtlSeconds: 0 });
		const result = await env.run(call, { credentials: env.loginCredentials() });
		expect(result.status).toBe('error');
		const error = result.nodeError('Node');
		expect(error?.message).toContain('access_token_invalid');
		const stored = result.credentials.store.coMagicApi;
		const text = allStrings(error).join('\n');
		for (const secret of [stored.sessionToken, stored.callSessionToken, COMAGIC_PASSWORD]) {
			if (secret) expect(text).not.toContain(secret as string);
		}
		// two renewals at most: the shared login, then one per API; never a loop
		const calls = (await env.rpcLog(0)).filter((e) => e.rpcMethod === 'start.simple_call');
		expect(calls.length).toBeLessThanOrEqual(3);
	});
});
