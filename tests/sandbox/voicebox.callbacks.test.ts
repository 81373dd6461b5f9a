/**
 * Status callbacks = the scenario's HTTPRequest blocks (voicebox-api.md §4.3), received on a loopback server. Tests
 * about one status's delivery turn the pickup status off (`pickupStatus: null`); the seed's pickup-then-answer
 * sequence has its own file (voicebox.pickup.test.ts).
 */
import { OUTBOUND_TIMEOUT } from '../../sandbox/core/types';
import { DEFAULT_REMINDER_CAMPAIGN_ID } from '../../sandbox/voicebox/defaults';
import { heardByN8n, timedOut } from '../../sandbox/voicebox/delivery';
import {
	MOSCOW_NOON,
	Receiver,
	VoiceboxHarness,
	sleep,
	waitUntil,
	useSandboxWithReceiver,
} from './voicebox.helpers';

const N = '79005556677';
const sandbox = useSandboxWithReceiver();
let vb: VoiceboxHarness;
let rx: Receiver;
beforeEach(() => {
	vb = sandbox.vb();
	rx = sandbox.rx();
});

const callback = (cb: Record<string, unknown>) =>
	vb.control('PATCH', `/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`, {
		callback: { url: `${rx.url}/hook`, ...cb },
	});

describe('delivery', () => {
	it('sends nothing until a callback URL is configured', async () => {
		await vb.remind(N);
		await waitUntil(async () => (await vb.calls(N))[0].state === 'completed');
		await sleep(50);
		expect(rx.received).toEqual([]);
		expect((await vb.calls(N))[0].callbacks).toEqual([]);
	});

	it('POSTs the seed body with call_id, number_b, response and guid as application/json', async () => {
		await callback({ pickupStatus: null });
		await vb.control('POST', '/voicebox/script', { number: N, outcomes: [2] });
		const { data } = await vb.remind(N, { guid: 'V20261124-001-1' });
		const [got] = await rx.waitFor(1);
		expect(got.method).toBe('POST');
		expect(got.url).toBe('/hook');
		expect(got.headers['content-type']).toBe('application/json');
		expect(JSON.parse(got.body)).toEqual({
			call_id: data.id,
			number_b: N,
			response: 2,
			guid: 'V20261124-001-1',
		});
		await waitUntil(async () => (await vb.calls(N))[0].callbacks[0]?.status === 200);
		const [call] = await vb.calls(N);
		expect(call.callbacks).toEqual([
			expect.objectContaining({ kind: 'final', copy: 0, lost: false, status: 200, method: 'POST' }),
		]);
		expect(heardByN8n(call.callbacks[0])).toBe(true);
		expect(timedOut(call.callbacks[0])).toBe(false);
		const log = (await vb.control('GET', '/log?module=voicebox')).data.entries;
		expect(log.filter((e) => e.direction === 'out')).toEqual([
			expect.objectContaining({ rpcMethod: 'callback:final', status: 200, url: `${rx.url}/hook` }),
		]);
	});

	it('PUTs a custom raw body, templated path and headers, with no Content-Type at all', async () => {
		await callback({
			url: `${rx.url}/hs/robot/{{guid}}/status?n={{number_b}}`,
			method: 'PUT',
			headers: { Authorization: 'Basic c2VjcmV0', 'X-Call': '{{call_id}}' },
			body: '{"id":"{{call_id}}","code":{{response}},"who":"{{name}}","what":"{{phrase}}","unknown":"{{nope}}"}',
			contentType: null,
			pickupStatus: null,
		});
		const { data } = await vb.remind(N, { guid: 'a b/c' });
		const [got] = await rx.waitFor(1);
		expect(got.method).toBe('PUT');
		expect(got.url).toBe(`/hs/robot/a%20b%2Fc/status?n=${N}`);
		expect(got.headers).not.toHaveProperty('content-type');
		expect(got.headers.authorization).toBe('Basic c2VjcmV0');
		expect(got.headers['x-call']).toBe(data.id);
		expect(JSON.parse(got.body)).toEqual({
			id: data.id,
			code: 1,
			who: 'Валерия Сергеевна',
			what: 'Эндоскопист 4 июня в 11 30',
			unknown: '',
		});
	});

	it('a header named in `headers` wins over contentType', async () => {
		await callback({ headers: { 'content-type': 'text/plain' } });
		await vb.remind(N);
		const [got] = await rx.waitFor(1);
		expect(got.headers['content-type']).toBe('text/plain');
	});

	it('GET carries the values in the URL and sends no body', async () => {
		await callback({
			method: 'GET',
			url: `${rx.url}/hook?call_id={{call_id}}&response={{response}}&guid={{guid}}`,
			pickupStatus: null,
		});
		await vb.control('POST', '/voicebox/script', { number: N, outcomes: [3] });
		const { data } = await vb.remind(N, { guid: 'g-1' });
		const [got] = await rx.waitFor(1);
		expect(got.method).toBe('GET');
		expect(got.url).toBe(`/hook?call_id=${data.id}&response=3&guid=g-1`);
		expect(got.body).toBe('');
	});

	it("sends the pickup status (the seed's 4) while the call goes on, the outcome after it", async () => {
		await callback({
			body: '{"call_id":"{{call_id}}","response":{{response}},"status":"{{status}}"}',
		});
		await vb.control('POST', '/voicebox/config', { durationMs: 80, pickupMs: 10 });
		const { data } = await vb.remind(N);
		const got = await rx.waitFor(2);
		expect(got.map((r) => JSON.parse(r.body))).toEqual([
			{ call_id: data.id, response: 4, status: 'answered' },
			{ call_id: data.id, response: 1, status: 'completed' },
		]);
		// the pickup one left while the call was still going (sandbox clock, no wall-clock race)
		await waitUntil(async () => (await vb.calls(N))[0].callbacks.length === 2);
		const [call] = await vb.calls(N);
		expect(call.callbacks.map((c) => c.kind)).toEqual(['pickup', 'final']);
		expect(Date.parse(call.callbacks[0].at)).toBeLessThan(Date.parse(call.completedAt!));
	});

	it('no pickup status when nobody picks up (5); the old earlyStatus/earlyResponse set it', async () => {
		await callback({ earlyStatus: true, earlyResponse: 9 });
		await vb.control('POST', '/voicebox/script', { number: N, outcomes: [5, 1] });
		await vb.remind(N);
		await rx.waitFor(1);
		await sleep(50);
		expect(rx.received.map((r) => JSON.parse(r.body).response)).toEqual([5]);
		await vb.remind(N);
		await rx.waitFor(3);
		expect(rx.received.map((r) => JSON.parse(r.body).response)).toEqual([5, 9, 1]);
	});

	it('waits delayMs before sending', async () => {
		await callback({ delayMs: 250, pickupStatus: null });
		await vb.remind(N);
		await rx.waitFor(1);
		// both times are on the sandbox clock: a timer never fires early, so this holds under any load
		const [call] = await vb.calls(N);
		const sentAt = Date.parse(call.callbacks[0].at);
		expect(sentAt - Date.parse(call.completedAt!)).toBeGreaterThanOrEqual(249);
	});

	it('records a non-2xx answer of the receiver without retrying (§4.3: no retries)', async () => {
		rx.status = 500;
		await callback({ pickupStatus: null });
		await vb.remind(N);
		await rx.waitFor(1);
		await sleep(100);
		expect(rx.received).toHaveLength(1);
		const [delivery] = (await vb.calls(N))[0].callbacks;
		expect(delivery.status).toBe(500);
		expect(heardByN8n(delivery)).toBe(false);
		expect(timedOut(delivery)).toBe(false);
	});

	it('a post the receiver did not answer in time is recorded as timed out: not heard, and not lost either', () => {
		// the record sendOutbound leaves when its wait runs out (an error, no status)
		const late = { kind: 'final', lost: false, error: OUTBOUND_TIMEOUT } as const;
		expect(heardByN8n(late)).toBe(false);
		expect(timedOut(late)).toBe(true);
		expect(timedOut({ ...late, error: 'connect ECONNREFUSED 127.0.0.1:1' })).toBe(false);
		expect(timedOut({ ...late, lost: true })).toBe(false);
	});
});

