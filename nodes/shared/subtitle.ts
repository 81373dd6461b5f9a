import type { INodeProperties } from 'n8n-workflow';

/**
 * A canvas subtitle in words: an expression that looks the chosen value up in a fixed table (`{"getMany":"Get many
 * calls"}[$parameter["operation"]]`), so the canvas shows "Get many calls from the log", not "getMany: callLog".
 * `key` is the expression that names the row, e.g. `$parameter["operation"]`.
 */
export function subtitleExpression(key: string, words: Record<string, string>): string {
	return `={{ ${JSON.stringify(words)}[${key}] }}`;
}

/** value → action text of an operation selector (n8n's node creator shows the same texts). */
export function actionsOf(operation: INodeProperties): Record<string, string> {
	const words: Record<string, string> = {};
	for (const option of operation.options ?? []) {
		if ('value' in option && 'action' in option && typeof option.action === 'string') {
			words[String(option.value)] = option.action;
		}
	}
	return words;
}
