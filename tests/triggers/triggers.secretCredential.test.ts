/**
 * Where the triggers keep their shared secret: version 2 reads it from its credential at every request (rotation
 * applies at once, no secret in the workflow), version 1 still reads the parameter it was saved with.
 */
import { checkSecretStrength, MIN_SECRET_LENGTH } from '../../nodes/shared/webhook/triggerSecret';
import type { WebhookDriver } from '../harness/webhook';
import { comagic, notification, SECRET, voicebox } from './triggers.helpers';

const ROTATED = 'rotated-0f3c9a7d1e5b';

const triggers = [
	{
		name: 'CoMagic Trigger',
		start: comagic,
		credential: 'coMagicTriggerApi',
		label: 'CoMagic Trigger API',
		request: (secret: string) => ({ query: { token: secret }, body: notification('call_finished') }),
	},
	{
		name: 'MTT Voicebox Trigger',
		start: voicebox,
		credential: 'mttVoiceboxTriggerApi',
		label: 'MTT Voicebox Trigger API',
		request: (secret: string) => ({
			headers: { 'X-Webhook-Secret': secret },
			body: { call_id: 'c-1', number_b: '79123456789', response: 1 },
		}),
	},
];

describe.each(triggers)('$name', ({ start, credential, label, request }) => {
	let driver: WebhookDriver | undefined;
	afterEach(async () => {
		await driver?.close();
		driver = undefined;
	});

	it('version 2: the secret comes from the credential, and a changed credential applies at the next request', async () => {
		driver = await start();
		expect(driver.node.typeVersion).toBe(2);
		expect(JSON.stringify(driver.node.parameters)).not.toContain(SECRET);
		expect((await driver.send(request(SECRET))).status).toBe(200);

		// what saving the credential in n8n does: the workflow is not touched or re-activated
		driver.credentialStore[credential] = { secret: ROTATED };
		const old = await driver.send(request(SECRET));
		const rotated = await driver.send(request(ROTATED));
		expect([old.status, rotated.status]).toEqual([401, 200]);
		expect(old.call?.executed).toBe(false);
		expect(JSON.stringify(rotated.call!.items)).not.toContain(ROTATED);
	});

	it('version 2 without a credential: activation refused with what to do, a request gets 500 and starts nothing', async () => {
		driver = await start({ secret: undefined });
		expect(driver.node.credentials).toEqual({});
		const refused = new RegExp(`no ${label} credential is chosen, or its Secret is empty`);
		await expect(driver.lifecycle('create')).rejects.toThrow(refused);
		const res = await driver.send(request(SECRET));
		expect(res.status).toBe(500);
		expect(res.call?.executed).toBe(false);
	});

	it('version 2 with "None": no credential is read, anyone may call', async () => {
		driver = await start({ secretLocation: 'none', secret: undefined });
		expect(await driver.lifecycle('create')).toBe(true);
		expect((await driver.send(request('anything'))).status).toBe(200);
	});

	it('version 1 as saved: still reads its Shared Secret parameter; a credential is not consulted', async () => {
		driver = await start({}, { typeVersion: 1, credentials: { [credential]: { secret: ROTATED } } });
		expect(driver.node.parameters.secret).toBe(SECRET);
		expect(await driver.lifecycle('create')).toBe(true);
		const [right, credentialSecret] = [
			await driver.send(request(SECRET)),
			await driver.send(request(ROTATED)),
		];
		expect([right.status, credentialSecret.status]).toEqual([200, 401]);
	});

	it('version 1 with an empty Shared Secret: activation refused as before', async () => {
		driver = await start({ secret: '' }, { typeVersion: 1 });
		await expect(driver.lifecycle('create')).rejects.toThrow(/shared secret is empty/);
	});
});

describe('the credential test judges the secret itself', () => {
	it.each([
		['', 'Error', /empty/],
		['short-secret', 'Error', new RegExp(`12 characters: use at least ${MIN_SECRET_LENGTH}`)],
		[' padded-secret-0123456789 ', 'Error', /space/],
		['a'.repeat(MIN_SECRET_LENGTH), 'OK', /long enough/],
	])('%j → %s', (secret, status, message) => {
		const result = checkSecretStrength({ secret });
		expect(result.status).toBe(status);
		expect(result.message).toMatch(message);
		// the message never repeats the secret
		if (secret.trim()) expect(result.message).not.toContain(secret.trim());
	});
});
