/** Shapes of the clinic appointments simulator. */

export type VisitStatus = 'scheduled' | 'confirmed' | 'cancelled' | 'completed' | 'no_show';

/** What a reminder run ended with, as the ledger writes it back (ARCHITECTURE.md, The reminder ledger). */
export type ReminderOutcome =
	| 'confirmed'
	| 'cancelled'
	| 'operator'
	| 'hung_up'
	| 'no_answer'
	| 'unreached'
	| 'failed';

export interface ReminderResult {
	outcome: ReminderOutcome;
	code: number | null;
	attempts: number;
	callId: string | null;
	note: string | null;
	/** a final result closes the reminder; hung_up/no_answer are progress reports */
	final: boolean;
	at: string;
}

export interface Patient {
	fullName: string;
	surname: string;
	firstName: string;
	patronymic: string;
	gender: 'male' | 'female';
}

export interface Visit {
	id: string;
	patient: Patient;
	/** as the clinic stored it: `+7 (912) 345-67-89`, `8 912 345 67 89`, … */
	phone: string;
	/** the patient's IANA zone (Kaliningrad … Kamchatka) */
	timeZone: string;
	/** Russian, e.g. «Эндоскопист» */
	specialty: string;
	doctor: string;
	/** ISO with the patient's offset */
	startAt: string;
	durationMin: number;
	status: VisitStatus;
	reminder: ReminderResult | null;
	/** set for unreached/failed: staff must call; the visit is never cancelled for it */
	staffFollowUp: boolean;
	updatedAt: string;
}

/** One POST …/reminder-result as the clinic system saw it. */
export interface WriteRequest {
	seq: number;
	at: string;
	visitId: string;
	/** the HTTP status it was answered with */
	status: number;
}

export interface WrittenResult {
	seq: number;
	at: string;
	visitId: string;
	outcome: ReminderOutcome;
	code: number | null;
	attempts: number;
	callId: string | null;
	note: string | null;
	/** the same result posted again: nothing changed */
	duplicate: boolean;
	statusBefore: VisitStatus;
	statusAfter: VisitStatus;
}
