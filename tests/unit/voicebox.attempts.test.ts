import { DateTime } from 'luxon';

import {
	DEFAULT_POLICY,
	firstSlot,
	isInsideCallingWindow,
	planNextAttempt,
	PolicyError,
	resolvePolicy,
	type AttemptPolicy,
	type CallingWindow,
	type PlanInput,
} from '../../nodes/MttVoicebox/helpers/attempts';
import { seededRandom } from '../../sandbox/core/random';

const utc = (iso: string) => DateTime.fromISO(iso, { setZone: true });

function plan(
	input: Partial<Omit<PlanInput, 'now' | 'visitStart'>> & { now: string; visit?: string },
	policy: Partial<AttemptPolicy> = {},
) {
	return planNextAttempt({
		outcome: 5,
		attemptsMade: 1,
		...input,
		now: utc(input.now),
		visitStart: input.visit ? utc(input.visit) : undefined,
		policy,
	});
}

// Monday 23 Nov 2026
const MON_10_MSK = '2026-11-23T10:00:00+03:00';

describe('final answers and the outcome map', () => {
	it.each([
		[1, 'confirmed'],
		['2', 'cancelled'],
		['operator', 'operator'],
	])('%p stops calling with %s, whatever the attempts and the visit', (outcome, name) => {
		const result = plan({
			outcome,
			attemptsMade: 7,
			now: MON_10_MSK,
			visit: '2026-11-20T10:00:00+03:00',
		});
		expect(result).toMatchObject({
			final: true,
			outcome: name,
			nextAttemptAt: null,
			unknown: false,
		});
	});

	it('plans nothing for an outcome the map lacks (e.g. a code 0 the scenario added), and flags it', () => {
		const result = plan({ outcome: 0, now: MON_10_MSK });
		expect(result).toMatchObject({
			final: false,
			outcome: 'unknown',
			nextAttemptAt: null,
			unknown: true,
			code: 0,
		});
		expect(result.reason).toContain('not in the outcome map');
	});

	it('still retries after a 4 (provisional in the trigger), and says a later answer wins', () => {
		const result = plan({ outcome: 4, now: MON_10_MSK });
		expect(result).toMatchObject({
			final: false,
			outcome: 'hungUpEarly',
			nextAttemptAt: '2026-11-23T11:00:00.000+03:00',
		});
		expect(result.reason).toContain(
			'hungUpEarly is provisional: a later final answer for that call wins',
		);
		expect(plan({ outcome: 5, now: MON_10_MSK }).reason).not.toContain('provisional');
	});

	it('ends as unreached when the policy does not retry the outcome', () => {
		const result = plan({ outcome: 4, now: MON_10_MSK }, { retryOutcomes: [5] });
		expect(result).toMatchObject({
			final: true,
			outcome: 'unreached',
			nextAttemptAt: null,
			code: 4,
		});
	});

	it('accepts retry outcomes by name, any case', () => {
		const result = plan(
			{ outcome: 'hungUpEarly', now: MON_10_MSK },
			{ retryOutcomes: ['HUNGUPEARLY'] },
		);
		expect(result).toMatchObject({ final: false, outcome: 'hungUpEarly' });
	});

	it('uses a custom outcome map', () => {
		const outcomes = [{ code: 9, outcome: 'voicemail', final: false, retryable: true }];
		const result = planNextAttempt({
			outcome: 9,
			attemptsMade: 1,
			now: utc(MON_10_MSK),
			outcomes,
			policy: { retryOutcomes: ['voicemail'] },
		});
		expect(result).toMatchObject({
			final: false,
			outcome: 'voicemail',
			nextAttemptAt: '2026-11-23T11:00:00.000+03:00',
		});
	});
});

