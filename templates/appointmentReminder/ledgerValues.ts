/**
 * The ledger row after a Plan Next Attempt item: the node computes it (its output's `ledger`); a plan that failed is
 * an error item under continue-on-fail (no `ledger`), and ends the calls as 'unreached' with the error as the reason,
 * so staff take the patient over.
 */
const LEDGER = '$json.ledger';
/** The plan's reason, or the error of a plan that failed. */
export const PLAN_REASON = `${LEDGER} ? ${LEDGER}.reason : String($json.error || '')`;

export function planValues(extra: Record<string, string>): Record<string, string> {
	return {
		status: `${LEDGER} ? ${LEDGER}.status : 'done'`,
		outcome: `${LEDGER} ? ${LEDGER}.outcome : 'unreached'`,
		nextAttemptMs: `${LEDGER} ? ${LEDGER}.nextAttemptMs : null`,
		nextAttemptAt: `${LEDGER} ? ${LEDGER}.nextAttemptAt : null`,
		reason: PLAN_REASON,
		resultState: `${LEDGER} ? ${LEDGER}.resultState : 'pending'`,
		...extra,
	};
}
