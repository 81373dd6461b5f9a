/**
 * CoMagic (UIS) HTTP notification events. The cabinet has no published list of `notification_mnemonic` values, so
 * the keys here are ours; the templates this node shows add them as an `event` field, which makes detection exact.
 * Labels are the cabinet's Russian event names, which also arrive as the default `notification_name`.
 */
export interface NotificationEvent {
	key: string;
	/** the event type as the cabinet lists it («Тип события») */
	label: string;
	/** the cabinet's event name in English, for the node's options */
	name: string;
	/** what the event means, for the option's description */
	meaning: string;
	/** names this package used before (still recognised in notification_name) */
	formerNames?: string[];
	/** variables the cabinet offers for the event (integrator templates), in template order */
	variables: string[];
}

const COMMON = [
	'notification_name',
	'notification_mnemonic',
	'virtual_phone_number',
	'notification_time',
];
/** call tracking: which advertising campaign and which communication the call belongs to */
const TRACKING = ['campaign_id', 'communication_id'];

export const NOTIFICATION_EVENTS: NotificationEvent[] = [
	{
		key: 'incoming_call',
		label: 'Входящий звонок на виртуальный номер',
		name: 'Incoming Call to Virtual Number',
		meaning: 'A call reached one of your virtual numbers, before anyone answers',
		formerNames: ['Incoming Call'],
		variables: [
			...COMMON,
			'scenario_name',
			'contact_phone_number',
			'communication_number',
			'contact_id',
			'contact_full_name',
			'call_session_id',
			...TRACKING,
		],
	},
	{
		key: 'waiting_answer',
		label: 'Ожидание ответа',
		name: 'Waiting for Answer',
		meaning: "An employee's phone rings",
		variables: [
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
			...TRACKING,
		],
	},
	{
		key: 'outgoing_call',
		label: 'Исходящий звонок',
		name: 'Outgoing Call',
		meaning: 'An employee starts a call to a contact',
		variables: [
			...COMMON,
			'contact_phone_number',
			'contact_id',
			'contact_full_name',
			'call_session_id',
			'employee_full_name',
			'employee_id',
			'employee_phone_number',
			...TRACKING,
		],
	},
	{
		key: 'talk_started',
		label: 'Начало разговора',
		name: 'Talk Started',
		meaning: 'Someone answered: the conversation begins',
		formerNames: ['Call Start (Talk Started)'],
		variables: [
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
			...TRACKING,
		],
	},
	{
		key: 'talk_finished',
		label: 'Окончание разговора',
		name: 'Talk Finished',
		meaning: 'A conversation ends; the call may go on (e.g. after a transfer)',
		variables: [
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
			...TRACKING,
		],
	},
	{
		key: 'lost_call',
		label: 'Потерянный звонок',
		name: 'Lost Call',
		meaning: 'Nobody answered an incoming call',
		variables: [
			...COMMON,
			'scenario_name',
			'wait_time_duration',
			'employee_ids',
			'contact_phone_number',
			'communication_number',
			'contact_id',
			'contact_full_name',
			'call_session_id',
			...TRACKING,
		],
	},
	{
		key: 'call_finished',
		label: 'Завершение звонка',
		name: 'Call Finished',
		meaning: 'The whole call is over, with its durations and tags',
		formerNames: ['Call End'],
		variables: [
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
			'start_time',
			...TRACKING,
		],
	},
	{
		key: 'talk_recorded',
		label: 'Записанный разговор',
		name: 'Recorded Talk',
		meaning: 'A recording is ready to download (can come minutes after the call)',
		variables: [
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
			...TRACKING,
		],
	},
];

export function findEvent(key: string): NotificationEvent | undefined {
	return NOTIFICATION_EVENTS.find((e) => e.key === key);
}

const BY_TEXT = new Map<string, string>();
for (const event of NOTIFICATION_EVENTS) {
	for (const text of [event.key, event.label, event.name, ...(event.formerNames ?? [])])
		BY_TEXT.set(text.trim().toLowerCase(), event.key);
}

function asText(value: unknown): string | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first.trim().toLowerCase() : undefined;
}

/**
 * The event a payload belongs to: an explicit `event` field (our templates add it), else `notification_mnemonic`,
 * else `notification_name` when the user kept the cabinet's default name. Undefined when none says.
 */
export function detectEvent(fields: Record<string, unknown>): string | undefined {
	for (const name of ['event', 'notification_mnemonic', 'notification_name']) {
		const text = asText(fields[name]);
		if (text === undefined || text === '') continue;
		const key = BY_TEXT.get(text);
		if (key) return key;
	}
	return undefined;
}
