/** Calling window, queue vs reject, «Максимум линий», scripted outcomes and the /_control/phones record. */
import { DEFAULT_REMINDER_CAMPAIGN_ID } from '../../sandbox/voicebox/defaults';
import {
	MOSCOW_LATE,
	MOSCOW_NOON,
	TUESDAY_OPENING,
	VoiceboxHarness,
	sleep,
	waitUntil,
} from './voicebox.helpers';

let vb: VoiceboxHarness;
const N = '79001112233';

beforeAll(async () => {
	vb = await VoiceboxHarness.start();
});
afterAll(() => vb.stop());
beforeEach(() => vb.reset());

const patchReminder = (body: unknown) =>
	vb.control('PATCH', `/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`, body);
const completed = (number: string, count: number) =>
	waitUntil(
		async () => (await vb.calls(number)).filter((c) => c.state === 'completed').length >= count,
		3000,
		`${count} completed calls`,
	);

describe('calling window (Europe/Moscow 09:00–21:00 by default)', () => {
	it('dials at once inside the window and records the attempt with its local time', async () => {
		await vb.setClock(MOSCOW_NOON);
		const { data } = await vb.remind(N);
		const phones = await vb.phones();
		expect(phones[N]).toEqual([
			{
				source: 'voicebox',
				outsideWindow: false,
				localTime: expect.stringMatching(/^2026-11-23T12:00:0\d\.\d{3}\+03:00$/),
				ref: data.id,
				at: expect.any(String),
			},
		]);
	});

	it('queues outside the window and dials at the next opening, never before', async () => {
		await vb.setClock(MOSCOW_LATE);
		const res = await vb.remind(N);
		expect(res.status).toBe(200);
		await sleep(80); // several poll ticks
		const [queued] = await vb.calls(N);
		expect(queued).toMatchObject({
			state: 'queued',
			queuedBecause: 'window',
			notBefore: TUESDAY_OPENING,
		});
		expect(await vb.phones()).toEqual({});
		await vb.setClock('2026-11-24T05:59:00.000Z'); // 08:59 local: still closed
		await sleep(60);
		expect((await vb.calls(N))[0].state).toBe('queued');
		await vb.setClock(TUESDAY_OPENING);
		await waitUntil(
			async () => (await vb.phones())[N]?.length === 1,
			2000,
			'the queued call to be dialled',
		);
		const [attempt] = (await vb.phones())[N];
		expect(attempt.outsideWindow).toBe(false);
		expect(attempt.localTime).toMatch(/^2026-11-24T09:00:/);
		const [placed] = await vb.calls(N);
		expect(Date.parse(placed.placedAt!)).toBeGreaterThanOrEqual(Date.parse(TUESDAY_OPENING));
	});

	it('never dials a queued call when the clock jumps past the whole next window', async () => {
		await vb.setClock(MOSCOW_LATE);
		await vb.remind(N);
		await vb.setClock('2026-11-24T19:00:00.000Z'); // Tuesday 22:00 local: the Tuesday window came and went
		await sleep(80);
		const [call] = await vb.calls(N);
		expect(call).toMatchObject({ state: 'queued', notBefore: '2026-11-25T06:00:00.000Z' });
		expect(await vb.phones()).toEqual({});
	});

	it('rejects outside the window with the configured status when the campaign says reject', async () => {
		await patchReminder({ outsideWindow: 'reject' });
		await vb.setClock(MOSCOW_LATE);
		const res = await vb.remind(N);
		expect([res.status, res.data]).toEqual([403, '']);
		await vb.control('POST', '/voicebox/config', { statuses: { outsideWindow: 425 } });
		expect((await vb.remind(N)).status).toBe(425);
		expect(await vb.calls()).toEqual([]);
		await vb.setClock(MOSCOW_NOON);
		expect((await vb.remind(N)).status).toBe(200);
	});

	it('a misconfigured campaign (place) dials anyway and the attempt is flagged outsideWindow', async () => {
		await patchReminder({ outsideWindow: 'place' });
		await vb.setClock(MOSCOW_LATE);
		const { data } = await vb.remind(N);
		const [attempt] = (await vb.phones())[N];
		expect(attempt).toMatchObject({
			outsideWindow: true,
			ref: data.id,
			localTime: expect.stringMatching(/^2026-11-23T22:30:/),
		});
	});

	it('reads the window in the campaign zone (Kamchatka, UTC+12)', async () => {
		await patchReminder({
			window: { from: '09:00', to: '21:00', timeZone: 'Asia/Kamchatka' },
			outsideWindow: 'reject',
		});
		await vb.setClock(MOSCOW_NOON); // 21:00 in Petropavlovsk: `to` is exclusive
		expect((await vb.remind(N)).status).toBe(403);
		await vb.setClock('2026-11-23T08:59:00.000Z'); // 20:59 there
		expect((await vb.remind(N)).status).toBe(200);
		expect((await vb.phones())[N][0].localTime).toMatch(/^2026-11-23T20:59:.*\+12:00$/);
	});

	it('honours weekdays and windows over midnight', async () => {
		await patchReminder({
			window: { from: '20:00', to: '02:00', timeZone: 'Europe/Moscow', days: [1, 2, 3, 4, 5] },
			outsideWindow: 'reject',
		});
		await vb.setClock(MOSCOW_LATE); // Monday 22:30
		expect((await vb.remind(N)).status).toBe(200);
		await vb.setClock('2026-11-23T22:30:00.000Z'); // Tuesday 01:30, opened Monday
		expect((await vb.remind(N)).status).toBe(200);
		await vb.setClock(MOSCOW_NOON);
		expect((await vb.remind(N)).status).toBe(403);
		await vb.setClock('2026-11-28T18:00:00.000Z'); // Saturday 21:00
		expect((await vb.remind(N)).status).toBe(403);
		await vb.setClock('2026-11-28T22:30:00.000Z'); // Sunday 01:30, opened on Saturday
		expect((await vb.remind(N)).status).toBe(403);
	});

	it('queues a weekend request until Monday opening', async () => {
		await patchReminder({
			window: { from: '09:00', to: '21:00', timeZone: 'Europe/Moscow', days: [1, 2, 3, 4, 5] },
		});
		await vb.setClock('2026-11-28T09:00:00.000Z'); // Saturday noon
		await vb.remind(N);
		expect((await vb.calls(N))[0].notBefore).toBe('2026-11-30T06:00:00.000Z');
	});
});