describe('attempt limit', () => {
	it.each([
		[1, 3, false],
		[2, 3, false],
		[3, 3, true],
		[4, 3, true],
		[1, 1, true],
		[9, 10, false],
	])('%i made of %i max → final %p', (attemptsMade, maxAttempts, final) => {
		const result = plan({ attemptsMade, now: MON_10_MSK }, { maxAttempts });
		expect(result.final).toBe(final);
		expect(result.attemptsLeft).toBe(Math.max(0, maxAttempts - attemptsMade));
		if (final) expect(result).toMatchObject({ outcome: 'unreached', nextAttemptAt: null });
		if (final) expect(result.reason).toContain('Attempt limit');
	});

	it('never plans more calls than the maximum, over a whole sequence', () => {
		let now = utc(MON_10_MSK);
		let calls = 1;
		for (;;) {
			const result = planNextAttempt({
				outcome: 5,
				attemptsMade: calls,
				now,
				policy: { maxAttempts: 4 },
			});
			if (result.final) break;
			now = utc(result.nextAttemptAt as string);
			calls++;
		}
		expect(calls).toBe(4);
	});

	it('plans the first call with 0 attempts made, ignoring the outcome', () => {
		const result = plan({ outcome: '', attemptsMade: 0, now: '2026-11-23T07:30:00+03:00' });
		expect(result).toMatchObject({
			final: false,
			nextAttemptAt: '2026-11-23T09:00:00.000+03:00',
			attemptsLeft: 3,
		});
		const inside = plan({ outcome: undefined, attemptsMade: 0, now: '2026-11-23T12:00:20+03:00' });
		// inside the window: due at once, not at the next whole minute
		expect(inside.nextAttemptAt).toBe('2026-11-23T12:00:20.000+03:00');
	});
});

describe('interval and calling window (default: weekdays 09–20, weekends 10–20)', () => {
	it.each([
		['inside the window', '2026-11-23T10:00:00+03:00', '2026-11-23T11:00:00.000+03:00'],
		[
			'exactly the interval, to the second',
			'2026-11-23T10:00:30+03:00',
			'2026-11-23T11:00:30.000+03:00',
		],
		['a second before closing', '2026-11-23T18:59:59+03:00', '2026-11-23T19:59:59.000+03:00'],
		[
			'half a minute before opening → the opening',
			'2026-11-23T07:59:30+03:00',
			'2026-11-23T09:00:00.000+03:00',
		],
		['last minute of the window', '2026-11-23T18:59:00+03:00', '2026-11-23T19:59:00.000+03:00'],
		['window closed → next morning', '2026-11-23T19:30:00+03:00', '2026-11-24T09:00:00.000+03:00'],
		[
			'exactly at closing → next morning',
			'2026-11-23T19:00:00+03:00',
			'2026-11-24T09:00:00.000+03:00',
		],
		[
			'Friday evening → Saturday 10:00',
			'2026-11-27T19:30:00+03:00',
			'2026-11-28T10:00:00.000+03:00',
		],
		[
			'Saturday 09:30 → Saturday 10:30',
			'2026-11-28T09:30:00+03:00',
			'2026-11-28T10:30:00.000+03:00',
		],
		['Sunday night → Monday 09:00', '2026-11-29T23:30:00+03:00', '2026-11-30T09:00:00.000+03:00'],
		['early morning → opening', '2026-11-24T03:00:00+03:00', '2026-11-24T09:00:00.000+03:00'],
	])('%s', (_name, now, next) => {
		expect(plan({ now })).toMatchObject({ final: false, outcome: 'noAnswer', nextAttemptAt: next });
	});

	it('counts the interval in elapsed time', () => {
		expect(plan({ now: MON_10_MSK }, { intervalMinutes: 0 }).nextAttemptAt).toBe(
			'2026-11-23T10:00:00.000+03:00',
		);
		expect(plan({ now: MON_10_MSK }, { intervalMinutes: 24 * 60 }).nextAttemptAt).toBe(
			'2026-11-24T10:00:00.000+03:00',
		);
		expect(plan({ now: MON_10_MSK }, { intervalMinutes: 3 * 24 * 60 }).nextAttemptAt).toBe(
			'2026-11-26T10:00:00.000+03:00',
		);
	});

	it('finds a window that opens once a week', () => {
		const windows = [{ days: [3], from: '12:00', to: '13:00' }];
		expect(plan({ now: MON_10_MSK }, { windows }).nextAttemptAt).toBe(
			'2026-11-25T12:00:00.000+03:00',
		);
		// Wednesday 12:30 + 60 min: the next opening is a week later
		expect(plan({ now: '2026-11-25T12:30:00+03:00' }, { windows }).nextAttemptAt).toBe(
			'2026-12-02T12:00:00.000+03:00',
		);
	});

	it('uses the earliest of several windows on one day', () => {
		const windows = [
			{ days: [1], from: '17:00', to: '19:00' },
			{ days: [1], from: '09:00', to: '12:00' },
		];
		expect(plan({ now: '2026-11-23T11:30:00+03:00' }, { windows }).nextAttemptAt).toBe(
			'2026-11-23T17:00:00.000+03:00',
		);
		expect(plan({ now: '2026-11-23T08:00:00+03:00' }, { windows }).nextAttemptAt).toBe(
			'2026-11-23T09:00:00.000+03:00',
		);
	});
});

