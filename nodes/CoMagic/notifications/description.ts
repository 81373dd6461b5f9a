import type { INodeProperties } from 'n8n-workflow';

import { NOTIFICATION_EVENTS } from './events';
import { templateNotice } from './templates';

const NOTIFICATIONS = { show: { mode: ['notifications'] } };
const INTERACTIVE = { show: { mode: ['interactive'] } };

const eventOptions = [
	{ name: 'Any Event', value: 'any', description: 'Every notification, including unknown ones' },
	...NOTIFICATION_EVENTS.map((e) => ({ name: e.name, value: e.key, description: `«${e.label}»` })),
].sort((a, b) => a.name.localeCompare(b.name));

const templateNotices: INodeProperties[] = NOTIFICATION_EVENTS.map((event) => ({
	displayName: templateNotice(event),
	name: `template_${event.key}`,
	type: 'notice',
	default: '',
	displayOptions: { show: { mode: ['notifications'], events: ['any', event.key] } },
}));

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Interactive Call Processing',
				value: 'interactive',
				description:
					'A scenario step asks the workflow where to route a live call and waits for the answer',
			},
			{
				name: 'Notifications',
				value: 'notifications',
				description: 'The cabinet reports call events (incoming, lost, finished, recorded…)',
			},
		],
		default: 'notifications',
	},
	{
		displayName:
			'CoMagic has no API to register this URL: paste the Production URL above into the cabinet by hand (Test URL while listening for a test event). Add the shared secret as set below — a query parameter is the safest choice, because the cabinet does not document custom headers.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
		displayOptions: NOTIFICATIONS,
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: eventOptions,
		default: ['any'],
		required: true,
		description: 'Which notifications start the workflow; the others are acknowledged and dropped',
		displayOptions: NOTIFICATIONS,
	},
	...templateNotices,
	{
		displayName:
			'In the scenario add the step «Интерактивная обработка вызова», URL: this node\'s Production URL (with the secret as a query parameter), method GET or POST, parameters cdr_id, numa, numb, input_result, call_session_id. The answer comes from the first item of the last node: {"phones": ["7495…"]}, {"message_name": "…"} or {"text": "…"}, or {"returned_code": 2}. The Respond to Webhook node cannot be used: it only accepts n8n\'s own Webhook node as trigger. When the workflow fails, answers something else or takes longer than the time budget, the default answer below is sent instead — also set a fallback branch in the scenario.',
		name: 'interactiveNotice',
		type: 'notice',
		default: '',
		displayOptions: INTERACTIVE,
	},
	{
		displayName: 'Default Answer',
		name: 'defaultAnswer',
		type: 'json',
		default: '{"returned_code": 1}',
		description:
			'Sent when the workflow fails, answers something that is not a valid answer, or runs past the time budget',
		displayOptions: INTERACTIVE,
	},
	{
		displayName: 'Time Budget (Ms)',
		name: 'timeBudgetMs',
		type: 'number',
		typeOptions: { minValue: 100, maxValue: 60000 },
		default: 3000,
		description: 'How long the caller may wait for the workflow before the default answer is sent',
		displayOptions: INTERACTIVE,
	},
	{
		displayName: 'Secret Location',
		name: 'secretLocation',
		type: 'options',
		options: [
			{
				name: 'Body Field',
				value: 'body',
				description: 'A constant field in the POST body template',
			},
			{ name: 'Header', value: 'header', description: 'A request header' },
			{
				name: 'None',
				value: 'none',
				description: 'Anyone who knows the URL can start the workflow',
			},
			{
				name: 'Query Parameter',
				value: 'query',
				description: 'Appended to the URL in the cabinet, e.g. ?token=…',
			},
		],
		default: 'query',
		description:
			'Where the sender puts the shared secret; a wrong or missing secret gets 401 and starts nothing',
	},
	{
		displayName: 'Parameter, Header or Field Name',
		name: 'fieldName',
		type: 'string',
		default: 'token',
		description: 'Name of the query parameter, header or body field that carries the secret',
		displayOptions: { hide: { secretLocation: ['none'] } },
	},
	{
		displayName: 'Shared Secret',
		name: 'secret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'A long random value that only the cabinet and this workflow know',
		displayOptions: { hide: { secretLocation: ['none'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Account Time Zone',
				name: 'timeZone',
				type: 'string',
				default: 'Europe/Moscow',
				description:
					'IANA zone the cabinet writes local times in (notification_time, start_time); output times are ISO 8601 in this zone',
			},
			{
				displayName: 'Duplicate Window (Seconds)',
				name: 'duplicateWindow',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 300,
				description:
					'A repeat of the same event for the same call_session_id (an unrecognised event: the same body) within this window starts nothing, also when copies arrive together (0 = off). Kept in this n8n process\'s memory: a restart forgets it, and with several webhook processes (queue mode) each keeps its own, so a repeat can slip through there. For an exact guard, claim a Data Table row keyed "event:call_session_id" first.',
				displayOptions: { show: { '/mode': ['notifications'] } },
			},
			{
				displayName: 'IP Allow-List',
				name: 'ipAllowList',
				type: 'string',
				default: '',
				placeholder: 'e.g. 10.0.0.0/8, 192.0.2.7',
				description:
					'Only these senders (addresses or IPv4 ranges, comma-separated) may call; others get 403. Empty allows everyone.',
			},
			{
				displayName: 'Unknown Events',
				name: 'unknownEvents',
				type: 'options',
				options: [
					{ name: 'Drop', value: 'drop', description: 'Acknowledge and start nothing' },
					{
						name: 'Pass As "Unknown"',
						value: 'pass',
						description: 'Start the workflow with event "unknown"',
					},
				],
				default: 'pass',
				description:
					'What to do with a notification whose event cannot be recognised (applies whatever Events selects)',
				displayOptions: { show: { '/mode': ['notifications'] } },
			},
		],
	},
];
