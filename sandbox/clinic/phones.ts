/** Phone numbers in the shapes clinics really store, so the nodes' normaliser meets them. */
import { pick, type Random } from '../core/random';

/** 10 digits after the country code, e.g. 9123456789. */
export type NationalNumber = string;

const SHAPES: ReadonlyArray<(n: NationalNumber) => string> = [
	(n) => `+7 (${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`,
	(n) => `8 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 8)} ${n.slice(8)}`,
	(n) => `8${n}`,
	(n) => `+7${n}`,
	(n) => `7-${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`,
	(n) => `8(${n.slice(0, 3)})${n.slice(3)}`,
];

export function formatPhone(random: Random, national: NationalNumber): string {
	return pick(random, SHAPES)(national);
}

/** A Russian mobile number (9xx) not yet in `taken`. */
export function newMobile(random: Random, taken: Set<string>): NationalNumber {
	for (;;) {
		const national = `9${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
		if (!taken.has(national)) {
			taken.add(national);
			return national;
		}
	}
}

/** Digits a clinic phone reduces to (for uniqueness checks), `7` + 10 digits when it is Russian. */
export function phoneDigits(phone: string): string {
	const digits = phone.replace(/\D/g, '');
	return digits.length === 11 && digits[0] === '8' ? `7${digits.slice(1)}` : digits;
}
