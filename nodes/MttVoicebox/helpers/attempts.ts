/**
 * When to call a patient again (the reminder ledger of the templates): an answer stops the calls; "hung up" / "no answer"
 * below the limit plans the next attempt after the interval, inside the calling window of the patient's own zone and
 * before the visit; anything else ends as `unreached` so staff can take over. Pure: `now` is an input.
 */
import { DateTime } from 'luxon';

import { isValidZone } from '../../shared/timeZone';
import { classifyOutcome, DEFAULT_OUTCOMES, type OutcomeRule } from './outcomes';

export interface CallingWindow {
	/** ISO weekdays (1 = Monday … 7 = Sunday) the window opens on */
	days: number[];
	/** HH:mm local time, inclusive */
	from: string;
	/** HH:mm local time, exclusive; earlier than `from` = closes the next day; '24:00' = midnight */
	to: string;
}

export interface AttemptPolicy {
	/** calls in total, the first one included */
	maxAttempts: number;
	/** outcome codes or names that may be retried; final answers (confirmed, cancelled, operator) never are */
	retryOutcomes: Array<string | number>;
	intervalMinutes: number;
	windows: CallingWindow[];
	/** IANA zone of the patient; windows are read in it */
	timeZone: string;
	/** no attempt starts later than this many minutes before the visit */
	stopBeforeVisitMinutes: number;
}

export const DEFAULT_POLICY: AttemptPolicy = {
	maxAttempts: 3,
	retryOutcomes: [4, 5],
	intervalMinutes: 60,
	windows: [
		{ days: [1, 2, 3, 4, 5], from: '09:00', to: '20:00' },
		{ days: [6, 7], from: '10:00', to: '20:00' },
	],
	timeZone: 'Europe/Moscow',
	stopBeforeVisitMinutes: 60,
};

export interface PlanInput {
	/** code or name of the last call's outcome; ignored when no call was made yet */
	outcome?: unknown;
	/** calls placed so far, the one that produced `outcome` included; 0 plans the first call */
	attemptsMade: number;
	now: DateTime;
	visitStart?: DateTime;
	policy?: Partial<AttemptPolicy>;
	outcomes?: OutcomeRule[];
}

export interface AttemptPlan {
	/** true: stop calling this patient */
	final: boolean;
	/** the answer when final by answer; `unreached` when calls stop without one; the last outcome when retrying */
	outcome: string;
	/** ISO in the patient's zone; null when final or when nothing can be decided yet */
	nextAttemptAt: string | null;
	reason: string;
	code: number | null;
	/** the outcome is not in the map (a code the scenario sends that the map lacks): nothing is planned */
	unknown: boolean;
	attemptsMade: number;
	attemptsLeft: number;
}

/** A policy or input that cannot be planned with; the message names the value. */
export class PolicyError extends Error {}

const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export function minutesOfDay(hhmm: string, field = 'time'): number {
	const text = String(hhmm).trim();
	if (text === '24:00') return 1440;
	const match = HHMM.exec(text);
	if (!match) throw new PolicyError(`${field} "${hhmm}" is not a time of day (HH:mm, e.g. 09:00)`);
	return Number(match[1]) * 60 + Number(match[2]);
}

function integer(value: unknown, name: string, min: number): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < min) {
		throw new PolicyError(
			`${name} must be a whole number of at least ${min}, got ${JSON.stringify(value)}`,
		);
	}
	return n;
}

export function resolvePolicy(partial: Partial<AttemptPolicy> = {}): AttemptPolicy {
	const policy = { ...DEFAULT_POLICY, ...partial };
	policy.maxAttempts = integer(policy.maxAttempts, 'Max attempts', 1);
	policy.intervalMinutes = integer(policy.intervalMinutes, 'Interval (minutes)', 0);
	policy.stopBeforeVisitMinutes = integer(
		policy.stopBeforeVisitMinutes,
		'Stop before visit (minutes)',
		0,
	);
	if (!isValidZone(policy.timeZone)) {
		throw new PolicyError(`"${policy.timeZone}" is not a time zone (e.g. Europe/Moscow)`);
	}
	if (!policy.windows.length) {
		throw new PolicyError('Add at least one calling window: a robot must not call at any hour');
	}
	policy.windows = policy.windows.map((w, index) => {
		const from = minutesOfDay(w.from, `Window ${index + 1} from`);
		const to = minutesOfDay(w.to, `Window ${index + 1} to`);
		if (from === to) {
			throw new PolicyError(
				`Window ${index + 1} opens and closes at ${w.from}; for a whole day use 00:00 to 24:00`,
			);
		}
		if (from === 1440) throw new PolicyError(`Window ${index + 1} cannot open at 24:00`);
		const days = w.days.map(Number);
		if (!days.length || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
			throw new PolicyError(
				`Window ${index + 1} needs weekdays 1 (Monday) to 7 (Sunday), got ${JSON.stringify(w.days)}`,
			);
		}
		return { days, from: w.from.trim(), to: w.to.trim() };
	});
	return policy;
}