describe('the visit', () => {
	it('ends as unreached when the visit is past or starting now', () => {
		expect(plan({ now: MON_10_MSK, visit: '2026-11-23T09:00:00+03:00' })).toMatchObject({
			final: true,
			outcome: 'unreached',
			reason: expect.stringContaining('already started or passed'),
		});
		expect(plan({ now: MON_10_MSK, visit: MON_10_MSK }).outcome).toBe('unreached');
	});

	it('plans only up to the last moment before the visit', () => {
		// visit Monday 12:00, stop 60 min before → 11:00 is the latest; +60 from 10:00 is exactly 11:00
		expect(plan({ now: MON_10_MSK, visit: '2026-11-23T12:00:00+03:00' }).nextAttemptAt).toBe(
			'2026-11-23T11:00:00.000+03:00',
		);
		expect(plan({ now: MON_10_MSK, visit: '2026-11-23T11:59:00+03:00' })).toMatchObject({
			final: true,
			outcome: 'unreached',
			reason: expect.stringContaining('No calling window is left'),
		});
	});

	it('ends as unreached when the windows before the visit are all closed', () => {
		// Monday 19:30, visit Tuesday 09:30: Tuesday opens at 09:00 but the last moment is 08:30
		const result = plan({ now: '2026-11-23T19:30:00+03:00', visit: '2026-11-24T09:30:00+03:00' });
		expect(result).toMatchObject({ final: true, outcome: 'unreached', nextAttemptAt: null });
		const closer = plan(
			{ now: '2026-11-23T19:30:00+03:00', visit: '2026-11-24T09:30:00+03:00' },
			{ stopBeforeVisitMinutes: 15 },
		);
		expect(closer.nextAttemptAt).toBe('2026-11-24T09:00:00.000+03:00');
	});

	it('reads the visit in any zone as an instant', () => {
		// 11:00 Moscow = 10:00 Kaliningrad; stop 60 min before → a Kaliningrad attempt at 09:00 at the latest
		const result = plan(
			{ now: '2026-11-23T05:00:00+02:00', visit: '2026-11-23T11:00:00+03:00', attemptsMade: 1 },
			{ timeZone: 'Europe/Kaliningrad' },
		);
		expect(result.nextAttemptAt).toBe('2026-11-23T09:00:00.000+02:00');
	});
});

