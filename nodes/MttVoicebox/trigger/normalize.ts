import type { IDataObject } from 'n8n-workflow';

import { toPhone, toText } from '../../shared/webhook/fields';
import { classifyOutcome, type OutcomeRule } from '../helpers/outcomes';

/**
 * One status callback as the workflow sees it. `response` is the scenario's own code (literal in each HTTP block);
 * a code missing from the map is flagged `unknown`, never dropped, so a scenario change shows up in the workflow.
 * `provisional` (the default 4): a 1/2/3 for the same call may still follow and wins.
 */
export function normalizeCallback(fields: IDataObject, rules: OutcomeRule[]): IDataObject {
	const status = classifyOutcome(
		Array.isArray(fields.response) ? fields.response[0] : fields.response,
		rules,
	);
	return {
		callId: toText(fields.call_id),
		numberB: toPhone(fields.number_b ?? fields.numberB),
		guid: toText(fields.guid),
		code: status.code,
		outcome: status.outcome,
		final: status.final,
		retryable: status.retryable,
		provisional: status.provisional,
		unknown: status.unknown,
		raw: fields,
	};
}

/** (call, code) — the pickup 4 and the answer differ in code, so both pass; a repeat of either does not. */
export function duplicateKey(item: IDataObject): string | undefined {
	if (item.callId === null) return undefined;
	const code =
		item.code !== null
			? String(item.code)
			: `?${String(toText((item.raw as IDataObject).response))}`;
	return `${String(item.callId)}:${code}`;
}
