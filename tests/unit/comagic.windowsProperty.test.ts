import { DateTime } from 'luxon';

import { presetRange } from '../../nodes/CoMagic/actions/callLog/period';
import { lookbackRange } from '../../nodes/CoMagic/transport/lookup';
import { splitWindows, windowsBack, type Window } from '../../nodes/CoMagic/transport/windows';
import { RpcError } from '../../sandbox/comagic/jsonrpc/errors';
import { parseInterval } from '../../sandbox/comagic/dataApi/callsReport';

/**
 * Every day of 2024–2028: each window the node would send must pass the sandbox's own date_interval check (the
 * oracle is the simulator's reading of «3 months», not the node's), and the windows of one range must tile it:
 * first from = range start, last till = range end, each next window one second after the previous one.
 */
type Case = [name: string, from: DateTime, till: DateTime, oldestFirst: Window[]];

const FORMAT = 'yyyy-MM-dd HH:mm:ss';

function days(zone: string): DateTime[] {
	const out: DateTime[] = [];
	let day = DateTime.fromObject({ year: 2024, month: 1, day: 1 }, { zone });
	const end = DateTime.fromObject({ year: 2029, month: 1, day: 1 }, { zone });
	for (; day < end; day = day.plus({ days: 1 })) out.push(day);
	return out;
}

/** Wall-clock seconds of a data-time text: the API's own reading, cheap enough for 100,000 windows. */
function wallSeconds(text: string): number {
	const [y, mo, d, h, mi, s] = text.split(/[- :]/).map(Number);
	return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}

function refusal(window: Window, zone: string): string | undefined {
	try {
		parseInterval({ date_from: window.from, date_till: window.till }, zone, 3);
		return undefined;
	} catch (error) {
		return error instanceof RpcError ? error.mnemonic : String(error);
	}
}

function problems([name, from, till, windows]: Case, zone: string): string[] {
	const range = `${name} ${from.toFormat(FORMAT)} → ${till.toFormat(FORMAT)}`;
	if (windows.length === 0) return [`${range}: no windows`];
	const out: string[] = [];
	if (windows[0].from !== from.toFormat(FORMAT)) out.push(`${range}: starts at ${windows[0].from}`);
	if (windows[windows.length - 1].till !== till.toFormat(FORMAT)) out.push(`${range}: ends early`);
	windows.forEach((w, i) => {
		const refused = refusal(w, zone);
		if (refused) out.push(`${range}: ${w.from} → ${w.till} ${refused}`);
		if (i > 0 && wallSeconds(w.from) !== wallSeconds(windows[i - 1].till) + 1) {
			out.push(`${range}: gap or overlap before ${w.from}`);
		}
	});
	return out;
}

function failures(zone: string, times: object[], cases: (at: DateTime) => Case[]): string[] {
	const out: string[] = [];
	for (const day of days(zone)) {
		for (const time of times) {
			for (const c of cases(day.set(time))) out.push(...problems(c, zone));
		}
	}
	return out;
}

const forward = (name: string, range: { from: DateTime; till: DateTime }): Case => [
	name,
	range.from.startOf('second'),
	range.till.startOf('second'),
	splitWindows(range.from, range.till),
];

const backward = (name: string, range: { from: DateTime; till: DateTime }): Case => [
	name,
	range.from.startOf('second'),
	range.till.startOf('second'),
	windowsBack(range.from, range.till).reverse(),
];

const MOSCOW = 'Europe/Moscow';
const MIDNIGHT = { hour: 0, minute: 0, second: 0 };
const MORNING = { hour: 10, minute: 11, second: 24 };
const LAST_SECOND = { hour: 23, minute: 59, second: 59 };
// ~1,800 days × several ranges, each window checked by the sandbox's luxon rule: seconds, not milliseconds
const SLOW = 120000;

describe('report windows on every day of 2024–2028', () => {
	it(
		'Get Many: custom ranges split forward from their start',
		() => {
			const found = failures(MOSCOW, [MIDNIGHT, LAST_SECOND], (start) => [
				forward('+12 months', { from: start, till: start.plus({ months: 12 }) }),
			]);
			expect(found.slice(0, 10)).toEqual([]);
		},
		SLOW,
	);

	it(
		'Get Many: period presets ("last N days", "last month", "this month") at any "now"',
		() => {
			const presets = [
				['lastDays', { days: 400 }],
				['lastMonth', {}],
				['thisMonth', {}],
			] as const;
			const found = failures(MOSCOW, [MORNING], (now) =>
				presets.map(([period, amounts]) =>
					forward(`${period} ${JSON.stringify(amounts)}`, presetRange(period, now, amounts)!),
				),
			);
			expect(found.slice(0, 10)).toEqual([]);
		},
		SLOW,
	);

	it(
		'Get by id and Recording by id: "last N months" walked back from now',
		() => {
			const found = failures(MOSCOW, [MORNING, LAST_SECOND], (now) => [
				backward('last 12 months', lookbackRange(MOSCOW, 12, now)),
			]);
			found.push(
				...failures(MOSCOW, [MIDNIGHT], (now) => [
					backward('last 4 months', lookbackRange(MOSCOW, 4, now)),
				]),
			);
			expect(found.slice(0, 10)).toEqual([]);
		},
		SLOW,
	);

	it(
		'Skip If Already Started: a 100-day lookup walked back from now + 1 minute',
		() => {
			const found = failures(MOSCOW, [MORNING], (now) => [
				backward('2400 hours', {
					from: now.minus({ hours: 2400 }),
					till: now.plus({ minutes: 1 }),
				}),
			]);
			expect(found.slice(0, 10)).toEqual([]);
		},
		SLOW,
	);

	it(
		'an account zone with daylight saving time (Europe/Berlin), both directions',
		() => {
			const zone = 'Europe/Berlin';
			const found = failures(zone, [MORNING], (at) => [
				forward('+12 months', { from: at, till: at.plus({ months: 12 }) }),
				backward('last 12 months', lookbackRange(zone, 12, at)),
			]);
			expect(found.slice(0, 10)).toEqual([]);
		},
		SLOW,
	);
});