/**
 * Whether an instant is inside a window, judged by the wall clock of the zone: a window over midnight belongs to the
 * weekday it opens on, so Friday 22:00–02:00 covers Saturday 01:00 but not Friday 01:00.
 */
export function isInsideCallingWindow(
	instant: DateTime,
	windows: CallingWindow[],
	zone: string,
): boolean {
	const local = instant.setZone(zone);
	const minute = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60000;
	const day = local.weekday;
	const previous = day === 1 ? 7 : day - 1;
	return windows.some((w) => {
		const from = minutesOfDay(w.from);
		const to = minutesOfDay(w.to);
		if (from < to) return w.days.includes(day) && minute >= from && minute < to;
		return (w.days.includes(day) && minute >= from) || (w.days.includes(previous) && minute < to);
	});
}

/** A wall-clock time on a local day; `skipped` = minutes luxon moved it forward because a DST jump skips it. */
function atLocal(day: DateTime, minutes: number, zone: string): { at: DateTime; skipped: number } {
	const base = minutes === 1440 ? day.plus({ days: 1 }) : day;
	const m = minutes % 1440;
	const at = DateTime.fromObject(
		{ year: base.year, month: base.month, day: base.day, hour: Math.floor(m / 60), minute: m % 60 },
		{ zone },
	);
	const skipped = (at.hour * 60 + at.minute - m + 1440) % 1440;
	return { at, skipped };
}

function ceilToMinute(t: DateTime): DateTime {
	const floor = t.startOf('minute');
	return floor < t ? floor.plus({ minutes: 1 }) : floor;
}

/** Windows repeat weekly, so eight days after `earliest` find a slot if one exists at all. */
const SEARCH_DAYS = 8;

/**
 * `earliest` itself when it is inside a window and not after `latest` (a retry waits exactly the interval, a visit
 * imported inside the window is due at once, and "due now?" is a plain comparison); otherwise the first whole minute
 * after it that is inside a window and not after `latest`; null when there is none.
 */
export function firstSlot(
	earliest: DateTime,
	latest: DateTime | undefined,
	windows: CallingWindow[],
	zone: string,
): DateTime | null {
	const exact = earliest.setZone(zone);
	if ((!latest || exact <= latest) && isInsideCallingWindow(exact, windows, zone)) return exact;
	const start = ceilToMinute(exact);
	const horizon = start.plus({ days: SEARCH_DAYS });
	const limit = latest && latest < horizon ? latest : horizon;
	if (limit < start) return null;
	const firstDay = start.startOf('day').minus({ days: 1 });
	// day by day, so the usual case (a window later today or tomorrow) builds only a few luxon dates
	for (let k = 0; k <= SEARCH_DAYS + 1; k++) {
		const day = firstDay.plus({ days: k });
		const spans: Array<{ open: DateTime; close: DateTime }> = [];
		for (const w of windows) {
			if (!w.days.includes(day.weekday)) continue;
			const from = minutesOfDay(w.from);
			const to = minutesOfDay(w.to);
			const opening = atLocal(day, from, zone);
			// luxon places an opening skipped by a DST jump one gap late, and a repeated one at its second
			// occurrence: scan from the earlier moment, the wall-clock check below keeps only what is inside
			const repeated = Math.max(0, opening.at.minus({ hours: 3 }).offset - opening.at.offset);
			const open = opening.at.minus({ minutes: Math.max(opening.skipped, repeated) });
			const close = (to > from ? atLocal(day, to, zone) : atLocal(day.plus({ days: 1 }), to, zone))
				.at;
			spans.push({ open, close });
		}
		spans.sort((a, b) => a.open.toMillis() - b.open.toMillis());
		for (const { open, close } of spans) {
			if (open > limit) return null;
			let candidate = ceilToMinute(open < start ? start : open);
			while (candidate < close && candidate <= limit) {
				if (isInsideCallingWindow(candidate, windows, zone)) return candidate;
				candidate = candidate.plus({ minutes: 1 });
			}
		}
	}
	return null;
}

function retryListed(list: Array<string | number>, code: number | null, outcome: string): boolean {
	return list.some((entry) => {
		const text = String(entry).trim();
		if (/^-?\d+$/.test(text)) return code !== null && Number(text) === code;
		return text.toLowerCase() === outcome.toLowerCase();
	});
}

