import { DEFAULT_OUTCOMES } from '../outcomes';

/**
 * What to put in each HTTP request block («HTTP-запрос») of the Voicebox scenario. Voicebox pastes values as plain
 * text, so string placeholders sit inside quotes; the outcome code is a literal, one block per outcome.
 */
export function rawBodyTemplate(code: number | string): string {
	return `{"call_id":"{{call_id}}","number_b":"{{numberB}}","guid":"{{guid}}","response":${code}}`;
}

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const CODES = DEFAULT_OUTCOMES.map((r) => `${r.code} ${r.outcome}`).join(', ');

export const BLOCK_SETTINGS_NOTICE = [
	'Voicebox has no API to register this URL: set it in each «HTTP-запрос» block of the scenario by hand.',
	"Method: POST (PUT and GET also work). URL: this node's Production URL; with the secret as a query parameter append <code>?token=YOUR_SECRET</code>.",
	'Headers: <code>Content-Type: application/json</code> (optional: a body without it is read as JSON too), plus <code>X-Webhook-Secret: YOUR_SECRET</code> or <code>Authorization: Basic …</code> when the secret travels there.',
	`Raw body, one block per outcome with its code (${CODES}):<br><code>${escapeHtml(rawBodyTemplate(1))}</code>`,
].join('<br>');
