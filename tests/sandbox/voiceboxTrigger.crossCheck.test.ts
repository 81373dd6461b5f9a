/**
 * The MTT Voicebox Trigger against the status callbacks the sandbox's scenario HTTP blocks really send (no
 * Content-Type, duplicated deliveries, the seed's 4 at pickup before the answer, GET/PUT).
 */
import { rawBodyTemplate } from '../../nodes/MttVoicebox/trigger/blockSettings';
import { DEFAULT_REMINDER_CAMPAIGN_ID } from '../../sandbox/voicebox/defaults';
import type { WebhookDriver } from '../harness/webhook';
import { MOSCOW_NOON, VoiceboxHarness, waitUntil } from './voicebox.helpers';
import { SECRET, voicebox } from '../triggers/triggers.helpers';

describe('Voicebox sandbox callbacks → MTT Voicebox Trigger', () => {
	let vb: VoiceboxHarness;
	let driver: WebhookDriver;
	const N = '79005556677';

	beforeAll(async () => {
		vb = await VoiceboxHarness.start();
	});
	afterAll(async () => {
		await vb.stop();
	});
	beforeEach(async () => {
		await vb.reset();
		await vb.setClock(MOSCOW_NOON);
		driver = await voicebox();
	});
	afterEach(async () => driver.close());

	const configure = (cb: Record<string, unknown>) =>
		vb.control('PATCH', `/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`, {
			callback: { url: driver.url, headers: { 'X-Webhook-Secret': SECRET }, ...cb },
		});

	it('no Content-Type, three copies of the pickup 4 and the answer: two executions, the 4 provisional', async () => {
		await configure({
			contentType: null,
			duplicates: 2,
			body: rawBodyTemplate('{{response}}'),
		});
		await vb.control('POST', '/voicebox/script', { number: N, outcomes: [1] });
		const { data } = await vb.remind(N, { guid: 'visit-9-1' });
		await waitUntil(() => driver.calls.length >= 6, 3000, 'six callbacks');
		const executed = driver.calls.filter((c) => c.executed).map((c) => c.items[0].json);
		expect(executed).toEqual([
			expect.objectContaining({
				callId: String(data.id),
				numberB: N,
				guid: 'visit-9-1',
				code: 4,
				outcome: 'hungUpEarly',
				final: false,
				retryable: false,
				provisional: true,
			}),
			expect.objectContaining({
				callId: String(data.id),
				code: 1,
				outcome: 'confirmed',
				final: true,
				provisional: false,
			}),
		]);
		expect(driver.calls.every((c) => c.nodeRan && !c.thrown)).toBe(true);
	});

	it('hung up on attempt 1, confirmed on attempt 2: a lone provisional 4, then 4 and the answer', async () => {
		await configure({});
		await vb.control('POST', '/voicebox/script', { number: N, outcomes: [4, 1] });
		await vb.remind(N, { guid: 'visit-9-1' });
		await waitUntil(() => driver.calls.length >= 1, 3000, 'the first attempt');
		await vb.remind(N, { guid: 'visit-9-2' });
		await waitUntil(() => driver.calls.length >= 3, 3000, 'the second attempt');
		const seen = driver.calls.map((c) => c.items[0].json);
		expect(seen.map((j) => [j.guid, j.code, j.provisional, j.final])).toEqual([
			['visit-9-1', 4, true, false],
			['visit-9-2', 4, true, false],
			['visit-9-2', 1, false, true],
		]);
		// nothing in the trigger's output asks for a retry: the ledger decides once no answer came
		expect(seen.some((j) => j.retryable)).toBe(false);
	});

	it.each(['POST', 'PUT'])(
		"%s with the simulator's default body and JSON Content-Type",
		async (method) => {
			await configure({ method });
			await vb.control('POST', '/voicebox/script', { number: N, outcomes: [5] });
			await vb.remind(N);
			await waitUntil(() => driver.calls.length >= 1, 3000, 'a callback');
			expect(driver.calls[0].items[0].json).toMatchObject({
				numberB: N,
				code: 5,
				outcome: 'noAnswer',
				retryable: true,
			});
		},
	);

	it('GET with the values in the query', async () => {
		await configure({
			method: 'GET',
			url: `${driver.url}?call_id={{call_id}}&response={{response}}&guid={{guid}}`,
		});
		await vb.control('POST', '/voicebox/script', { number: N, outcomes: [2] });
		await vb.remind(N, { guid: 'g-7' });
		await waitUntil(() => driver.calls.length >= 2, 3000, 'the 4 and the answer');
		expect(driver.calls.map((c) => c.items[0].json.code)).toEqual([4, 2]);
		expect(driver.calls[1].items[0].json).toMatchObject({
			guid: 'g-7',
			code: 2,
			outcome: 'cancelled',
		});
	});

	it('a block without the secret header is refused with 401 and starts nothing', async () => {
		await configure({ headers: {} });
		await vb.remind(N);
		await waitUntil(() => driver.calls.length >= 1, 3000, 'a callback');
		expect(driver.calls[0].executed).toBe(false);
		await waitUntil(
			async () => (await vb.calls(N))[0].callbacks[0]?.status !== undefined,
			3000,
			'status',
		);
		expect((await vb.calls(N))[0].callbacks[0].status).toBe(401);
	});
});
