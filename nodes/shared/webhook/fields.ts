import { DateTime } from 'luxon';

import { phoneDigits } from '../phone';

/**
 * Typed readers for webhook fields that arrive as JSON literals, form text or query strings (where `null` may come
 * as the text "null" and lists as "a,b" or repeated keys).
 */
function single(value: unknown): unknown {
	return Array.isArray(value) ? value[0] : value;
}

function isBlank(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value !== 'string') return false;
	const text = value.trim().toLowerCase();
	return text === '' || text === 'null' || text === 'none' || text === 'undefined';
}

export function toNumber(value: unknown): number | null {
	const v = single(value);
	if (isBlank(v)) return null;
	if (typeof v === 'number') return Number.isFinite(v) ? v : null;
	if (typeof v !== 'string') return null;
	const text = v.trim();
	return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

export function toText(value: unknown): string | null {
	const v = single(value);
	if (isBlank(v)) return null;
	if (typeof v === 'string') return v.trim();
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	return null;
}

/** Digits only (`+7 (912) 345-67-89` → `79123456789`), or null. */
export function toPhone(value: unknown): string | null {
	return phoneDigits(toText(value));
}

/** A list from a JSON array, repeated query keys or comma-separated text. */
export function toList(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap((v) => toList(v));
	if (typeof value === 'number') return [String(value)];
	const text = toText(value);
	if (text === null) return [];
	if (text.startsWith('[')) {
		try {
			const parsed: unknown = JSON.parse(text);
			if (Array.isArray(parsed)) return toList(parsed);
		} catch {
			// not JSON: read it as a comma-separated list below
		}
	}
	return text
		.split(',')
		.map((t) => t.trim())
		.filter((t) => t !== '');
}

export function toNumberList(value: unknown): number[] {
	return toList(value)
		.map((t) => toNumber(t))
		.filter((n): n is number => n !== null);
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/**
 * ISO 8601 with offset. Local `YYYY-MM-DD hh:mm:ss[.ffffff]` (CoMagic's format) is read in `zone`; text with an
 * offset keeps its instant; a number is Unix seconds (or milliseconds when that large). Null when unreadable.
 */
export function toIsoTime(value: unknown, zone: string): string | null {
	const v = single(value);
	if (isBlank(v)) return null;
	let time: DateTime | undefined;
	const numeric = toNumber(v);
	if (numeric !== null) {
		time = DateTime.fromMillis(numeric > 1e11 ? numeric : numeric * 1000, { zone });
	} else if (typeof v === 'string') {
		const match = LOCAL_TIME.exec(v.trim());
		if (match) {
			const [, y, mo, d, h, mi, s, frac] = match;
			time = DateTime.fromObject(
				{
					year: Number(y),
					month: Number(mo),
					day: Number(d),
					hour: Number(h),
					minute: Number(mi),
					second: Number(s ?? 0),
					millisecond: frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0,
				},
				{ zone },
			);
		} else {
			time = DateTime.fromISO(v.trim(), { setZone: true });
			if (time.isValid) time = time.setZone(zone);
		}
	}
	if (!time || !time.isValid) return null;
	return time.toISO();
}
