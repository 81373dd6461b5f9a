import { escapeHtml, htmlList } from '../../shared/notice';
import type { NotificationEvent } from './events';

/**
 * What to paste into the cabinet («Уведомления» → «Добавить» → канал HTTP). Placeholders stay unquoted: the
 * cabinet substitutes JSON literals (strings arrive quoted), so a quoted placeholder would arrive as `""…""`.
 * The constant `event` field makes event detection exact whatever the notification is named. A space after each
 * comma keeps the JSON valid and lets the editor wrap it (n8n 2.x notices drop every tag but a, ul and li).
 */
export function postBodyTemplate(event: NotificationEvent, secretField?: string): string {
	const parts = [
		...(secretField === undefined ? [] : [`"${DEFAULT_SECRET_NAME}":"${secretField}"`]),
		`"event":"${event.key}"`,
		...event.variables.map((v) => `"${v}":{{${v}}}`),
	];
	return `{${parts.join(', ')}}`;
}

/**
 * The GET query: the variables, then the constant `event` (last, so that no long run without a `{` sits at the
 * start: browsers break a URL only before a `{`, and n8n 2.x strips the `<wbr>` hints).
 */
export function getQueryTemplate(event: NotificationEvent): string {
	return `?${event.variables.map((v) => `${v}={{${v}}}`).join('&')}&event=${event.key}`;
}

/** Stand-ins in the notices, for the node's Production URL and the secret (query parameter `token` by default). */
export const URL_PLACEHOLDER = 'PRODUCTION_URL';
export const SECRET_PLACEHOLDER = 'YOUR_SECRET';
/** The default of "Parameter, Header or Field Name"; the notices spell it out because they cannot read the field. */
export const DEFAULT_SECRET_NAME = 'token';
const SECRET_QUERY = `${DEFAULT_SECRET_NAME}=${SECRET_PLACEHOLDER}`;

/** Where the secret goes; one template variant each, shown for the matching Secret Location. */
export const TEMPLATE_SECRET_LOCATIONS = ['query', 'body', 'header', 'none'] as const;
export type TemplateSecretLocation = (typeof TEMPLATE_SECRET_LOCATIONS)[number];

/** The whole GET URL as pasted: one query string, the secret first (a second `?` would break both). */
export function getUrlTemplate(
	event: NotificationEvent,
	location: TemplateSecretLocation = 'query',
): string {
	// a GET has no body: its query fields are the fields, so a body-field secret also rides in the query
	const secret = location === 'query' || location === 'body' ? `${SECRET_QUERY}&` : '';
	return `${URL_PLACEHOLDER}?${secret}${getQueryTemplate(event).slice(1)}`;
}

export function postUrlTemplate(location: TemplateSecretLocation = 'query'): string {
	return location === 'query' ? `${URL_PLACEHOLDER}?${SECRET_QUERY}` : URL_PLACEHOLDER;
}

/**
 * A `<code>` block; `<wbr>` after each `&` lets a long URL wrap in n8n 1.x (a line-break opportunity that copies
 * as nothing). n8n strips style attributes from notices, so `word-break` cannot be set; 2.x strips both tags and
 * keeps their text.
 */
function code(text: string): string {
	return `<code>${escapeHtml(text).replace(/&amp;/g, '&amp;<wbr>')}</code>`;
}

/** The one line that explains the stand-ins and why placeholders have no quotes. */
export const PLACEHOLDER_NOTE = `${URL_PLACEHOLDER} = this node's Production URL (Test URL while listening), ${SECRET_PLACEHOLDER} = the secret (the credential's Secret; on version 1 the Shared Secret), ${DEFAULT_SECRET_NAME} = the name set above. Placeholders such as {{call_session_id}} stay unquoted: the cabinet inserts each value as JSON, quotes included.`;

function secretLine(location: TemplateSecretLocation): string | undefined {
	if (location === 'header') {
		return `Header: ${code(`${DEFAULT_SECRET_NAME}: ${SECRET_PLACEHOLDER}`)} — only if your cabinet offers custom headers (they are not documented); otherwise choose Secret Location Query Parameter.`;
	}
	if (location === 'none') {
		return 'No secret: anyone who knows the URL can start this workflow.';
	}
	return undefined;
}

/**
 * The template of one event for one Secret Location, as an HTML notice: a list, because n8n 2.x notices keep only
 * a, ul and li. The `<code>` blocks in order: POST URL, POST body, GET URL (then the header, for Header).
 */
export function templateNotice(
	event: NotificationEvent,
	location: TemplateSecretLocation = 'query',
): string {
	const body = postBodyTemplate(event, location === 'body' ? SECRET_PLACEHOLDER : undefined);
	const items = [
		`POST — URL: ${code(postUrlTemplate(location))}`,
		`Body: ${code(body)}`,
		`Or GET — URL, all on one line: ${code(getUrlTemplate(event, location))}`,
		secretLine(location),
		PLACEHOLDER_NOTE,
	].filter((item): item is string => item !== undefined);
	return htmlList(
		`${event.name} — in the cabinet: Уведомления → Добавить → HTTP, event type «${event.label}». Paste either:`,
		items,
	);
}
