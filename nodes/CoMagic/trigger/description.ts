import type { INodeProperties } from 'n8n-workflow';

import { compareNames } from '../../shared/order';
import { ipAllowListOption, sharedSecretProperties } from '../../shared/webhook/properties';
import { NOTIFICATION_EVENTS } from './events';
import {
	DEFAULT_SECRET_NAME,
	TEMPLATE_SECRET_LOCATIONS,
	templateNotice,
	type TemplateSecretLocation,
} from './templates';

const NOTIFICATIONS = { show: { mode: ['notifications'] } };
const INTERACTIVE = { show: { mode: ['interactive'] } };

const eventOptions = [
	{
		name: 'Any Event',
		value: 'any',
		action: 'On any call event',
		description:
			'Every notification the cabinet sends; one that names no known event too, unless Options → Unknown Events is Drop',
	},
	...NOTIFICATION_EVENTS.map((e) => ({
		name: e.name,
		value: e.key,
		action: `On ${e.name.toLowerCase()}`,
		description: `«${e.label}» in the cabinet. ${e.meaning}.`,
	})),
].sort((a, b) => compareNames(a.name, b.name));

const variantSuffix = (location: TemplateSecretLocation) =>
	location === 'query' ? '' : `_${location}`;

/**
 * One event's template at a time. Events chosen by name show their own templates (usually one); with Any Event the
 * "Show Template For" field picks the one to show. Each comes in the variant of the chosen Secret Location, so what
 * is pasted carries the secret where the node looks for it.
 */
