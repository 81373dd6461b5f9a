/** `date`/`for` query values → a local calendar date. */
import { DateTime } from 'luxon';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 'today' | 'tomorrow' (in the clinic's zone at the sandbox clock) | YYYY-MM-DD; undefined when invalid. */
export function resolveDate(value: string, nowMs: number, clinicZone: string): string | undefined {
	const today = DateTime.fromMillis(nowMs, { zone: clinicZone });
	if (value === 'today') return today.toISODate() ?? undefined;
	if (value === 'tomorrow') return today.plus({ days: 1 }).toISODate() ?? undefined;
	if (!ISO_DATE.test(value) || !DateTime.fromISO(value).isValid) return undefined;
	return value;
}

/** The visit's calendar date in its own (the patient's) zone: its ISO string already carries that offset. */
export function localDate(startAt: string): string {
	return startAt.slice(0, 10);
}
