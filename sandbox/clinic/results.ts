/**
 * Writing a reminder result back to a visit. Patient safety: an unreached (or failed) reminder flags the visit
 * for staff and never cancels it; only the patient's own answer (`cancelled`) cancels.
 */
import type { ReminderOutcome, ReminderResult, Visit, VisitStatus, WrittenResult } from './types';

export const OUTCOMES: readonly ReminderOutcome[] = [
	'confirmed',
	'cancelled',
	'operator',
	'hung_up',
	'no_answer',
	'unreached',
	'failed',
];
/** progress reports: more attempts may follow */
const INTERIM: readonly ReminderOutcome[] = ['hung_up', 'no_answer'];
/** someone answered, so at least one call was made */
const ANSWERED: readonly ReminderOutcome[] = ['confirmed', 'cancelled', 'operator', 'hung_up'];
const ALLOWED_KEYS = ['outcome', 'code', 'attempts', 'callId', 'note'];

export class ResultError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

type Input = Omit<ReminderResult, 'final' | 'at'>;

/** Checks the body of POST /clinic/visits/{id}/reminder-result, with a message a workflow author can act on. */
export function parseResult(body: unknown): Input {
	const bad = (message: string): never => {
		throw new ResultError(400, message);
	};
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return bad('body must be a JSON object {outcome, code?, attempts, callId?, note?}');
	}
	const b = body as Record<string, unknown>;
	const unknown = Object.keys(b).filter((k) => !ALLOWED_KEYS.includes(k));
	if (unknown.length)
		bad(`unknown field(s) ${unknown.join(', ')}; allowed: ${ALLOWED_KEYS.join(', ')}`);
	if (!OUTCOMES.includes(b.outcome as ReminderOutcome)) {
		bad(`outcome must be one of ${OUTCOMES.join(', ')}; got ${JSON.stringify(b.outcome)}`);
	}
	const outcome = b.outcome as ReminderOutcome;
	if (
		b.code !== undefined &&
		b.code !== null &&
		!(Number.isInteger(b.code) && (b.code as number) >= 0 && (b.code as number) <= 99)
	) {
		bad(
			`code must be an integer 0–99 (the robot's response code) or null; got ${JSON.stringify(b.code)}`,
		);
	}
	if (!Number.isInteger(b.attempts) || (b.attempts as number) < 0 || (b.attempts as number) > 50) {
		bad(`attempts must be an integer 0–50; got ${JSON.stringify(b.attempts)}`);
	}
	if (ANSWERED.includes(outcome) && (b.attempts as number) < 1) {
		bad(`attempts must be at least 1 for outcome ${outcome}`);
	}
	if (
		b.callId !== undefined &&
		b.callId !== null &&
		typeof b.callId !== 'string' &&
		typeof b.callId !== 'number'
	) {
		bad('callId must be a string, a number or null');
	}
	if (
		b.note !== undefined &&
		b.note !== null &&
		(typeof b.note !== 'string' || b.note.length > 1000)
	) {
		bad('note must be a string of at most 1000 characters');
	}
	return {
		outcome,
		code: (b.code as number | null | undefined) ?? null,
		attempts: b.attempts as number,
		callId: b.callId === undefined || b.callId === null ? null : String(b.callId),
		note: (b.note as string | null | undefined) ?? null,
	};
}

const sameResult = (a: ReminderResult, b: Input): boolean =>
	a.outcome === b.outcome &&
	a.code === b.code &&
	a.attempts === b.attempts &&
	a.callId === b.callId;

function nextStatus(status: VisitStatus, outcome: ReminderOutcome): VisitStatus {
	if (status !== 'scheduled' && status !== 'confirmed') return status;
	if (outcome === 'confirmed') return 'confirmed';
	if (outcome === 'cancelled') return 'cancelled';
	// every other outcome, unreached included, leaves the visit as it was
	return status;
}

/**
 * Applies the result; a repeat is a no-op, a different result after a final one is a 409. With `refuseRepeats` (a
 * strict clinic system) the same result again after a final one is a 409 too.
 */
export function applyResult(
	visit: Visit,
	input: Input,
	nowIso: string,
	seq: number,
	refuseRepeats = false,
): WrittenResult {
	const before = visit.status;
	const current = visit.reminder;
	const duplicate = current !== null && sameResult(current, input);
	if (current?.final && (!duplicate || refuseRepeats)) {
		throw new ResultError(
			409,
			`visit ${visit.id} already has the final result ${current.outcome} (attempts ${current.attempts}); ` +
				(duplicate
					? 'this clinic system refuses to write it again'
					: `a different result (${input.outcome}, attempts ${input.attempts}) is refused`),
		);
	}
	if (!duplicate) {
		visit.reminder = { ...input, final: !INTERIM.includes(input.outcome), at: nowIso };
		visit.status = nextStatus(visit.status, input.outcome);
		if (input.outcome === 'unreached' || input.outcome === 'failed') visit.staffFollowUp = true;
		visit.updatedAt = nowIso;
	}
	return {
		seq,
		at: nowIso,
		visitId: visit.id,
		...input,
		duplicate,
		statusBefore: before,
		statusAfter: visit.status,
	};
}
