/** Sending the account's HTTP notification subscriptions: template rendering and delivery through the sandbox. */
import type { SandboxContext } from '../../core/types';
import type { NotificationEvent } from './events';

export interface Subscription {
	id: number;
	event: NotificationEvent;
	method: 'GET' | 'POST';
	url: string;
	/** POST body template; default: a JSON object with every variable of the event */
	body: string;
	name: string;
	contentType: string;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g;

/**
 * Body rendering: each placeholder becomes a JSON literal (strings arrive quoted, numbers bare, unknown → null),
 * so a template that quotes a placeholder yields `""…""` like the real cabinet. Inferred: the guides put placeholders
 * unquoted, and public receivers strip the doubled quotes a quoted one makes.
 */
export function renderBody(template: string, vars: Record<string, unknown>): string {
	return template.replace(PLACEHOLDER, (_, name: string) => JSON.stringify(vars[name] ?? null));
}

/** URL rendering (GET query or POST URL): URL-encoded text, arrays comma-joined, null/unknown → empty. */
export function renderUrl(template: string, vars: Record<string, unknown>): string {
	return template.replace(PLACEHOLDER, (_, name: string) => {
		const value = vars[name];
		if (value === null || value === undefined) return '';
		return encodeURIComponent(Array.isArray(value) ? value.join(',') : String(value));
	});
}

/** Sends one event to every matching subscription, in subscription order, through ctx.send (logged). */
export async function deliver(
	ctx: SandboxContext,
	subscriptions: Subscription[],
	event: NotificationEvent,
	vars: Record<string, unknown>,
): Promise<void> {
	for (const sub of subscriptions.filter((s) => s.event === event)) {
		const all = { ...vars, notification_name: sub.name, notification_mnemonic: event };
		const url = renderUrl(sub.url, all);
		if (sub.method === 'GET') {
			await ctx.send({ module: 'comagic', kind: `notification:${event}`, method: 'GET', url });
		} else {
			const body = renderBody(sub.body, all);
			await ctx.send({
				module: 'comagic',
				kind: `notification:${event}`,
				method: 'POST',
				url,
				headers: {
					'Content-Type': sub.contentType,
					'Content-Length': String(Buffer.byteLength(body)),
				},
				body,
			});
		}
	}
}
