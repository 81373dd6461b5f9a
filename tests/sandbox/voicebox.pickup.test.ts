/**
 * The seed's clinic scenario posts 4 as soon as the patient picks up, then the answer (1, 2 or 3) for the same call;
 * a 4 stays the last word only when the patient hangs up first; 5 (nobody picked up) comes alone.
 */
import {
	DEFAULT_CALL_DURATION_MS,
	DEFAULT_REMINDER_CAMPAIGN_ID,
} from '../../sandbox/voicebox/defaults';
import {
	Receiver,
	VoiceboxHarness,
	sleep,
	waitUntil,
	useSandboxWithReceiver,
	type CallView,
} from './voicebox.helpers';

const N = '79005556677';
const sandbox = useSandboxWithReceiver();
let vb: VoiceboxHarness;
let rx: Receiver;
beforeEach(() => {
	vb = sandbox.vb();
	rx = sandbox.rx();
});

const BODY = '{"call_id":"{{call_id}}","response":{{response}},"status":"{{status}}"}';
const callback = (cb: Record<string, unknown> = {}) =>
	vb.control('PATCH', `/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`, {
		callback: { url: `${rx.url}/hook`, body: BODY, ...cb },
	});
const script = (outcomes: unknown[]) =>
	vb.control('POST', '/voicebox/script', { number: N, outcomes });
const responses = () => rx.received.map((r) => JSON.parse(r.body).response as number);
/** the call's deliveries once `count` of them have an answer */
async function delivered(count: number, attempt = 1): Promise<CallView> {
	await waitUntil(async () => {
		const call = (await vb.calls(N))[attempt - 1];
		return call?.callbacks.filter((c) => c.status !== undefined || c.lost).length >= count;
	});
	return (await vb.calls(N))[attempt - 1];
}

describe('the seed sequence (default of the reminder campaign)', () => {
	it('the reminder campaign posts 4 at pickup', async () => {
		const { data } = await vb.control('GET', `/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`);
		expect(data.callback).toMatchObject({ pickupStatus: 4 });
	});

	it.each([1, 2, 3])(
		'answer %i: 4 at pickup, then the answer for the same call',
		async (answer) => {
			await callback();
			await script([answer]);
			await vb.control('POST', '/voicebox/config', { durationMs: 80, pickupMs: 10 });
			const { data } = await vb.remind(N);
			const got = await rx.waitFor(2);
			expect(got.map((r) => JSON.parse(r.body))).toEqual([
				{ call_id: data.id, response: 4, status: 'answered' },
				{ call_id: data.id, response: answer, status: 'completed' },
			]);
			const call = await delivered(2);
			expect(call.callbacks.map((c) => c.kind)).toEqual(['pickup', 'final']);
			// the 4 left while the call was still going (sandbox clock, no wall-clock race)
			expect(Date.parse(call.callbacks[0].at)).toBeLessThan(Date.parse(call.completedAt!));
		},
	);

	it('hung up first: the 4 is the only post; nobody picked up: 5 alone', async () => {
		await callback();
		await script([4, 5]);
		await vb.remind(N);
		await delivered(1, 1);
		await vb.remind(N);
		await delivered(1, 2);
		await sleep(60);
		expect(responses()).toEqual([4, 5]);
		expect((await vb.calls(N)).map((c) => [c.outcome, c.callbacks.map((d) => d.kind)])).toEqual([
			[4, ['pickup']],
			[5, ['final']],
		]);
	});

	it('a script per number: hung up on attempt 1, confirmed on attempt 2', async () => {
		await callback();
		await script([4, 1]);
		await vb.remind(N);
		await delivered(1, 1);
		await vb.remind(N);
		await delivered(2, 2);
		await sleep(60);
		expect(responses()).toEqual([4, 4, 1]);
		expect((await vb.calls(N)).map((c) => [c.attempt, c.outcome])).toEqual([
			[1, 4],
			[2, 1],
		]);
	});

	it('a gap per call between the 4 and the answer', async () => {
		await callback();
		await vb.control('POST', '/voicebox/config', { pickupMs: 10 });
		await script([{ outcome: 1, gapMs: 300 }, 2]);
		await vb.remind(N);
		const slow = await delivered(2, 1);
		// on the sandbox clock a timer never fires early: pickup ≥ 10 ms after dialling, the answer ≥ 300 ms after that
		const [pickup, final] = slow.callbacks.map((c) => Date.parse(c.at));
		expect(pickup).toBeLessThan(Date.parse(slow.completedAt!));
		expect(final - Date.parse(slow.placedAt!)).toBeGreaterThanOrEqual(310);
		expect(slow.durationMs).toBe(310);
		await vb.remind(N);
		// the next attempt has no gap of its own: the call's usual length
		const usual = await delivered(2, 2);
		expect(usual.durationMs).toBe(DEFAULT_CALL_DURATION_MS);
	});

	it('refuses a bad script step or pickup status', async () => {
		expect((await script([{ outcome: 6 }])).status).toBe(400);
		expect((await script([{ outcome: 1, gapMs: -5 }])).status).toBe(400);
		expect((await script([{ gapMs: 5 }])).status).toBe(400);
		expect((await callback({ pickupStatus: true })).status).toBe(400);
		expect((await callback({ pickupStatus: { code: 4 } })).status).toBe(400);
	});
});

