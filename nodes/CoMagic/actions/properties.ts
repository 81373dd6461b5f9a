import type { INodeProperties } from 'n8n-workflow';

import { compareNames } from '../../shared/order';

/** Parameters and options that several CoMagic operations show alike. */

/** Offered by every operation. */
export const includeLimitsOption: INodeProperties = {
	displayName: 'Include API Limits',
	name: 'includeLimits',
	type: 'boolean',
	default: false,
	description:
		"Whether to add the account's remaining API points (metadata.limits of the last answer) to each output item as _limits",
};

/** Offered by reads, which wait out a per-minute limit instead of failing. */
export const maxLimitWaitOption: INodeProperties = {
	displayName: 'Max Wait on Rate Limit (Seconds)',
	name: 'maxLimitWait',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 90,
	description:
		'When the per-minute API points run out, wait for the reset and go on, spending at most this long in total. 0 = fail at once.',
};

/** Only calls in one direction (a filter of reads; start.* have their own Direction, without Any). */
export const directionFilter: INodeProperties = {
	displayName: 'Direction',
	name: 'direction',
	type: 'options',
	options: [
		{ name: 'Any', value: '' },
		{ name: 'In', value: 'in' },
		{ name: 'Out', value: 'out' },
	],
	default: '',
};

/** The Options collection of an operation. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/** Collection options in alphabetical order, as the n8n UI guidelines ask, when they come from several lists. */
export function sortedOptions(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => compareNames(a.displayName, b.displayName));
}

export function returnAllOrLimit(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** The call Release ends and Call Log → Get finds. */
export const callSessionIdProperty: INodeProperties = {
	displayName: 'Call Session ID',
	name: 'callSessionId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 3545169699',
	description: 'From a start operation, a notification, or the call log',
};

/** How far back a lookup by call session id searches the call report (Call Log → Get, Recording → Download). */
export const lookbackOption: INodeProperties = {
	displayName: 'Search Period (Months)',
	name: 'lookbackMonths',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 12,
	description:
		'How far back to look for the call. Newest 3 months first, one request per 3 months until it is found.',
};

/**
 * The communication a sale or a tag is put on (Data API set.tag_sales, set/unset.tag_communications:
 * https://comagic.github.io/data_api/).
 */
export const communicationProperties: INodeProperties[] = [
	{
		displayName: 'Communication ID',
		name: 'communicationId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3545169699',
		description: 'For calls, the call session ID (communication_id in the call log)',
	},
	{
		displayName: 'Communication Type',
		name: 'communicationType',
		type: 'options',
		options: [
			{ name: 'Call', value: 'call' },
			{ name: 'Chat', value: 'chat' },
			{ name: 'Goal', value: 'goal' },
			{ name: 'Offline Message', value: 'offline_message' },
		],
		default: 'call',
	},
];
