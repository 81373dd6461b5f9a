/** Deterministic visits for one day: same seed and date, same patients. */
import { DateTime } from 'luxon';

import { DOCTORS, FEMALE, MALE, RUSSIAN_ZONES } from './catalog';
import { formatPhone, newMobile } from './phones';
import { pick, type Random } from '../core/random';
import type { Visit, VisitStatus } from './types';

export interface SeedRequest {
	count: number;
	/** YYYY-MM-DD, the visits' local date */
	date: string;
	/** visits whose phone is a landline without a city code, for the nodes' error path */
	invalidPhones?: number;
}

/** Mostly still to be reminded; a few already handled by the front desk. */
function seededStatus(random: Random): VisitStatus {
	const r = random();
	if (r < 0.1) return 'cancelled';
	if (r < 0.2) return 'confirmed';
	return 'scheduled';
}

export function visitId(date: string, index: number): string {
	return `V${date.replace(/-/g, '')}-${String(index).padStart(3, '0')}`;
}

export function generateVisits(
	random: Random,
	request: SeedRequest,
	firstIndex: number,
	takenPhones: Set<string>,
	nowIso: string,
): Visit[] {
	const visits: Visit[] = [];
	for (let i = 0; i < request.count; i++) {
		const gender = random() < 0.55 ? 'female' : 'male';
		const names = gender === 'female' ? FEMALE : MALE;
		const surname = pick(random, names.surnames);
		const firstName = pick(random, names.firstNames);
		const patronymic = pick(random, names.patronymics);
		const timeZone = pick(random, RUSSIAN_ZONES);
		const { specialty, doctor } = pick(random, DOCTORS);
		// half-hour slots 08:00–19:30 local
		const slot = Math.floor(random() * 24);
		const start = DateTime.fromISO(request.date, { zone: timeZone }).set({
			hour: 8 + Math.floor(slot / 2),
			minute: (slot % 2) * 30,
		});
		const invalid = i < (request.invalidPhones ?? 0);
		const phone = invalid
			? `${String(200 + Math.floor(random() * 700))}-${String(Math.floor(random() * 100)).padStart(2, '0')}-${String(Math.floor(random() * 100)).padStart(2, '0')}`
			: formatPhone(random, newMobile(random, takenPhones));
		visits.push({
			id: visitId(request.date, firstIndex + i),
			patient: {
				fullName: `${surname} ${firstName} ${patronymic}`,
				surname,
				firstName,
				patronymic,
				gender,
			},
			phone,
			timeZone,
			specialty,
			doctor,
			startAt: start.toISO({ suppressMilliseconds: true }) ?? '',
			durationMin: 30,
			status: seededStatus(random),
			reminder: null,
			staffFollowUp: false,
			updatedAt: nowIso,
		});
	}
	return visits;
}