const templateNotices: INodeProperties[] = NOTIFICATION_EVENTS.flatMap((event) =>
	TEMPLATE_SECRET_LOCATIONS.flatMap((location): INodeProperties[] => {
		// built once for both notices: n8n reads this description at every start
		const notice = templateNotice(event, location);
		return [
			{
				displayName: notice,
				name: `template_${event.key}${variantSuffix(location)}`,
				type: 'notice',
				default: '',
				displayOptions: {
					show: {
						mode: ['notifications'],
						events: [event.key],
						secretLocation: [location],
					},
					hide: { events: ['any'] },
				},
			},
			{
				displayName: notice,
				name: `templateAny_${event.key}${variantSuffix(location)}`,
				type: 'notice',
				default: '',
				displayOptions: {
					show: {
						mode: ['notifications'],
						events: ['any'],
						templateEvent: [event.key],
						secretLocation: [location],
					},
				},
			},
		];
	}),
);

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
			'CoMagic has no API to register this URL: in the cabinet add one HTTP notification per event and paste the template shown below for it. The secret rides in the URL by default, because the cabinet does not document custom headers.',
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
		description:
			'Which notifications start the workflow; the others are acknowledged and dropped. Names as the cabinet lists them («Тип события»).',
		displayOptions: NOTIFICATIONS,
	},
	{
		displayName:
			'In the scenario add the step «Интерактивная обработка вызова», URL: this node\'s Production URL followed by ?token=YOUR_SECRET (the parameter name below and the secret: the credential\'s Secret, on version 1 the Shared Secret), method GET or POST, parameters cdr_id, numa, numb, input_result, call_session_id. The answer comes from the first item of the last node: {"phones": ["7495…"]}, {"message_name": "…"} or {"text": "…"}, or {"returned_code": 2}. The Respond to Webhook node cannot be used: it only accepts n8n\'s own Webhook node as trigger. When the workflow fails, answers something else or takes longer than the time budget, the default answer below is sent instead — also set a fallback branch in the scenario.',
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
		// "(ms)" would read best, but n8n's strict lint (node-param-display-name-miscased) insists on title case
		displayName: 'Time Budget (Milliseconds)',
		name: 'timeBudgetMs',
		type: 'number',
		typeOptions: { minValue: 100, maxValue: 60000 },
		default: 3000,
		description:
			'How long the caller may wait for the workflow, in milliseconds (3000 = 3 s), before the default answer is sent',
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
				description:
					'A constant field of the POST body (the template shows it); a GET carries it in the URL',
			},
			{
				name: 'Header',
				value: 'header',
				description: 'A request header, if your cabinet offers custom headers (not documented)',
			},
			{
				name: 'None',
				value: 'none',
				description: 'Anyone who knows the URL can start the workflow',
			},
			{
				name: 'Query Parameter',
				value: 'query',
				description: `Appended to the URL in the cabinet, e.g. ?${DEFAULT_SECRET_NAME}=…`,
			},
		],
		default: 'query',
		description:
			'Where the cabinet puts the shared secret; a wrong or missing secret gets 401 and starts nothing',
		displayOptions: NOTIFICATIONS,
	},
	{
		// the scenario step sends only a URL and its listed parameters: the secret can only ride in the URL
		displayName: 'Secret Location',
		name: 'secretLocation',
		type: 'options',
		options: [
			{
				name: 'None',
				value: 'none',
				description: 'Anyone who knows the URL can route your calls',
			},
			{
				name: 'Query Parameter',
				value: 'query',
				description: `Appended to the URL of the scenario step, e.g. ?${DEFAULT_SECRET_NAME}=…`,
			},
		],
		default: 'query',
		description:
			'Where the scenario step puts the shared secret: only its URL can carry one. A wrong or missing secret gets 401 and the default answer of the scenario.',
		displayOptions: INTERACTIVE,
	},
	{
		displayName: 'Parameter, Header or Field Name',
		name: 'fieldName',
		type: 'string',
		default: DEFAULT_SECRET_NAME,
		description: 'Name of the query parameter, header or body field that carries the secret',
		displayOptions: { show: { mode: ['notifications'] }, hide: { secretLocation: ['none'] } },
	},
	{
		displayName: 'Parameter Name',
		name: 'fieldName',
		type: 'string',
		default: DEFAULT_SECRET_NAME,
		description: 'Name of the query parameter that carries the secret',
		displayOptions: { show: { mode: ['interactive'] }, hide: { secretLocation: ['none'] } },
	},
	...sharedSecretProperties(
		'A long random value that only the cabinet and this workflow know. Required: without it anyone who finds the URL can start the workflow (in interactive mode: route live calls), so the trigger will not activate with it empty. Choose Secret Location "None" only behind a filter of your own.',
		{
			trigger: 'CoMagic Trigger',
			credential: 'CoMagic Trigger API',
			sender: 'every notification and scenario step in the cabinet',
		},
	),
	{
		displayName: 'Show Template For',
		name: 'templateEvent',
		type: 'options',
		options: NOTIFICATION_EVENTS.map((e) => ({
			name: e.name,
			value: e.key,
			description: `«${e.label}»`,
		})).sort((a, b) => compareNames(a.name, b.name)),
		default: 'call_finished',
		description:
			"Any Event: which event's template to show. Add one notification per event you need in the cabinet; pick each in turn here. Display only: it changes nothing the trigger accepts.",
		displayOptions: { show: { mode: ['notifications'], events: ['any'] } },
	},
	...templateNotices,
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
			ipAllowListOption,
			{
				displayName: 'Unknown Events',
				name: 'unknownEvents',
				type: 'options',
				options: [
					{
						name: 'Drop',
						value: 'drop',
						description: 'Acknowledge it and start nothing',
					},
					{
						name: 'Pass As "Unknown"',
						value: 'pass',
						description:
							'Start the workflow with event "unknown", even when Events lists only other events',
					},
				],
				default: 'pass',
				description:
					'A notification that names no event this node knows (no event field, an unfamiliar notification_mnemonic and a renamed notification_name). With Pass, the default, it starts the workflow even when Events is only e.g. "Call Finished": check the event field, or choose Drop.',
				displayOptions: { show: { '/mode': ['notifications'] } },
			},
		],
	},
];
