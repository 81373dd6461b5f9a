/**
 * Ledger values written as expressions: why a visit cannot be dialled, and the row after a Plan Next Attempt item.
 * (To be replaced by node operations.)
 */
import { normalisePhone } from '../expressions';

/** Why a visit from the clinic system cannot be dialled ('' = it can): no phone, bad phone, zone, past. */
export function visitProblem(phone: string, zone: string, start: string): string {
	return [
		`!String(${phone} ?? '').trim() ? 'no phone number'`,
		`${normalisePhone(phone)} === '' ? 'phone "' + ${phone} + '" is not a Russian number that can be dialled'`,
		`!${zone} ? 'no time zone'`,
		`!$now.setZone(String(${zone})).isValid ? 'unknown time zone "' + ${zone} + '"'`,
		`!(DateTime.fromISO(String(${start} ?? '')).toMillis() > $now.toMillis()) ? 'the visit start "' + ${start} + '" is missing or in the past'`,
		`''`,
	].join(' : ');
}

/** Ledger values after a Plan Next Attempt item ($json): final → done + result pending, else due at the slot. */
export function planValues(extra: Record<string, string>): Record<string, string> {
	const fin = '($json.error || $json.final || !$json.nextAttemptAt)';
	return {
		status: `${fin} ? 'done' : 'due'`,
		outcome: `${fin} ? ($json.final && !$json.error ? $json.outcome : 'unreached') : null`,
		nextAttemptMs: `${fin} ? null : DateTime.fromISO($json.nextAttemptAt).toMillis()`,
		nextAttemptAt: `${fin} ? null : $json.nextAttemptAt`,
		reason: `String($json.error || $json.reason || '')`,
		resultState: `${fin} ? 'pending' : null`,
		...extra,
	};
}
