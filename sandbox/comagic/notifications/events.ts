/**
 * The simulator's own catalogue of the cabinet's HTTP notification events, read from the public integrator guides
 * (UIS «Уведомления о событиях», https://uiscom.ru/academiya/spravochnyj-centr/uvedomleniya/uvedomleniya-o-sobytiyakh,
 * and the notification templates integrators publish). It is kept apart from the node's catalogue
 * (nodes/CoMagic/trigger/events.ts) on purpose: each is a separate reading of the docs, so a misreading in one shows
 * up as a failing test against the other. Event keys are ours (CoMagic publishes no list of `notification_mnemonic`
 * values), so the key doubles as notification_mnemonic; the Russian label is the default notification_name, as
 * integrators see it.
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
/** who called and which call: the caller's block of the events about an incoming call */
const CALLER = [
	'contact_phone_number',
	'communication_number',
	'contact_id',
	'contact_full_name',
	'call_session_id',
];
/** the leg being answered: waiting for an answer and the talk's start */
const ANSWERING = [
	'external_id',
	'contact_phone_number',
	'contact_id',
	'employee_full_name',
	'employee_id',
	'call_source',
	'call_session_id',
	'direction',
];

/** Variables each event offers, from the integrators' published templates plus one account's full list for call end. */
export const EVENT_VARIABLES: Record<NotificationEvent, string[]> = {
	incoming_call: [...COMMON, 'scenario_name', ...CALLER],
	waiting_answer: [...COMMON, ...ANSWERING, 'leg_id'],
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
	talk_started: [...COMMON, ...ANSWERING, 'leg_ids'],
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
	lost_call: [...COMMON, 'scenario_name', 'wait_time_duration', 'employee_ids', ...CALLER],
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
		...CALLER,
		'employee_full_name',
		'employee_id',
		'file_link',
		'file_duration',
		'tag_ids',
		'tag_names',
	],
};

export function resolveEvent(text: unknown): NotificationEvent | undefined {
	if (typeof text !== 'string') return undefined;
	if (text in NOTIFICATION_EVENTS) return text as NotificationEvent;
	const found = Object.entries(NOTIFICATION_EVENTS).find(([, label]) => label === text);
	return found?.[0] as NotificationEvent | undefined;
}

/** The template a user would paste for an event: placeholders unquoted, as the integrator guides do. */
export function defaultBodyTemplate(event: NotificationEvent): string {
	return `{${EVENT_VARIABLES[event].map((v) => `"${v}":{{${v}}}`).join(',')}}`;
}
