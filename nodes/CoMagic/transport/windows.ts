import { DateTime } from 'luxon';

/** Reports accept at most 3 months between date_from and date_till (https://comagic.github.io/data_api/). */
export const MAX_WINDOW_MONTHS = 3;

export const DATA_TIME_FORMAT = 'yyyy-MM-dd HH:mm:ss';

export interface Window {
	/** `YYYY-MM-DD hh:mm:ss`, account time, inclusive */
	from: string;
	/** inclusive to the second */
	till: string;
}

export function formatDataTime(dt: DateTime): string {
	return dt.toFormat(DATA_TIME_FORMAT);
}

const DATA_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** `YYYY-MM-DD hh:mm:ss` as a wall-clock time (in UTC, so no DST shift applies). */
function parseDataTime(text: string): DateTime {
	const m = DATA_TIME.exec(text);
	if (!m) return DateTime.invalid('not YYYY-MM-DD hh:mm:ss');
	const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
	return DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: 'UTC' });
}

/** Account-local time as the same wall clock in UTC: calendar arithmetic on exactly what the texts say. */
const wall = (dt: DateTime, zone: DateTime['zone']) =>
	dt.setZone(zone).setZone('UTC', { keepLocalTime: true }).startOf('second');

const toWindow = (from: DateTime, till: DateTime): Window => ({
	from: formatDataTime(from),
	till: formatDataTime(till),
});

/**
 * The 3-month rule as calendar months on the texts the API reads: date_till at most `months` months after
 * date_from. Adding months keeps the day of month and clamps it to a shorter month's last day (30 Nov + 3 months =
 * 28 Feb; 28 Feb + 3 months = 28 May), so «3 months back from 30 May» (28 Feb) is not a window the API accepts:
 * 28 Feb → 30 May is longer. Windows are computed on the wall clock, so no DST change can stretch one.
 */
const fits = (from: DateTime, till: DateTime, months: number) => till <= from.plus({ months });

/**
 * Splits [from, till] into the fewest windows the API accepts, oldest first. Each window steps `months` calendar
 * months forward from its own start (luxon clamps the day like the calendar does), and the next starts one second
 * after the previous ends (date_till is inclusive to the second), so no call is counted twice or skipped.
 */
export function splitWindows(from: DateTime, till: DateTime, months = MAX_WINDOW_MONTHS): Window[] {
	const start = wall(from, from.zone);
	const end = wall(till, from.zone);
	if (end < start) return [];
	const windows: Window[] = [];
	let cursor = start;
	while (cursor <= end) {
		const windowEnd = DateTime.min(cursor.plus({ months }), end);
		windows.push(toWindow(cursor, windowEnd));
		cursor = windowEnd.plus({ seconds: 1 });
	}
	return windows;
}

/** The earliest start from which a window may reach `end` (the calendar rule above, walked backwards). */
function earliestStart(end: DateTime, months: number): DateTime {
	const start = end.minus({ months });
	// end.minus clamped the 29th–31st to a shorter month's last day; from any day of that month `months` months
	// forward falls short of `end`, so the earliest start is the 1st of the next month
	return fits(start, end, months) ? start : start.plus({ months: 1 }).startOf('month');
}

/**
 * Windows walking back from `till` to `from`, newest first (lookups by id stop at the first hit, so a recent call
 * costs one request). Each window is as long as the rule allows and the windows tile [from, till].
 */
export function windowsBack(from: DateTime, till: DateTime, months = MAX_WINDOW_MONTHS): Window[] {
	const stop = wall(from, from.zone);
	let end = wall(till, from.zone);
	const windows: Window[] = [];
	while (end >= stop) {
		let start = DateTime.max(earliestStart(end, months), stop);
		// the rule is not monotonic: 28 Nov and 30 Nov both reach only 28 Feb, so `stop` can fail where an earlier
		// start fits; then this window starts on the 1st of the next month and the rest of stop's month follows
		if (!fits(start, end, months)) start = start.plus({ months: 1 }).startOf('month');
		windows.push(toWindow(start, end));
		end = start.minus({ seconds: 1 });
	}
	return windows;
}

/** Halves a window by time (for windows with more rows than offset paging can reach). */
export function halveWindow(window: Window): Window[] {
	const from = parseDataTime(window.from);
	const till = parseDataTime(window.till);
	const seconds = Math.floor(till.diff(from, 'seconds').seconds);
	if (seconds < 1) return [window];
	const middle = from.plus({ seconds: Math.floor(seconds / 2) });
	return [
		{ from: window.from, till: formatDataTime(middle) },
		{ from: formatDataTime(middle.plus({ seconds: 1 })), till: window.till },
	];
}
