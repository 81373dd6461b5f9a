import { Workflow, type ICredentialDataDecryptedObject, type INode } from 'n8n-workflow';

import { CoMagicApi } from '../../credentials/CoMagicApi.credentials';
import { COMAGIC_ACCESS_KEY } from '../../sandbox/comagic/defaults';
import { PACKAGE, TestNodeTypes } from '../harness';
import { useCoMagicEnv } from './comagic.helpers';
import { testCredential } from './credential.helpers';

const type = new CoMagicApi();
const env = useCoMagicEnv();

const node: INode = {
	id: 'n',
	name: 'CoMagic',
	type: `${PACKAGE}.coMagic`,
	typeVersion: 1,
	position: [0, 0],
	parameters: { resource: 'employee', operation: 'getMany' },
};
const workflow = new Workflow({
	nodes: [node],
	connections: {},
	active: false,
	nodeTypes: new TestNodeTypes(),
});

/** Resolves `={{ … }}` in the test request the way n8n's routing does (URL and body values). */
function resolve<T>(value: T, credentials: ICredentialDataDecryptedObject): T {
	if (typeof value === 'string' && value.startsWith('=')) {
		return workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		) as T;
	}
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, resolve(v, credentials)]),
		) as T;
	}
	return value;
}

const resolveUrl = (credentials: ICredentialDataDecryptedObject) =>
	String(resolve(type.test.request.url, credentials));

const keyTest = (apiKey = COMAGIC_ACCESS_KEY) =>
	testCredential('coMagicApi', {
		...env.keyCredentials(),
		apiKey,
	} as ICredentialDataDecryptedObject);

/** `API method` of each JSON-RPC request the sandbox got since the mark */
const asked = async (mark: number) =>
	(await env.rpcLog(mark)).map((e) => `${/dataapi/.test(e.url) ? 'data' : 'call'} ${e.rpcMethod}`);

describe('CoMagic API credential', () => {
	it('sends its test request to the Call API host of each platform', () => {
		expect(resolveUrl({ platform: 'comagic' })).toBe('https://callapi.comagic.ru/v4.0');
		expect(resolveUrl({ platform: 'uis' })).toBe('https://callapi.uiscom.ru/v4.0');
		expect(resolveUrl({ platform: 'callgear' })).toBe('https://callapi.callgear.com/v4.0');
		expect(resolveUrl({ platform: 'custom', callApiUrl: 'http://127.0.0.1:9/v4.0' })).toBe(
			'http://127.0.0.1:9/v4.0',
		);
	});

	it('asks both APIs for a key in the test n8n runs: get.account on the Data API, list.calls on the Call API', async () => {
		const mark = await env.mark();
		const result = await keyTest();
		expect(result).toMatchObject({ status: 'OK' });
		expect(await asked(mark)).toEqual(['data get.account', 'call list.calls']);
		// preAuthentication ran under n8n's condition (an empty session token) and stored nothing
		expect(result.helper.preAuthenticationCalls).toBe(1);
		expect(result.helper.updates).toEqual([]);
	});

	it('passes a good login', async () => {
		const login = await testCredential(
			'coMagicApi',
			env.loginCredentials() as ICredentialDataDecryptedObject,
		);
		expect(login).toMatchObject({ status: 'OK' });
	});

	it('sends no Data API check with the requests of a run with a key', async () => {
		const mark = await env.mark();
		const result = await env.run({ resource: 'employee', operation: 'getMany', returnAll: true });
		expect(result.status).toBe('success');
		expect(await asked(mark)).toEqual(['data get.employees']);
		expect(result.credentials.preAuthenticationCalls).toBe(0);
	});

	it('says where to whitelist the IP', async () => {
		await env.control('POST', 'comagic/config', { ipWhitelist: ['10.9.9.9'] });
		const result = await keyTest();
		expect(result.status).toBe('Error');
		expect(result.message).toContain('ip_not_whitelisted');
		expect(result.message).toMatch(/Security rules and settings → API tab/);
	});

	it('explains an unknown or blocked key, without repeating it', async () => {
		const unknown = await keyTest('nope-nope-key');
		expect(unknown).toMatchObject({ status: 'Error' });
		expect(unknown.message).toContain('access_token_invalid');
		expect(unknown.message).not.toContain('nope-nope-key');
		await env.control('POST', 'comagic/block-token', { access_token: COMAGIC_ACCESS_KEY });
		const blocked = await keyTest();
		expect(blocked.message).toMatch(/access_token_blocked.*Unblock it/);
	});

	it('explains a wrong password and does not repeat it', async () => {
		const result = await testCredential(
			'coMagicApi',
			env.loginCredentials({ password: 'S3cret-Wrong-Pass' }) as ICredentialDataDecryptedObject,
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/auth_error/);
		expect(result.message).toMatch(/login or password is wrong/i);
		expect(result.message).not.toContain('S3cret-Wrong-Pass');
	});

	it('fails a key the Call API refuses, saying what works and what to change', async () => {
		await env.control('POST', 'comagic/keys', { access_token: 'data-only-key', apis: ['data'] });
		const mark = await env.mark();
		const result = await keyTest('data-only-key');
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/works for the Data API \(the call log, recordings/);
		expect(result.message).toMatch(
			/the Call API refused it \(access_token_invalid\): calls .* will fail/,
		);
		expect(result.message).toMatch(/Access to Call API/);
		expect(await asked(mark)).toEqual(['data get.account', 'call list.calls']);
	});

	it('fails a key the Data API refuses the other way round', async () => {
		await env.control('POST', 'comagic/keys', { access_token: 'call-only-key', apis: ['call'] });
		const mark = await env.mark();
		const result = await keyTest('call-only-key');
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/works for the Call API \(calls/);
		expect(result.message).toMatch(
			/the Data API refused it \(access_token_invalid, -32001\): the call log/,
		);
		expect(result.message).not.toContain('call-only-key');
		// the check itself asked the Call API (to say what works); the test request was never sent
		expect(await asked(mark)).toEqual(['data get.account', 'call list.calls']);
	});

	it('passes a login of an account with a session per API: each API accepts its own login', async () => {
		await env.control('POST', 'comagic/config', { separateSessions: true });
		const mark = await env.mark();
		const result = await testCredential(
			'coMagicApi',
			env.loginCredentials() as ICredentialDataDecryptedObject,
		);
		expect(result).toMatchObject({ status: 'OK' });
		expect((await env.rpcLog(mark)).map((e) => [e.url, e.rpcMethod])).toEqual([
			[expect.stringContaining('dataapi'), 'login.user'],
			[expect.stringContaining('callapi'), 'login.user'],
		]);
	});

	it('puts the key into params.access_token and leaves the rest of the body alone', async () => {
		const out = await type.authenticate(
			{ authentication: 'apiKey', apiKey: 'k-1' },
			{
				url: 'http://x',
				body: { jsonrpc: '2.0', method: 'get.tags', params: { limit: 5 } },
			},
		);
		expect(out.body).toEqual({
			jsonrpc: '2.0',
			method: 'get.tags',
			params: { limit: 5, access_token: 'k-1' },
		});
		const session = await type.authenticate(
			{ authentication: 'loginPassword', apiKey: 'k-1', sessionToken: 's-2' },
			{ url: 'http://x', body: { params: {} } },
		);
		expect(session.body).toEqual({ params: { access_token: 's-2' } });
	});
});
