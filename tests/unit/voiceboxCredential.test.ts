import { MttVoiceboxApi } from '../../credentials/MttVoiceboxApi.credentials';
import { MttVoicebox } from '../../nodes/MttVoicebox/MttVoicebox.node';
import { checkCredentialFormat } from '../../nodes/MttVoicebox/methods/credentialTest';
import { describeStatus } from '../../nodes/MttVoicebox/transport/voiceboxApi';

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

describe('status → message', () => {
	it.each([
		[401, 'login or password', 'campaign page'],
		[403, 'refused', 'balance'],
		[402, 'refused', 'balance'],
		[404, 'Campaign not found or not launched by HTTP request', 'launch type'],
		[400, 'number or the variables', 'scenario declares'],
		[422, 'number or the variables', '11 digits'],
		[415, 'request format', 'credential URL'],
		[429, 'busy or unavailable', 'does not retry'],
		[500, 'busy or unavailable', 'does not retry'],
		[503, 'busy or unavailable', 'ring the patient twice'],
		[418, 'HTTP 418', 'Unexpected'],
	])('%i', (status, message, hint) => {
		const text = describeStatus(status);
		expect(text.message).toContain(message);
		expect(text.message).toContain(String(status));
		expect(text.description).toContain(hint);
	});
});