describe('windows over midnight', () => {
	const night: CallingWindow[] = [{ days: [5], from: '22:00', to: '02:00' }];

	it('belong to the weekday they open on', () => {
		const zone = 'Europe/Moscow';
		expect(isInsideCallingWindow(utc('2026-11-27T23:00:00+03:00'), night, zone)).toBe(true); // Fri 23:00
		expect(isInsideCallingWindow(utc('2026-11-28T01:59:00+03:00'), night, zone)).toBe(true); // Sat 01:59
		expect(isInsideCallingWindow(utc('2026-11-28T02:00:00+03:00'), night, zone)).toBe(false); // Sat 02:00
		expect(isInsideCallingWindow(utc('2026-11-27T01:00:00+03:00'), night, zone)).toBe(false); // Fri 01:00
		expect(isInsideCallingWindow(utc('2026-11-27T21:59:00+03:00'), night, zone)).toBe(false);
	});

	it('plan inside the part after midnight and then wait a week', () => {
		expect(plan({ now: '2026-11-27T23:00:00+03:00' }, { windows: night }).nextAttemptAt).toBe(
			'2026-11-28T00:00:00.000+03:00',
		);
		expect(
			plan({ now: '2026-11-28T01:30:00+03:00' }, { windows: night, intervalMinutes: 20 })
				.nextAttemptAt,
		).toBe('2026-11-28T01:50:00.000+03:00');
		expect(plan({ now: '2026-11-28T01:30:00+03:00' }, { windows: night }).nextAttemptAt).toBe(
			'2026-12-04T22:00:00.000+03:00',
		);
	});

	it("start inside yesterday's window after midnight", () => {
		// planning Saturday 00:10 with no interval: Friday's window is still open
		expect(
			plan({ now: '2026-11-28T00:10:00+03:00', attemptsMade: 0 }, { windows: night }).nextAttemptAt,
		).toBe('2026-11-28T00:10:00.000+03:00');
	});

	it('take 24:00 as midnight', () => {
		const late = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '21:00', to: '24:00' }];
		expect(plan({ now: '2026-11-23T22:30:00+03:00' }, { windows: late }).nextAttemptAt).toBe(
			'2026-11-23T23:30:00.000+03:00',
		);
		expect(plan({ now: '2026-11-23T23:30:00+03:00' }, { windows: late }).nextAttemptAt).toBe(
			'2026-11-24T21:00:00.000+03:00',
		);
	});
});

describe('patient zones from Kaliningrad to Kamchatka', () => {
	// Monday 03:00 UTC: some patients are still asleep, in Kamchatka it is 15:00
	const now = '2026-11-23T03:00:00Z';
	it.each([
		['Europe/Kaliningrad', '2026-11-23T09:00:00.000+02:00'],
		['Europe/Moscow', '2026-11-23T09:00:00.000+03:00'],
		['Europe/Samara', '2026-11-23T09:00:00.000+04:00'],
		['Asia/Yekaterinburg', '2026-11-23T09:00:00.000+05:00'],
		['Asia/Omsk', '2026-11-23T10:00:00.000+06:00'],
		['Asia/Krasnoyarsk', '2026-11-23T11:00:00.000+07:00'],
		['Asia/Irkutsk', '2026-11-23T12:00:00.000+08:00'],
		['Asia/Yakutsk', '2026-11-23T13:00:00.000+09:00'],
		['Asia/Vladivostok', '2026-11-23T14:00:00.000+10:00'],
		['Asia/Magadan', '2026-11-23T15:00:00.000+11:00'],
		['Asia/Kamchatka', '2026-11-23T16:00:00.000+12:00'],
	])('%s → %s', (timeZone, next) => {
		expect(plan({ now }, { timeZone }).nextAttemptAt).toBe(next);
	});

	it('takes the weekday from the patient zone, not from UTC', () => {
		// Sunday 20:30 UTC is Monday 08:30 in Kamchatka: the weekday window (09:00) applies, not Sunday's 10:00
		expect(
			plan({ now: '2026-11-22T20:30:00Z', attemptsMade: 0 }, { timeZone: 'Asia/Kamchatka' })
				.nextAttemptAt,
		).toBe('2026-11-23T09:00:00.000+12:00');
		// Saturday 17:30 UTC is Sunday 05:30 in Kamchatka: the weekend opening at 10:00 applies
		expect(
			plan({ now: '2026-11-28T17:30:00Z', attemptsMade: 0 }, { timeZone: 'Asia/Kamchatka' })
				.nextAttemptAt,
		).toBe('2026-11-29T10:00:00.000+12:00');
	});
});

