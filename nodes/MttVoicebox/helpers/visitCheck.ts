/**
 * Whether a visit from the clinic system can be dialled, and the phone to dial: what the reminder template used to
 * write as one long expression (its Check visit nodes), now in the node so the template and the node cannot drift.
 * A visit that cannot be dialled is data, not an error: `problem` says why, in the words the ledger keeps.
 */
import { DateTime } from 'luxon';

import { normalizeRuPhone } from '../../shared/phone';
import { isValidZone } from '../../shared/timeZone';

export interface VisitCheckInput {
	/** the phone as mapped (any type: a sheet gives numbers) */
	phone: unknown;
	/** the patient's IANA zone as mapped */
	timeZone: unknown;
	/** ISO 8601 start of the visit as mapped */
	visitStart: unknown;
	now: DateTime;
	/** the zone an ISO start without an offset is read in: the workflow's, as n8n expressions read it */
	defaultZone: string;
}

export interface VisitCheck {
	/** `7XXXXXXXXXX`, or '' when the number cannot be dialled */
	phone: string;
	/** the phone as mapped, as text ('' when missing) */
	phoneAsGiven: string;
	/** '' when the visit can be dialled, else why not */
	problem: string;
}

/** The value as a `'…' + value` concatenation in an expression shows it (`undefined` for a missing field). */
function shown(value: unknown): string {
	return `${value as string}`;
}

/**
 * The checks in the template's order, the first failing one named: no phone, a phone that is not a Russian number
 * that can be dialled, no time zone, an unknown time zone, a start that is missing, unreadable or not in the future.
 */
export function checkVisit(input: VisitCheckInput): VisitCheck {
	const { phone, timeZone, visitStart } = input;
	const normalised = normalizeRuPhone(phone);
	const result = (problem: string): VisitCheck => ({
		phone: normalised.ok ? normalised.phone : '',
		phoneAsGiven: phone === undefined || phone === null ? '' : shown(phone),
		problem,
	});
	if (!String(phone ?? '').trim()) return result('no phone number');
	if (!normalised.ok) {
		return result(`phone "${shown(phone)}" is not a Russian number that can be dialled`);
	}
	if (!timeZone) return result('no time zone');
	if (!isValidZone(String(timeZone))) return result(`unknown time zone "${shown(timeZone)}"`);
	const start = DateTime.fromISO(String(visitStart ?? ''), { zone: input.defaultZone });
	if (!(start.toMillis() > input.now.toMillis())) {
		return result(`the visit start "${shown(visitStart)}" is missing or in the past`);
	}
	return result('');
}
