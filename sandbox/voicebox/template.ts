/** `{{var}}` substitution of the scenario's HTTPRequest blocks (double braces are the only form the blocks take). */

function asText(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

/**
 * Raw substitution, like the real block: a value is pasted as text, so a template decides itself whether a
 * placeholder sits inside JSON quotes. Unknown names become empty text.
 */
export function renderTemplate(
	template: string,
	vars: Record<string, unknown>,
	encode: (text: string) => string = (t) => t,
): string {
	return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_m, name: string) =>
		encode(asText(vars[name])),
	);
}

/** URL templates: values are percent-encoded so `?guid={{guid}}` stays a valid URL. */
export function renderUrl(template: string, vars: Record<string, unknown>): string {
	return renderTemplate(template, vars, encodeURIComponent);
}