describe('faults apply to each post', () => {
	it('delay, copies and no Content-Type on both the 4 and the answer', async () => {
		await callback({ delayMs: 30, duplicates: 1, contentType: null });
		await vb.remind(N);
		const call = await delivered(4);
		expect(responses().sort()).toEqual([1, 1, 4, 4]);
		expect(rx.received.every((r) => r.headers['content-type'] === undefined)).toBe(true);
		expect(call.callbacks.map((c) => `${c.kind}${c.copy}`).sort()).toEqual([
			'final0',
			'final1',
			'pickup0',
			'pickup1',
		]);
	});

	it('lose counts each post once: the 4 is lost, the answer still arrives', async () => {
		await callback({ lose: 1 });
		await vb.remind(N);
		const call = await delivered(2);
		expect(call.callbacks.map((c) => [c.kind, c.lost])).toEqual([
			['pickup', true],
			['final', false],
		]);
		expect(responses()).toEqual([1]);
	});
});

describe('other scenarios', () => {
	it('pickupStatus null: only the outcome, after the call (4 included)', async () => {
		await callback({ pickupStatus: null });
		await script([1, 4]);
		await vb.remind(N);
		await delivered(1, 1);
		await vb.remind(N);
		const second = await delivered(1, 2);
		await sleep(60);
		expect(responses()).toEqual([1, 4]);
		expect(Date.parse(second.callbacks[0].at)).toBeGreaterThanOrEqual(
			Date.parse(second.completedAt!),
		);
	});

	it('the old earlyStatus / earlyResponse still work: they set pickupStatus', async () => {
		const pickup = async (cb: Record<string, unknown>) =>
			((await callback(cb)).data.callback as Record<string, unknown>).pickupStatus;
		expect(await pickup({ earlyStatus: false })).toBeNull();
		expect(await pickup({ earlyStatus: true })).toBe(4);
		expect(await pickup({ earlyStatus: true, earlyResponse: 9 })).toBe(9);
		expect(await pickup({ earlyResponse: 7 })).toBe(7);
		const { data } = await vb.control('GET', `/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`);
		expect(data.callback).not.toHaveProperty('earlyStatus');
		expect((await callback({ earlyStatus: true, pickupStatus: 4 })).status).toBe(400);
		await callback({ earlyStatus: true, earlyResponse: 9 });
		await script([5, 1]);
		await vb.remind(N);
		await delivered(1, 1);
		await vb.remind(N);
		await delivered(2, 2);
		expect(responses()).toEqual([5, 9, 1]);
	});
});
