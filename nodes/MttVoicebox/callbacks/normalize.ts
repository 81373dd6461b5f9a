import type { IDataObject } from 'n8n-workflow';

import { toPhone, toText } from '../../shared/values';
import { classifyOutcome, type OutcomeRule } from '../outcomes';

/**
 * One status callback as the workflow sees it. `response` is the scenario's own code (literal in each HTTP block);
 * a code missing from the map is flagged `unknown`, never dropped, so a scenario change shows up in the workflow.
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
		unknown: status.unknown,
		raw: fields,
	};
}

/** (call, code) — an early status and the final one differ in code, so both pass; a repeat of either does not. */
export function duplicateKey(item: IDataObject): string | undefined {
	if (item.callId === null) return undefined;
	const code =
		item.code !== null
			? String(item.code)
			: `?${String(toText((item.raw as IDataObject).response))}`;
	return `${String(item.callId)}:${code}`;
}
