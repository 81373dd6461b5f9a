/**
 * Voicebox status codes → outcomes. The codes are the clinic scenario's own convention (its HTTP blocks send
 * `response`), not MTT's, so the map is configurable; these are the defaults of the reminder scenario.
 */
export type OutcomeName = 'confirmed' | 'cancelled' | 'operator' | 'hungUpEarly' | 'noAnswer';

export interface OutcomeRule {
	code: number;
	outcome: string;
	/** the patient gave an answer (or asked for a person): stop calling */
	final: boolean;
	/** nobody answered or the call broke off: another attempt may be planned */
	retryable: boolean;
}

export const DEFAULT_OUTCOMES: OutcomeRule[] = [
	{ code: 1, outcome: 'confirmed', final: true, retryable: false },
	{ code: 2, outcome: 'cancelled', final: true, retryable: false },
	{ code: 3, outcome: 'operator', final: true, retryable: false },
	{ code: 4, outcome: 'hungUpEarly', final: false, retryable: true },
	{ code: 5, outcome: 'noAnswer', final: false, retryable: true },
];

export interface ClassifiedOutcome {
	code: number | null;
	outcome: string;
	final: boolean;
	retryable: boolean;
	/** the code or name is not in the map: flagged, never dropped */
	unknown: boolean;
}

/** Accepts a code (1, "1", " 5 ") or an outcome name ("noAnswer", case-insensitive). */
export function classifyOutcome(value: unknown, rules: OutcomeRule[] = DEFAULT_OUTCOMES): ClassifiedOutcome {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	const code = /^-?\d+$/.test(text) ? Number(text) : null;
	const rule =
		code !== null
			? rules.find((r) => r.code === code)
			: rules.find((r) => r.outcome.toLowerCase() === text.toLowerCase());
	if (rule) return { code: rule.code, outcome: rule.outcome, final: rule.final, retryable: rule.retryable, unknown: false };
	return { code, outcome: 'unknown', final: false, retryable: false, unknown: true };
}