describe('DST changes', () => {
	it('Europe/London spring forward: a window opening inside the skipped hour opens when the clock jumps', () => {
		// 29 Mar 2026: 01:00 GMT → 02:00 BST; a Sunday window 01:30–02:30 only has 02:00–02:30 BST
		const windows = [{ days: [7], from: '01:30', to: '02:30' }];
		const result = plan(
			{ now: '2026-03-29T00:00:00Z', attemptsMade: 0 },
			{ timeZone: 'Europe/London', windows },
		);
		expect(result.nextAttemptAt).toBe('2026-03-29T02:00:00.000+01:00');
	});

	it('Europe/London spring forward: a window closing inside the skipped hour closes when the clock jumps', () => {
		const windows = [{ days: [7], from: '00:30', to: '01:30' }];
		const open = plan(
			{ now: '2026-03-29T00:40:00Z', attemptsMade: 0 },
			{ timeZone: 'Europe/London', windows },
		);
		expect(open.nextAttemptAt).toBe('2026-03-29T00:40:00.000+00:00');
		// 01:00 GMT becomes 02:00 BST, past 01:30: the window is over for this Sunday
		const closed = plan(
			{ now: '2026-03-29T00:50:00Z' },
			{ timeZone: 'Europe/London', windows, intervalMinutes: 10 },
		);
		expect(closed.nextAttemptAt).toBe('2026-04-05T00:30:00.000+01:00');
	});

	it('Europe/London fall back: the interval is elapsed time, the window is wall-clock time', () => {
		// Saturday 12:00 BST + 24 h = Sunday 11:00 GMT (25 Oct 2026 has 25 hours)
		const result = plan(
			{ now: '2026-10-24T12:00:00+01:00' },
			{ timeZone: 'Europe/London', intervalMinutes: 24 * 60 },
		);
		expect(result.nextAttemptAt).toBe('2026-10-25T11:00:00.000+00:00');
		const evening = plan({ now: '2026-10-24T19:30:00+01:00' }, { timeZone: 'Europe/London' });
		expect(evening.nextAttemptAt).toBe('2026-10-25T10:00:00.000+00:00');
	});

	it('America/New_York spring forward keeps the 09:00 opening', () => {
		const result = plan({ now: '2026-03-07T19:30:00-05:00' }, { timeZone: 'America/New_York' });
		expect(result.nextAttemptAt).toBe('2026-03-08T10:00:00.000-04:00'); // Sunday: weekend window 10:00
	});

	it('Europe/Moscow in 2010 (it still had DST): a night window loses the skipped hour', () => {
		// 28 Mar 2010 02:00 MSK → 03:00 MSD; the Saturday window 22:00–03:00 really ends at the jump
		const windows = [{ days: [6], from: '22:00', to: '03:00' }];
		const policy = { timeZone: 'Europe/Moscow', windows };
		expect(
			plan({ now: '2010-03-27T22:30:00+03:00' }, { ...policy, intervalMinutes: 200 }).nextAttemptAt,
		).toBe('2010-03-28T01:50:00.000+03:00');
		expect(
			plan({ now: '2010-03-27T22:30:00+03:00' }, { ...policy, intervalMinutes: 215 }).nextAttemptAt,
		).toBe('2010-04-03T22:00:00.000+04:00');
	});

	it('Europe/Moscow fall back 2010: the repeated hour is inside a window that covers it', () => {
		// 31 Oct 2010 03:00 MSD → 02:00 MSK; 02:30 happens twice, both inside 02:00–04:00
		const windows = [{ days: [7], from: '02:00', to: '04:00' }];
		const first = plan(
			{ now: '2010-10-30T22:30:00Z', attemptsMade: 0 },
			{ timeZone: 'Europe/Moscow', windows },
		);
		expect(first.nextAttemptAt).toBe('2010-10-31T02:30:00.000+04:00');
		const second = plan(
			{ now: '2010-10-30T23:30:00Z', attemptsMade: 0 },
			{ timeZone: 'Europe/Moscow', windows },
		);
		expect(second.nextAttemptAt).toBe('2010-10-31T02:30:00.000+03:00');
	});
});

