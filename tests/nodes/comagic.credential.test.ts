import axios from 'axios';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
} from 'n8n-workflow';

import { CoMagicApi } from '../../credentials/CoMagicApi.credentials';
import { COMAGIC_ACCESS_KEY } from '../../sandbox/comagic/defaults';
import { PACKAGE, TestNodeTypes } from '../harness';
import { useCoMagicEnv } from './comagic.helpers';

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

const helpers: IHttpRequestHelper = {
	helpers: {
		httpRequest: async (options: IHttpRequestOptions) =>
			(
				await axios.request({
					method: options.method,
					url: options.url,
					data: options.body,
					headers: options.headers as Record<string, string>,
				})
			).data,
	},
} as unknown as IHttpRequestHelper;

/** What n8n's credential tester does with `test`: preAuthentication, authenticate, send, then the rules. */
async function testCredential(
	credentials: ICredentialDataDecryptedObject,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const data = { ...credentials };
	try {
		Object.assign(data, await type.preAuthentication.call(helpers, data));
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	const request = await type.authenticate(
		data,
		resolve(type.test.request as IHttpRequestOptions, data),
	);
	const body = (
		await axios.post(request.url, request.body, {
			headers: request.headers as Record<string, string>,
		})
	).data as Record<string, unknown>;
	for (const rule of type.test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const value = rule.properties.key
			.split('.')
			.reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], body);
		if (value === rule.properties.value)
			return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection tested successfully' };
}

describe('CoMagic API credential', () => {
	it('sends its test request to the Call API host of each platform', () => {
		expect(resolveUrl({ platform: 'comagic' })).toBe('https://callapi.comagic.ru/v4.0');
		expect(resolveUrl({ platform: 'uis' })).toBe('https://callapi.uiscom.ru/v4.0');
		expect(resolveUrl({ platform: 'callgear' })).toBe('https://callapi.callgear.com/v4.0');
		expect(resolveUrl({ platform: 'custom', callApiUrl: 'http://127.0.0.1:9/v4.0' })).toBe(
			'http://127.0.0.1:9/v4.0',
		);
	});

	it('passes with a good key and with a good login', async () => {
		expect(
			await testCredential(env.keyCredentials() as ICredentialDataDecryptedObject),
		).toMatchObject({ status: 'OK' });
		expect(
			await testCredential(env.loginCredentials() as ICredentialDataDecryptedObject),
		).toMatchObject({ status: 'OK' });
	});

	it('says where to whitelist the IP', async () => {
		await env.control('POST', 'comagic/config', { ipWhitelist: ['10.9.9.9'] });
		const result = await testCredential(env.keyCredentials() as ICredentialDataDecryptedObject);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('ip_not_whitelisted');
		expect(result.message).toMatch(/Security rules and settings → API tab/);
	});

	it('explains an unknown or blocked key', async () => {
		const unknown = await testCredential({
			...env.keyCredentials(),
			apiKey: 'nope-nope',
		} as ICredentialDataDecryptedObject);
		expect(unknown).toMatchObject({ status: 'Error' });
		expect(unknown.message).toContain('access_token_invalid');
		await env.control('POST', 'comagic/block-token', { access_token: COMAGIC_ACCESS_KEY });
		const blocked = await testCredential(env.keyCredentials() as ICredentialDataDecryptedObject);
		expect(blocked.message).toMatch(/access_token_blocked.*Unblock it/);
	});

	it('explains a wrong password and does not repeat it', async () => {
		const result = await testCredential(
			env.loginCredentials({ password: 'S3cret-Wrong-Pass' }) as ICredentialDataDecryptedObject,
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/auth_error/);
		expect(result.message).toMatch(/login or password is wrong/i);
		expect(result.message).not.toContain('S3cret-Wrong-Pass');
	});

	it('fails a Data-API-only key, saying what works and what to change', async () => {
		await env.control('POST', 'comagic/keys', { access_token: 'data-only-key', apis: ['data'] });
		const result = await testCredential({
			...env.keyCredentials(),
			apiKey: 'data-only-key',
		} as never);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/works for the Data API \(the call log, recordings/);
		expect(result.message).toMatch(
			/the Call API refused it \(access_token_invalid\): calls .* will fail/,
		);
		expect(result.message).toMatch(/Access to Call API/);
	});

	it('fails a Call-API-only key the other way round', async () => {
		await env.control('POST', 'comagic/keys', { access_token: 'call-only-key', apis: ['call'] });
		const result = await testCredential({
			...env.keyCredentials(),
			apiKey: 'call-only-key',
		} as never);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/works for the Call API \(calls/);
		expect(result.message).toMatch(
			/the Data API refused it \(access_token_invalid, -32001\): the call log/,
		);
	});

	it('passes a login of an account with a session per API: each API accepts its own login', async () => {
		await env.control('POST', 'comagic/config', { separateSessions: true });
		const mark = await env.mark();
		const result = await testCredential(env.loginCredentials() as ICredentialDataDecryptedObject);
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
