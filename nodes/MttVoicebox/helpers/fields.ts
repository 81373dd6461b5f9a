/**
 * The item fields this pack reads by default and writes: one vocabulary across the nodes, their defaults and
 * docs/nodes.md ("Field names"), so a ledger row, a trigger item and a plan line up without remapping.
 */
export const FIELDS = {
	/** the clinic's id of the visit (a ledger row's key) */
	visitId: 'visitId',
	/** calls placed so far for the visit; Plan Next Attempt reads and writes it, the GUID adds 1 for this call */
	attemptsMade: 'attemptsMade',
	/** the last call's outcome name (the trigger's output, Plan Next Attempt's input and output) */
	outcome: 'outcome',
} as const;

/**
 * visit id + number of THIS call (`V123-1` for the first), what status callbacks are matched by. `Number()` so a
 * count that arrives as text ("2") adds up instead of concatenating ("21"); n8n renders a missing one (NaN) as "".
 */
export const DEFAULT_GUID = `={{ $json.${FIELDS.visitId} }}-{{ Number($json.${FIELDS.attemptsMade}) + 1 }}`;