describe('policy validation', () => {
	it.each([
		[{ maxAttempts: 0 }, 'Max attempts'],
		[{ maxAttempts: 1.5 }, 'Max attempts'],
		[{ intervalMinutes: -1 }, 'Interval'],
		[{ timeZone: 'MSK' }, '"MSK" is not a time zone'],
		[{ windows: [] }, 'at least one calling window'],
		[{ windows: [{ days: [1], from: '9', to: '20:00' }] }, 'Window 1 from "9"'],
		[{ windows: [{ days: [1], from: '09:00', to: '25:00' }] }, 'Window 1 to "25:00"'],
		[{ windows: [{ days: [1], from: '09:00', to: '09:00' }] }, '00:00 to 24:00'],
		[{ windows: [{ days: [1], from: '24:00', to: '09:00' }] }, 'cannot open at 24:00'],
		[{ windows: [{ days: [0], from: '09:00', to: '10:00' }] }, 'weekdays 1 (Monday)'],
		[{ windows: [{ days: [], from: '09:00', to: '10:00' }] }, 'weekdays 1 (Monday)'],
	])('%j → %s', (policy, message) => {
		expect(() => resolvePolicy(policy as Partial<AttemptPolicy>)).toThrow(PolicyError);
		expect(() => resolvePolicy(policy as Partial<AttemptPolicy>)).toThrow(message);
	});

	it('refuses negative or fractional attempts', () => {
		expect(() => plan({ attemptsMade: -1, now: MON_10_MSK })).toThrow('Attempts made');
		expect(() => plan({ attemptsMade: 1.5, now: MON_10_MSK })).toThrow('Attempts made');
	});

	it('accepts numbers given as text (expressions often return strings)', () => {
		const result = plan(
			{ attemptsMade: '2' as unknown as number, now: MON_10_MSK },
			{
				maxAttempts: '3' as unknown as number,
			},
		);
		expect(result).toMatchObject({ final: false, attemptsMade: 2, attemptsLeft: 1 });
	});

	it('defaults match the reminder ledger', () => {
		expect(DEFAULT_POLICY).toMatchObject({ maxAttempts: 3, retryOutcomes: [4, 5] });
	});
});

