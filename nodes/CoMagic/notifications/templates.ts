import { NOTIFICATION_EVENTS, type NotificationEvent } from './events';

/**
 * What to paste into the cabinet («Уведомления» → «Добавить» → канал HTTP). Placeholders stay unquoted: the
 * cabinet substitutes JSON literals (strings arrive quoted), so a quoted placeholder would arrive as `""…""`.
 * The constant `event` field makes event detection exact whatever the notification is named.
 */
export function postBodyTemplate(event: NotificationEvent): string {
	const parts = [`"event":"${event.key}"`, ...event.variables.map((v) => `"${v}":{{${v}}}`)];
	return `{${parts.join(',')}}`;
}

export function getQueryTemplate(event: NotificationEvent): string {
	return `?event=${event.key}&${event.variables.map((v) => `${v}={{${v}}}`).join('&')}`;
}

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Stand-ins in the notices, for the node's Production URL and the secret (query parameter `token` by default). */
export const URL_PLACEHOLDER = 'PRODUCTION_URL';
export const SECRET_PLACEHOLDER = 'YOUR_SECRET';
const SECRET_QUERY = `token=${SECRET_PLACEHOLDER}`;

/** The whole GET URL as pasted: one query string, the secret first (a second `?` would break both). */
export function getUrlTemplate(event: NotificationEvent): string {
	return `${URL_PLACEHOLDER}?${SECRET_QUERY}&${getQueryTemplate(event).slice(1)}`;
}

export function templateNotice(event: NotificationEvent): string {
	return [
		`<b>${event.name}</b> — in the cabinet: Уведомления → Добавить → HTTP, event type «${event.label}».`,
		`POST: URL <code>${URL_PLACEHOLDER}?${SECRET_QUERY}</code>, body:<br><code>${escapeHtml(postBodyTemplate(event))}</code>`,
		`or GET: URL, all of it on one line:<br><code>${escapeHtml(getUrlTemplate(event))}</code>`,
		`${URL_PLACEHOLDER} is this node's Production URL; <code>token</code> is the parameter name set below. With the secret in a header or body field, leave out <code>${SECRET_QUERY}</code>.`,
	].join('<br>');
}

export { NOTIFICATION_EVENTS };
