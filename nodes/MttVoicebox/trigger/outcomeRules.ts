import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_OUTCOMES, type OutcomeRule } from '../helpers/outcomes';

/** The node's "Outcome Map" rows → rules for classifyOutcome; no rows means the reminder scenario's defaults. */
export function outcomeRulesFrom(collection: IDataObject | undefined): OutcomeRule[] {
	const rows = ((collection?.rules as IDataObject[] | undefined) ?? []).filter(Boolean);
	if (rows.length === 0) return DEFAULT_OUTCOMES;
	return rows.map((row) => {
		const kind = String(row.kind ?? 'final');
		return {
			code: Number(row.code),
			outcome: String(row.outcome ?? '').trim(),
			final: kind === 'final',
			retryable: kind === 'retryable',
			provisional: kind === 'provisional',
		};
	});
}

export function outcomeRuleProblems(rules: OutcomeRule[]): string[] {
	const problems: string[] = [];
	const seen = new Set<number>();
	for (const rule of rules) {
		if (!Number.isInteger(rule.code))
			problems.push(`outcome code "${String(rule.code)}" is not a whole number`);
		else if (seen.has(rule.code)) problems.push(`outcome code ${rule.code} is mapped twice`);
		seen.add(rule.code);
		if (rule.outcome === '') problems.push(`outcome code ${rule.code} has no name`);
	}
	return problems;
}
