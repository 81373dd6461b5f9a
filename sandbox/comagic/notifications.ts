import type { SandboxContext } from '../core/types';

/**
 * HTTP notifications configured in the cabinet (reference §5). Event keys are ours (the reference has no list of
 * `notification_mnemonic` values, §8), so the key doubles as notification_mnemonic; the Russian label is the
 * default notification_name, as integrators see it.
 */
export const NOTIFICATION_EVENTS = {
	incoming_call: 'Входящий звонок на виртуальный номер',
	waiting_answer: 'Ожидание ответа',
	outgoing_call: 'Исходящий звонок',
	talk_started: 'Начало разговора',
	talk_finished: 'Окончание разговора',
	lost_call: 'Потерянный звонок',
	call_finished: 'Завершение звонка',
	talk_recorded: 'Записанный разговор',
} as const;

export type NotificationEvent = keyof typeof NOTIFICATION_EVENTS;

const COMMON = [
	'notification_name',
	'notification_mnemonic',
	'virtual_phone_number',
	'notification_time',
];

/** Variables each event offers, from the integrator templates of §5.2 (PF) plus MG's list for call end. */
export const EVENT_VARIABLES: Record<NotificationEvent, string[]> = {
	incoming_call: [
		...COMMON,
		'scenario_name',
		'contact_phone_number',
		'communication_number',
		'contact_id',
		'contact_full_name',
		'call_session_id',
	],
	waiting_answer: [
		...COMMON,
		'external_id',
		'contact_phone_number',
		'contact_id',
		'employee_full_name',
		'employee_id',
		'call_source',
		'call_session_id',
		'direction',
		'leg_id',
	],
	outgoing_call: [
		...COMMON,
		'contact_phone_number',
		'contact_id',
		'contact_full_name',
		'call_session_id',
		'employee_full_name',
		'employee_id',
		'employee_phone_number',
	],
	talk_started: [
		...COMMON,
		'external_id',
		'contact_phone_number',
		'contact_id',
		'employee_full_name',
		'employee_id',
		'call_source',
		'call_session_id',
		'direction',
		'leg_ids',
	],
	talk_finished: [
		...COMMON,
		'external_id',
		'contact_phone_number',
		'communication_number',
		'employee_full_name',
		'employee_id',
		'call_source',
		'call_session_id',
		'direction',
		'scenario_name',
		'talk_time_duration',
		'leg_ids',
	],
	lost_call: [
		...COMMON,
		'scenario_name',
		'wait_time_duration',
		'employee_ids',
		'contact_phone_number',
		'communication_number',
		'contact_id',
		'contact_full_name',
		'call_session_id',
	],
	call_finished: [
		...COMMON,
		'external_id',
		'contact_phone_number',
		'communication_number',
		'employee_full_name',
		'employee_id',
		'call_source',
		'direction',
		'call_session_id',
		'scenario_name',
		'talk_time_duration',
		'total_time_duration',
		'wait_time_duration',
		'tag_names',
		'app_id',
		'communication_id',
		'communication_type',
		'calling_phone_number',
		'called_phone_number',
		'notification_timestamp',
		'start_time',
		'is_internal',
		'scenario_id',
	],
	talk_recorded: [
		...COMMON,
		'scenario_name',
		'contact_phone_number',
		'communication_number',
		'contact_id',
		'contact_full_name',
		'call_session_id',
		'employee_full_name',
		'employee_id',
		'file_link',
		'file_duration',
		'tag_ids',
		'tag_names',
	],
};

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

export function resolveEvent(text: unknown): NotificationEvent | undefined {
	if (typeof text !== 'string') return undefined;
	if (text in NOTIFICATION_EVENTS) return text as NotificationEvent;
	const found = Object.entries(NOTIFICATION_EVENTS).find(([, label]) => label === text);
	return found?.[0] as NotificationEvent | undefined;
}

/** The template a user would paste for an event: placeholders unquoted, as the integrator guides do (§5.1). */
export function defaultBodyTemplate(event: NotificationEvent): string {
	return `{${EVENT_VARIABLES[event].map((v) => `"${v}":{{${v}}}`).join(',')}}`;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g;

/**
 * Body rendering: each placeholder becomes a JSON literal (strings arrive quoted, numbers bare, unknown → null),
 * so a template that quotes a placeholder yields `""…""` like the real cabinet [inference, §5.1].
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
