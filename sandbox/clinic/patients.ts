/**
 * Patients by phone, as a clinic system knows them: the visits stored under a number (in whatever shape the front
 * desk typed it) are one patient; the next visit is the earliest one still ahead and not cancelled.
 */
import { defaultAdministrator, findAdministrator, type Administrator } from './administrators';
import { phoneDigits } from './phones';
import type { ClinicState } from './state';
import type { Patient, Visit } from './types';

export interface PatientCard {
	/** the number as asked, reduced to `7XXXXXXXXXX` */
	phone: string;
	patient: Patient;
	nextVisit: Pick<Visit, 'id' | 'startAt' | 'timeZone' | 'specialty' | 'doctor' | 'status'> | null;
	administrator: Administrator | null;
}

/** A number in any stored shape → `7` + 10 digits, or '' when it is not a Russian number. */
export function lookupKey(phone: string): string {
	const digits = phoneDigits(phone);
	if (digits.length === 10) return `7${digits}`;
	return digits.length === 11 && digits[0] === '7' ? digits : '';
}

export function administratorOf(state: ClinicState, key: string): Administrator | null {
	if (!state.administratorOverrides.has(key)) return defaultAdministrator(key);
	const id = state.administratorOverrides.get(key);
	return id ? (findAdministrator(id) ?? null) : null;
}

export function findPatient(
	state: ClinicState,
	phone: string,
	nowMs: number,
): PatientCard | undefined {
	const key = lookupKey(phone);
	if (!key) return undefined;
	const visits = state.sorted().filter((v) => lookupKey(v.phone) === key);
	if (visits.length === 0) return undefined;
	const ahead = visits.filter(
		(v) => Date.parse(v.startAt) > nowMs && (v.status === 'scheduled' || v.status === 'confirmed'),
	);
	const next = ahead[0];
	return {
		phone: key,
		// the record of the visit the call is most likely about; else the latest one
		patient: (next ?? visits[visits.length - 1]).patient,
		nextVisit: next
			? {
					id: next.id,
					startAt: next.startAt,
					timeZone: next.timeZone,
					specialty: next.specialty,
					doctor: next.doctor,
					status: next.status,
				}
			: null,
		administrator: administratorOf(state, key),
	};
}
