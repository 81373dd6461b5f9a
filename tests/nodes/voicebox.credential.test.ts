/**
 * The MTT Voicebox credential and its test: the format check itself (nodes/MttVoicebox/methods/credentialTest.ts), how
 * it is wired, and why it is a format check, shown against the simulator: the only requests that cannot dial are
 * refused with non-2xx statuses, which n8n's request-based credential test always reports as failures, right
 * password or not.
 */
import axios from 'axios';
import { CredentialTestContext } from 'n8n-core';

import { startSandbox, type Sandbox } from '../../sandbox';
import {
	DEFAULT_REMINDER_CAMPAIGN_ID,
	DEFAULT_VOICEBOX_LOGIN,
	DEFAULT_VOICEBOX_PASSWORD,
} from '../../sandbox/voicebox/defaults';
import { MttVoiceboxApi } from '../../credentials/MttVoiceboxApi.credentials';
import { MttVoicebox } from '../../nodes/MttVoicebox/MttVoicebox.node';
import { checkCredentialFormat } from '../../nodes/MttVoicebox/methods/credentialTest';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.stop());

const probe = (password: string, body: unknown) =>
	axios.post(sandbox.urls.voicebox, body, {
		auth: { username: DEFAULT_VOICEBOX_LOGIN, password },
		validateStatus: () => true,
	});

describe('MTT Voicebox credential test', () => {
	it('non-dialling probes get non-2xx with the right and the wrong password alike, and ring nobody', async () => {
		for (const body of [{}, { method: DEFAULT_REMINDER_CAMPAIGN_ID, data: {} }]) {
			const right = await probe(DEFAULT_VOICEBOX_PASSWORD, body);
			const wrong = await probe('wrong', body);
			expect(wrong.status).toBe(401);
			expect(right.status).toBeGreaterThanOrEqual(400);
			expect(right.status).not.toBe(401);
		}
		expect((await axios.get(`${sandbox.baseUrl}/_control/phones`)).data).toEqual({});
	});

	it('runs as n8n runs a node credential test: no request, a format verdict', async () => {
		const test = new MttVoicebox().methods.credentialTest.mttVoiceboxApiTest;
		const context = new CredentialTestContext({} as never);
		const data = {
			url: sandbox.urls.voicebox,
			login: DEFAULT_VOICEBOX_LOGIN,
			password: 'p@ss:wörd',
		};
		const before = (await axios.get(`${sandbox.baseUrl}/_control/log`)).data.entries.length;
		expect(
			await test.call(context, { id: '1', name: 'vb', type: 'mttVoiceboxApi', data }),
		).toMatchObject({
			status: 'OK',
		});
		expect(
			await test.call(context, {
				id: '1',
				name: 'vb',
				type: 'mttVoiceboxApi',
				data: { ...data, login: '' },
			}),
		).toEqual({ status: 'Error', message: 'The login is empty' });
		expect((await axios.get(`${sandbox.baseUrl}/_control/log`)).data.entries.length).toBe(before);
	});
});

const good = {
	url: 'https://voicebox.mtt.ru/api/v1/sb',
	login: '5b0c2d3e-8a4f-4c55-9d27-1f0e6a7b8c9d',
	password: 'p@ss:wörd!"%',
};

describe('credential format check (the credential test)', () => {
	it('accepts a well-formed credential and says the first call proves the password', () => {
		const result = checkCredentialFormat(good);
		expect(result.status).toBe('OK');
		expect(result.message).toContain('first call');
	});

	it.each([
		[{ url: 'voicebox.mtt.ru/api/v1/sb' }, 'not an http(s) address'],
		[{ url: 'ftp://voicebox.mtt.ru/' }, 'not an http(s) address'],
		[{ url: 'https://user:pw@voicebox.mtt.ru/api/v1/sb' }, 'not in the URL'],
		[{ login: '' }, 'login is empty'],
		[{ login: ' demo' }, 'starts or ends with a space'],
		[{ login: 'de:mo' }, 'contains ":"'],
		[{ password: '' }, 'password is empty'],
		[{ password: 'line\nbreak' }, 'control character'],
	])('%j → %s', (change, message) => {
		const result = checkCredentialFormat({ ...good, ...change });
		expect(result.status).toBe('Error');
		expect(result.message).toContain(message);
	});

	it('never echoes the password', () => {
		for (const password of ['secret\u0001x', 'p@ss:wörd']) {
			expect(checkCredentialFormat({ ...good, password }).message).not.toContain(password);
		}
	});

	it('is wired as the node credential test: no request-based test that could dial', () => {
		const credential = new MttVoiceboxApi();
		expect((credential as unknown as { test?: unknown }).test).toBeUndefined();
		const node = new MttVoicebox();
		expect(node.description.credentials).toEqual([
			expect.objectContaining({ name: 'mttVoiceboxApi', testedBy: 'mttVoiceboxApiTest' }),
		]);
		expect(typeof node.methods.credentialTest.mttVoiceboxApiTest).toBe('function');
	});

	it('declares no authenticate, so n8n adds no "Custom API Call" to the node', () => {
		// n8n 1.123 / 2.41 LoadNodesAndCredentials.supportsProxyAuth: a credential with `authenticate`, or one
		// extending an OAuth type, makes n8n append "Custom API Call" to the node's resource/operation options.
		// Basic auth is set by the transport (the node tests check the sandbox accepts it).
		const credential = new MttVoiceboxApi() as unknown as {
			authenticate?: unknown;
			extends?: unknown;
		};
		expect(credential.authenticate).toBeUndefined();
		expect(credential.extends).toBeUndefined();
	});
});
