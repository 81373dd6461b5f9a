import { DateTime } from 'luxon';

/** Reports accept at most 3 months between date_from and date_till (reference §3.1). */
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

/**
 * Splits [from, till] into the fewest windows the API accepts: each spans at most `months` calendar months in the
 * account zone, and the next starts one second after the previous ends (date_till is inclusive to the second), so
 * no call is counted twice or skipped.
 */
export function splitWindows(from: DateTime, till: DateTime, months = MAX_WINDOW_MONTHS): Window[] {
	const start = from.startOf('second');
	const end = till.startOf('second');
	if (end < start) return [];
	const windows: Window[] = [];
	let cursor = start;
	while (cursor <= end) {
		const limit = cursor.plus({ months });
		const windowEnd = limit < end ? limit : end;
		windows.push({ from: formatDataTime(cursor), till: formatDataTime(windowEnd) });
		cursor = windowEnd.plus({ seconds: 1 });
	}
	return windows;
}

/** Halves a window by time (for windows with more rows than offset paging can reach). */
export function halveWindow(window: Window, zone: string): Window[] {
	const from = DateTime.fromFormat(window.from, DATA_TIME_FORMAT, { zone });
	const till = DateTime.fromFormat(window.till, DATA_TIME_FORMAT, { zone });
	const seconds = Math.floor(till.diff(from, 'seconds').seconds);
	if (seconds < 1) return [window];
	const middle = from.plus({ seconds: Math.floor(seconds / 2) });
	return [
		{ from: window.from, till: formatDataTime(middle) },
		{ from: formatDataTime(middle.plus({ seconds: 1 })), till: window.till },
	];
}

/** Windows walking back from `till`, newest first, covering `months` in total (lookups by id). */
export function windowsBack(till: DateTime, months: number): Window[] {
	const windows: Window[] = [];
	let end = till.startOf('second');
	const stop = till.minus({ months });
	while (end > stop) {
		const candidate = end.minus({ months: MAX_WINDOW_MONTHS });
		const start = candidate > stop ? candidate : stop;
		windows.push({ from: formatDataTime(start), till: formatDataTime(end) });
		end = start.minus({ seconds: 1 });
	}
	return windows;
}
