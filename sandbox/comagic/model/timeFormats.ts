import { DateTime } from 'luxon';

/**
 * Data API times are `YYYY-MM-DD hh:mm:ss` in the account time zone (inferred: the docs give no zone, get.account
 * gives the account's).
 * Formatting 10,000-row pages through luxon per value is slow, so zone offsets are cached per hour.
 */
const offsetCache = new Map<string, Map<number, number>>();

function offsetMinutes(ms: number, zone: string): number {
	const hour = Math.floor(ms / 3600000);
	let byHour = offsetCache.get(zone);
	if (!byHour) offsetCache.set(zone, (byHour = new Map()));
	let offset = byHour.get(hour);
	if (offset === undefined) {
		offset = DateTime.fromMillis(hour * 3600000, { zone }).offset;
		if (byHour.size > 100000) byHour.clear();
		byHour.set(hour, offset);
	}
	return offset;
}

const TWO = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
const pad = (n: number, w = 2) => (w === 2 && n < 100 ? TWO[n] : String(n).padStart(w, '0'));

/** `YYYY-MM-DD hh:mm:ss` (Data API) in `zone`. */
export function formatDataTime(ms: number, zone: string): string {
	const d = new Date(ms + offsetMinutes(ms, zone) * 60000);
	return (
		d.getUTCFullYear() +
		'-' +
		TWO[d.getUTCMonth() + 1] +
		'-' +
		TWO[d.getUTCDate()] +
		' ' +
		TWO[d.getUTCHours()] +
		':' +
		TWO[d.getUTCMinutes()] +
		':' +
		TWO[d.getUTCSeconds()]
	);
}

/** `YYYY-MM-DDThh:mm:ss.SSS` as the list.calls example shows, zone-less, account time. */
export function formatCallApiTime(ms: number, zone: string): string {
	const d = new Date(ms + offsetMinutes(ms, zone) * 60000);
	return `${formatDataTime(ms, zone).replace(' ', 'T')}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** Notification time `YYYY-MM-DD hh:mm:ss.ffffff`, as public notification receivers parse it. */
export function formatNotificationTime(ms: number, zone: string): string {
	return `${formatDataTime(ms, zone)}.${pad((ms % 1000) * 1000, 6)}`;
}

const DATA_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Parses `YYYY-MM-DD hh:mm:ss` in `zone`; undefined when the text is not exactly that or no such date exists. */
export function parseDataTime(text: unknown, zone: string): DateTime | undefined {
	const m = typeof text === 'string' ? DATA_TIME.exec(text) : null;
	if (!m) return undefined;
	// fromObject reads the same as fromFormat here and is several times faster (every report parses two dates)
	const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
	const dt = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone });
	return dt.isValid ? dt : undefined;
}