export function planNextAttempt(input: PlanInput): AttemptPlan {
	const policy = resolvePolicy(input.policy);
	const attemptsMade = integer(input.attemptsMade, 'Attempts made', 0);
	if (!input.now.isValid) throw new PolicyError('The planning time is not a valid date');
	const zone = policy.timeZone;
	const firstCall = attemptsMade === 0;
	const classified = firstCall
		? {
				code: null,
				outcome: 'notCalled',
				final: false,
				retryable: true,
				provisional: false,
				unknown: false,
			}
		: classifyOutcome(input.outcome, input.outcomes ?? DEFAULT_OUTCOMES);
	const attemptsLeft = Math.max(0, policy.maxAttempts - attemptsMade);
	const base = { code: classified.code, unknown: classified.unknown, attemptsMade, attemptsLeft };
	const stop = (outcome: string, reason: string): AttemptPlan => ({
		final: true,
		outcome,
		nextAttemptAt: null,
		reason,
		...base,
	});

	if (classified.final)
		return stop(classified.outcome, `The patient answered: ${classified.outcome}`);
	if (classified.unknown) {
		return {
			final: false,
			outcome: 'unknown',
			nextAttemptAt: null,
			reason: `Outcome ${JSON.stringify(input.outcome)} is not in the outcome map (a code the scenario sends that the map lacks): nothing is planned`,
			...base,
		};
	}
	if (!firstCall && !retryListed(policy.retryOutcomes, classified.code, classified.outcome)) {
		return stop('unreached', `Outcome ${classified.outcome} is not retried by this policy`);
	}
	if (attemptsMade >= policy.maxAttempts) {
		return stop(
			'unreached',
			`Attempt limit reached: ${attemptsMade} of ${policy.maxAttempts} calls made`,
		);
	}
	if (input.visitStart && !input.visitStart.isValid)
		throw new PolicyError('The visit start is not a valid date');
	if (input.visitStart && input.visitStart <= input.now) {
		return stop('unreached', 'The visit has already started or passed');
	}
	const earliest = firstCall ? input.now : input.now.plus({ minutes: policy.intervalMinutes });
	const latest = input.visitStart?.minus({ minutes: policy.stopBeforeVisitMinutes });
	const slot = firstSlot(earliest, latest, policy.windows, zone);
	if (!slot) {
		return stop(
			'unreached',
			latest
				? `No calling window is left between ${earliest.setZone(zone).toISO()} and ${latest.setZone(zone).toISO()} (${policy.stopBeforeVisitMinutes} min before the visit)`
				: 'The calling windows never open',
		);
	}
	return {
		final: false,
		outcome: classified.outcome,
		nextAttemptAt: slot.setZone(zone).toISO(),
		reason: firstCall
			? 'First call at the first moment inside the calling window'
			: `Attempt ${attemptsMade + 1} of ${policy.maxAttempts} after ${classified.outcome}, at least ${policy.intervalMinutes} min later, inside the calling window${classified.provisional ? ` (${classified.outcome} is provisional: a later final answer for that call wins)` : ''}`,
		...base,
	};
}

/** The reminder ledger's next values after a plan (the templates' `reminder_ledger` columns of the same names). */
export interface LedgerValues {
	/** `done`: no more calls (final, or nothing planned); `due`: call again at nextAttemptAt */
	status: 'done' | 'due';
	/** the answer when final, `unreached` when calls stop without one; null while calls go on */
	outcome: string | null;
	/** epoch ms of nextAttemptAt (what the ledger's due query compares); null when done */
	nextAttemptMs: number | null;
	nextAttemptAt: string | null;
	reason: string;
	/** `pending`: a result is now to be written back to the clinic system; null while calls go on */
	resultState: 'pending' | null;
}

/**
 * What a ledger row becomes after `plan`: a final plan or one with no next attempt (no slot, an unknown outcome) is
 * done, with the answer or `unreached` and a result pending; otherwise due at the planned slot.
 */
export function ledgerValues(plan: AttemptPlan): LedgerValues {
	const done = plan.final || !plan.nextAttemptAt;
	return {
		status: done ? 'done' : 'due',
		outcome: done ? (plan.final ? plan.outcome : 'unreached') : null,
		nextAttemptMs: done ? null : DateTime.fromISO(plan.nextAttemptAt as string).toMillis(),
		nextAttemptAt: done ? null : plan.nextAttemptAt,
		reason: String(plan.reason || ''),
		resultState: done ? 'pending' : null,
	};
}
