/**
 * Voicebox status codes → outcomes. The codes are the clinic scenario's own convention (its HTTP blocks send
 * `response`), not MTT's, so the map is configurable; these are the defaults of the reminder scenario.
 */
export interface OutcomeRule {
	code: number;
	outcome: string;
	/** the patient gave an answer (or asked for a person): stop calling */
	final: boolean;
	/** nobody answered or the call broke off: another attempt may be planned */
	retryable: boolean;
	/**
	 * posted before the answer (the seed's scenario posts 4 at pickup): a final code for the same call may follow and
	 * then wins; it counts as hung up only if nothing else arrives, so it is neither final nor retryable by itself
	 */
	provisional?: boolean;
}

export const DEFAULT_OUTCOMES: OutcomeRule[] = [
	{ code: 1, outcome: 'confirmed', final: true, retryable: false },
	{ code: 2, outcome: 'cancelled', final: true, retryable: false },
	{ code: 3, outcome: 'operator', final: true, retryable: false },
	// the name stays `hungUpEarly`: saved workflows compare against it
	{ code: 4, outcome: 'hungUpEarly', final: false, retryable: false, provisional: true },
	{ code: 5, outcome: 'noAnswer', final: false, retryable: true },
];

/** What the trigger says about a 4, in its notice, output docs and Plan Next Attempt's. */
export const PROVISIONAL_NOTE =
	'4 is posted at pickup; a 1/2/3 for the same call may follow and then wins; treat 4 as hung up only if nothing else arrives.';

export interface ClassifiedOutcome {
	code: number | null;
	outcome: string;
	final: boolean;
	retryable: boolean;
	provisional: boolean;
	/** the code or name is not in the map: flagged, never dropped */
	unknown: boolean;
}

/** Accepts a code (1, "1", " 5 ") or an outcome name ("noAnswer", case-insensitive). */
export function classifyOutcome(
	value: unknown,
	rules: OutcomeRule[] = DEFAULT_OUTCOMES,
): ClassifiedOutcome {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	const code = /^-?\d+$/.test(text) ? Number(text) : null;
	const rule =
		code !== null
			? rules.find((r) => r.code === code)
			: rules.find((r) => r.outcome.toLowerCase() === text.toLowerCase());
	if (rule) {
		const { final, retryable } = rule;
		const provisional = rule.provisional === true;
		return {
			code: rule.code,
			outcome: rule.outcome,
			final,
			retryable,
			provisional,
			unknown: false,
		};
	}
	return {
		code,
		outcome: 'unknown',
		final: false,
		retryable: false,
		provisional: false,
		unknown: true,
	};
}