describe('max lines', () => {
	beforeEach(async () => {
		await vb.setClock(MOSCOW_NOON);
		await vb.control('POST', '/voicebox/config', { durationMs: 600 });
	});

	it('queues calls over the limit and dials them as lines free up', async () => {
		await patchReminder({ maxLines: 2 });
		const ids = [];
		for (const n of ['79000000001', '79000000002', '79000000003'])
			ids.push((await vb.remind(n)).data.id);
		let calls = await vb.calls();
		expect(calls.map((c) => c.state)).toEqual(['in_progress', 'in_progress', 'queued']);
		expect(calls[2].queuedBecause).toBe('lines');
		expect(await vb.phones()).not.toHaveProperty('79000000003');
		await waitUntil(
			async () => (await vb.calls()).every((c) => c.state === 'completed'),
			3000,
			'all calls',
		);
		calls = await vb.calls();
		expect(Date.parse(calls[2].placedAt!)).toBeGreaterThanOrEqual(
			Date.parse(calls[0].completedAt!),
		);
		expect(Object.keys(await vb.phones()).sort()).toEqual([
			'79000000001',
			'79000000002',
			'79000000003',
		]);
	});

	it('answers 429 over the limit when the campaign says reject', async () => {
		await patchReminder({ maxLines: 1, overLines: 'reject' });
		expect((await vb.remind('79000000001')).status).toBe(200);
		const res = await vb.remind('79000000002');
		expect([res.status, res.data]).toEqual([429, '']);
		await completed('79000000001', 1);
		expect((await vb.remind('79000000002')).status).toBe(200);
	});
});

describe('scripted outcomes', () => {
	beforeEach(() => vb.setClock(MOSCOW_NOON));

	it('plays the script attempt by attempt, then the default outcome', async () => {
		const set = await vb.control('POST', '/voicebox/script', {
			number: N,
			outcomes: [5, 5, 1],
			durationMs: 5,
		});
		expect(set.status).toBe(200);
		for (let i = 1; i <= 4; i++) {
			await vb.remind(N);
			await completed(N, i);
		}
		await vb.control('POST', '/voicebox/config', { defaultOutcome: 4 });
		await vb.remind(N);
		await completed(N, 5);
		const calls = await vb.calls(N);
		expect(calls.map((c) => [c.attempt, c.outcome, c.durationMs])).toEqual([
			[1, 5, 5],
			[2, 5, 5],
			[3, 1, 5],
			[4, 1, 5],
			[5, 4, 5],
		]);
		// every dial is one phone attempt, each referring to its call
		expect((await vb.phones())[N].map((a) => a.ref)).toEqual(calls.map((c) => c.id));
	});

	it('a script is per number and restarts when set again', async () => {
		await vb.control('POST', '/voicebox/script', { number: N, outcomes: [2] });
		await vb.remind('79000000009');
		await vb.remind(N);
		await completed(N, 1);
		await vb.control('POST', '/voicebox/script', { number: N, outcomes: [3] });
		await vb.remind(N);
		await completed(N, 2);
		expect((await vb.calls(N)).map((c) => c.outcome)).toEqual([2, 3]);
		expect((await vb.calls('79000000009'))[0].outcome).toBe(1);
		expect(Object.keys((await vb.control('GET', '/voicebox/script')).data)).toEqual([N]);
	});

	it('refuses a bad script', async () => {
		expect(
			(await vb.control('POST', '/voicebox/script', { number: N, outcomes: [6] })).status,
		).toBe(400);
		expect((await vb.control('POST', '/voicebox/script', { number: N, outcomes: 1 })).status).toBe(
			400,
		);
		expect((await vb.control('POST', '/voicebox/script', { outcomes: [1] })).status).toBe(400);
		expect(
			(await vb.control('POST', '/voicebox/script', { number: N, outcomes: [1], durationMs: -1 }))
				.status,
		).toBe(400);
	});
});
