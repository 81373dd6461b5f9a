/**
 * Why the credential test is a format check (nodes/MttVoicebox/methods/credentialTest.ts), shown against the
 * simulator: the only requests that cannot dial are refused with non-2xx statuses, which n8n's request-based
 * credential test always reports as failures, right password or not.
 */
import axios from 'axios';
import { CredentialTestContext } from 'n8n-core';

import { startSandbox, type Sandbox } from '../../sandbox';
import {
	DEFAULT_REMINDER_CAMPAIGN_ID,
	DEFAULT_VOICEBOX_LOGIN,
	DEFAULT_VOICEBOX_PASSWORD,
} from '../../sandbox/voicebox/defaults';
import { MttVoicebox } from '../../nodes/MttVoicebox/MttVoicebox.node';

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
