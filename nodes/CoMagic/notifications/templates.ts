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

export function templateNotice(event: NotificationEvent): string {
	return [
		`<b>${event.name}</b> — in the cabinet: Уведомления → Добавить → HTTP, event type «${event.label}», URL: this node's Production URL.`,
		`Method POST, body:<br><code>${escapeHtml(postBodyTemplate(event))}</code>`,
		`or method GET, append to the URL:<br><code>${escapeHtml(getQueryTemplate(event))}</code>`,
	].join('<br>');
}

export { NOTIFICATION_EVENTS };
