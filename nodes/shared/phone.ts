/**
 * The one place phone numbers are read. Russian numbers as clinics store them → the 11-digit `7XXXXXXXXXX` form both
 * APIs accept (CoMagic wants E.164 without "+", Voicebox wants `7…`); CoMagic also takes other international numbers.
 * Every reader strips the same separators, the Unicode dashes (‐ ‑ ‒ – — ―) that office software types included.
 */
export type PhoneResult = { ok: true; phone: string } | { ok: false; reason: string };

const SEPARATORS = /[\s()\-.\u00a0\u2010-\u2015]/g;

export function normalizeRuPhone(input: unknown): PhoneResult {
	if (input === undefined || input === null || String(input).trim() === '') {
		return { ok: false, reason: 'the phone number is empty' };
	}
	const raw = String(input).trim();
	const compact = raw.replace(SEPARATORS, '');
	if (!/^\+?\d+$/.test(compact)) {
		return {
			ok: false,
			reason: `"${raw}" contains characters that are not part of a phone number`,
		};
	}
	const digits = compact.replace(/^\+/, '');
	const plus = compact.startsWith('+');
	let national: string | undefined;
	if (digits.length === 10 && !plus) national = digits;
	else if (digits.length === 11 && digits.startsWith('7')) national = digits.slice(1);
	else if (digits.length === 11 && digits.startsWith('8') && !plus) national = digits.slice(1);
	if (national === undefined) {
		return {
			ok: false,
			reason: `"${raw}" is not a Russian number: expected 10 digits, or 11 starting with 7 or 8 (e.g. +7 912 345-67-89)`,
		};
	}
	// Russian numbering plan: area codes start with 3, 4, 8 or 9 (no 0, 1, 2, 5, 6, 7)
	if (!/^[3489]/.test(national)) {
		return {
			ok: false,
			reason: `"${raw}" has no valid Russian area code (it must start with 3, 4, 8 or 9 after the country code)`,
		};
	}
	return { ok: true, phone: `7${national}` };
}

/**
 * A number for CoMagic's Call API (E.164 digits, no "+"): Russian numbers in any local spelling are normalised as
 * above; other full international numbers (11–15 digits with the country code, e.g. 77… for Kazakhstan) pass as
 * digits. The reason of a failure is the Russian one, which says what a valid number looks like.
 */
export function normalizePhone(input: unknown): PhoneResult {
	const russian = normalizeRuPhone(input);
	if (russian.ok) return russian;
	const digits = String(input ?? '')
		.trim()
		.replace(SEPARATORS, '')
		.replace(/^\+/, '');
	return /^[1-9]\d{10,14}$/.test(digits) ? { ok: true, phone: digits } : russian;
}

/** Digits only (`+7 (912) 345-67-89` → `79123456789`), or null: webhook payloads are passed on, not validated. */
export function phoneDigits(text: string | null): string | null {
	if (text === null) return null;
	const digits = text.replace(/\D/g, '');
	return digits === '' ? null : digits;
}