describe('faults', () => {
	it('duplicates: N extra copies of each status', async () => {
		await callback({ duplicates: 2 });
		await vb.remind(N);
		const got = await rx.waitFor(6);
		await sleep(50);
		expect(rx.received).toHaveLength(6);
		const responses = got.map((r) => JSON.parse(r.body).response).sort();
		expect(responses).toEqual([1, 1, 1, 4, 4, 4]);
		const copies = (await vb.calls(N))[0].callbacks.map((c) => `${c.kind}${c.copy}`).sort();
		expect(copies).toEqual(['final0', 'final1', 'final2', 'pickup0', 'pickup1', 'pickup2']);
	});

	it('lose: drops the next K statuses, then delivers again; the loss is logged', async () => {
		await callback({ lose: 2, pickupStatus: null });
		for (const n of ['79000000001', '79000000002', '79000000003']) await vb.remind(n);
		await rx.waitFor(1);
		await sleep(80);
		expect(rx.received.map((r) => JSON.parse(r.body).number_b)).toEqual(['79000000003']);
		const calls = await vb.calls();
		expect(calls.map((c) => c.callbacks.map((d) => d.lost))).toEqual([[true], [true], [false]]);
		expect(calls.map((c) => c.callbacks.map(heardByN8n))).toEqual([[false], [false], [true]]);
		const lost = (await vb.control('GET', '/log?module=voicebox')).data.entries.filter(
			(e) => e.error === 'lost (simulated)',
		);
		expect(lost).toHaveLength(2);
	});

	it('loseRate draws from the seeded RNG: reproducible after reset', async () => {
		const run = async (): Promise<boolean[]> => {
			await vb.reset();
			await vb.setClock(MOSCOW_NOON);
			await callback({ loseRate: 0.5, pickupStatus: null });
			await vb.control('POST', '/voicebox/config', { callIdType: 'number' }); // ids do not consume the RNG
			for (let i = 0; i < 12; i++) await vb.remind(`7900000001${i % 10}`);
			await waitUntil(async () => (await vb.calls()).every((c) => c.callbacks.length === 1), 3000);
			return (await vb.calls()).map((c) => c.callbacks[0].lost);
		};
		const first = await run();
		expect(first).toContain(true);
		expect(first).toContain(false);
		expect(await run()).toEqual(first);
	});

	it('replay-callback sends the last status again, also one that was lost', async () => {
		await callback({ lose: 1, pickupStatus: null });
		const { data } = await vb.remind(N);
		await waitUntil(async () => (await vb.calls(N))[0].callbacks.length === 1);
		expect(rx.received).toHaveLength(0);
		const replay = await vb.control('POST', '/voicebox/replay-callback', { callId: data.id });
		expect(replay.status).toBe(200);
		expect(replay.data).toMatchObject({ kind: 'replay', status: 200 });
		const again = await vb.control('POST', '/voicebox/replay-callback', { callId: data.id });
		expect(again.status).toBe(200);
		expect(rx.received.map((r) => JSON.parse(r.body))).toEqual([
			{ call_id: data.id, number_b: N, response: 1, guid: '' },
			{ call_id: data.id, number_b: N, response: 1, guid: '' },
		]);
		expect((await vb.control('POST', '/voicebox/replay-callback', { callId: 'nope' })).status).toBe(
			404,
		);
	});

	it('replay-callback is a 409 before any status was rendered', async () => {
		await callback({ pickupStatus: null });
		await vb.control('POST', '/voicebox/config', { durationMs: 300 });
		const { data } = await vb.remind(N);
		expect(
			(await vb.control('POST', '/voicebox/replay-callback', { callId: data.id })).status,
		).toBe(409);
	});

	it('reset cancels callbacks still waiting on their delay', async () => {
		await callback({ delayMs: 600 });
		await vb.remind(N);
		await waitUntil(async () => (await vb.calls(N))[0].state === 'completed');
		await vb.reset();
		await sleep(800);
		expect(rx.received).toHaveLength(0);
	});
});
