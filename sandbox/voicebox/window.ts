/** Campaign calling windows, read in the campaign's IANA zone (luxon). */
import { DateTime, IANAZone } from 'luxon';

import type { CallingWindow } from './types';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

function minutes(hhmm: string): number {
	const [h, m] = hhmm.split(':').map(Number);
	return h * 60 + m;
}

/** A problem with the window, or undefined when it is usable. */
export function windowProblem(window: CallingWindow): string | undefined {
	if (!HHMM.test(window.from) || window.from === '24:00')
		return `window.from must be HH:mm, got ${window.from}`;
	if (!HHMM.test(window.to)) return `window.to must be HH:mm (or 24:00), got ${window.to}`;
	if (window.from === window.to) return 'window.from and window.to must differ';
	if (!IANAZone.isValidZone(window.timeZone)) return `unknown IANA time zone ${window.timeZone}`;
	const days = window.days;
	if (
		days !== undefined &&
		(!Array.isArray(days) ||
			days.length === 0 ||
			days.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
	) {
		return 'window.days must be ISO weekdays 1 (Monday) … 7 (Sunday)';
	}
	return undefined;
}

export function localTime(nowMs: number, window: CallingWindow): DateTime {
	return DateTime.fromMillis(nowMs, { zone: window.timeZone });
}

function dayAllowed(day: DateTime, window: CallingWindow): boolean {
	return !window.days || window.days.includes(day.weekday);
}

/** True when a call at `nowMs` is inside the window. A window over midnight belongs to the day it opens. */
export function isInsideWindow(nowMs: number, window: CallingWindow): boolean {
	const local = localTime(nowMs, window);
	const t = local.hour * 60 + local.minute;
	const from = minutes(window.from);
	const to = minutes(window.to);
	if (from < to) return t >= from && t < to && dayAllowed(local, window);
	if (t >= from) return dayAllowed(local, window);
	return t < to && dayAllowed(local.minus({ days: 1 }), window);
}

/** The next moment (ms) the window is open: `nowMs` itself when inside. */
export function nextOpening(nowMs: number, window: CallingWindow): number {
	if (isInsideWindow(nowMs, window)) return nowMs;
	const local = localTime(nowMs, window);
	const from = minutes(window.from);
	for (let d = 0; d <= 8; d++) {
		const open = local
			.startOf('day')
			.plus({ days: d })
			.set({ hour: Math.floor(from / 60), minute: from % 60 });
		if (open.toMillis() > nowMs && dayAllowed(open, window)) return open.toMillis();
	}
	throw new Error('the calling window never opens');
}