describe('properties over random cases', () => {
	const zones = [
		'Europe/Kaliningrad',
		'Europe/Moscow',
		'Asia/Kamchatka',
		'Asia/Yekaterinburg',
		'Europe/London',
		'America/New_York',
		'America/Santiago',
		'Australia/Lord_Howe',
	];
	const hhmm = (m: number) =>
		`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

	function randomCase(next: () => number) {
		const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
		const windows: CallingWindow[] = [];
		const count = 1 + Math.floor(next() * 3);
		for (let k = 0; k < count; k++) {
			const from = Math.floor(next() * 96) * 15;
			let to = Math.floor(next() * 97) * 15;
			if (to === from) to = (from + 60) % 1440;
			const days = [1, 2, 3, 4, 5, 6, 7].filter(() => next() < 0.5);
			windows.push({
				days: days.length ? days : [pick([1, 3, 7])],
				from: hhmm(from),
				to: to === 1440 ? '24:00' : hhmm(to),
			});
		}
		// around the DST changes of 2026 and 2010 on purpose
		const base = pick([
			'2026-03-29T00:00:00Z',
			'2026-10-25T00:00:00Z',
			'2026-03-08T04:00:00Z',
			'2010-03-27T20:00:00Z',
			'2026-04-05T00:00:00Z',
			'2026-07-01T00:00:00Z',
		]);
		const now = utc(base).plus({
			minutes: Math.floor(next() * 3 * 1440) - 1440,
			seconds: Math.floor(next() * 60),
		});
		const visit =
			next() < 0.6 ? now.plus({ minutes: Math.floor(next() * 6 * 1440) - 600 }) : undefined;
		return {
			now,
			visit,
			attemptsMade: Math.floor(next() * 5),
			outcome: pick([1, 2, 3, 4, 5, 0, 'noAnswer']),
			policy: {
				timeZone: pick(zones),
				windows,
				maxAttempts: 1 + Math.floor(next() * 4),
				intervalMinutes: pick([0, 5, 30, 60, 240, 1440]),
				stopBeforeVisitMinutes: pick([0, 30, 60, 180]),
			},
		};
	}

	it('never plans outside the window, before the interval, after the last moment or beyond the maximum', () => {
		const next = seededRandom(20261122);
		let planned = 0;
		for (let n = 0; n < 400; n++) {
			const c = randomCase(next);
			const result = planNextAttempt({ ...c, visitStart: c.visit });
			if (result.nextAttemptAt === null) continue;
			planned++;
			const at = utc(result.nextAttemptAt);
			const context = JSON.stringify({ ...c, result });
			const policy = resolvePolicy(c.policy);
			expect([context, isInsideCallingWindow(at, policy.windows, policy.timeZone)]).toEqual([
				context,
				true,
			]);
			const earliest =
				c.attemptsMade === 0 ? c.now : c.now.plus({ minutes: policy.intervalMinutes });
			expect([context, at >= earliest]).toEqual([context, true]);
			if (c.visit) {
				expect([context, at <= c.visit.minus({ minutes: policy.stopBeforeVisitMinutes })]).toEqual([
					context,
					true,
				]);
			}
			expect([context, c.attemptsMade + 1 <= policy.maxAttempts, result.final]).toEqual([
				context,
				true,
				false,
			]);
			expect(at.offset).toBe(at.setZone(policy.timeZone).offset);
		}
		expect(planned).toBeGreaterThan(50);
	});

	it('plans the earliest moment: the end of the interval when inside a window, else no minute before the slot is', () => {
		// luxon needs ~0.1 ms per step here, so a few dozen cases with gaps under two days
		const next = seededRandom(7);
		let checked = 0;
		for (let n = 0; n < 40; n++) {
			const c = randomCase(next);
			const policy = resolvePolicy(c.policy);
			const earliest = c.now.plus({ minutes: policy.intervalMinutes });
			const slot = firstSlot(earliest, undefined, policy.windows, policy.timeZone);
			if (!slot || slot.diff(earliest, 'days').days > 2) continue;
			checked++;
			const inside = isInsideCallingWindow(earliest, policy.windows, policy.timeZone);
			expect([
				JSON.stringify(c),
				inside ? slot.toMillis() === earliest.toMillis() : slot > earliest,
			]).toEqual([JSON.stringify(c), true]);
			let t =
				earliest.startOf('minute') < earliest
					? earliest.startOf('minute').plus({ minutes: 1 })
					: earliest;
			for (; t < slot; t = t.plus({ minutes: 1 })) {
				expect([
					JSON.stringify(c),
					t.toISO(),
					isInsideCallingWindow(t, policy.windows, policy.timeZone),
				]).toEqual([JSON.stringify(c), t.toISO(), false]);
			}
		}
		expect(checked).toBeGreaterThan(15);
	});
});
