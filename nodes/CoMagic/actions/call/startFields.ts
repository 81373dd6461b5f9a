import type { INodeProperties } from 'n8n-workflow';

import { includeLimitsOption, optionsCollection, sortedOptions } from '../properties';

/**
 * The fields the start.* operations show alike (Call API, parameters shared by the start methods:
 * https://comagic.github.io/call_api/). Reading them into request parameters is startParams.ts.
 */

export const virtualNumberLocator: INodeProperties = {
	displayName: 'Virtual Number',
	name: 'virtualPhoneNumber',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'Your virtual number the contact sees as the caller ID',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchVirtualNumbers', searchable: true },
		},
		{
			displayName: 'Number',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 74993720692',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^\\+?\\d{11,15}$',
						errorMessage: 'Digits only, with the country code',
					},
				},
			],
		},
	],
};

/** Shown on every start operation: what makes a re-run safe. */
export const startNotice: INodeProperties = {
	displayName:
		'A start request is sent once and never repeated by this node: a repeat can ring the contact twice. To make re-runs safe, open Options → Add Option below, add External ID (your ID of this call) and Skip If Already Started, and turn the latter on (Retry On Fail is refused otherwise).',
	name: 'startNotice',
	type: 'notice',
	default: '',
};

export const contactProperty: INodeProperties = {
	displayName: 'Contact Phone',
	name: 'contact',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. +7 926 000-00-00',
	description:
		'The client to call. Russian numbers may be written any usual way; others need the country code.',
};

/** `{type, value}` message fields inside an options collection, TTS text or media file id. */
export function messageOptions(prefix: string, who: string): INodeProperties[] {
	return [
		{
			displayName: `${who} Message Media File ID`,
			name: `${prefix}MessageMediaId`,
			type: 'number',
			default: 0,
			description: `Media file (Data API get.media_files) played to the ${who.toLowerCase()}. Use either this or the text.`,
		},
		{
			displayName: `${who} Message Text`,
			name: `${prefix}MessageText`,
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description: `Text spoken to the ${who.toLowerCase()} by speech synthesis (length limited by the tariff)`,
		},
	];
}

/** Options of every start.* call. */
export const startOptions: INodeProperties[] = [
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'In', value: 'in' },
			{ name: 'Out', value: 'out' },
		],
		default: 'in',
		description: 'How the call is accounted in reports',
	},
	{
		displayName: 'DTMF String',
		name: 'dtmfString',
		type: 'string',
		default: '',
		placeholder: 'e.g. .12.1..4',
		description: 'Tones sent to the contact: 0-9 * #, a dot is a one-second pause',
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		placeholder: 'e.g. visit-1042-attempt-1',
		description:
			'Your ID of the call; reports show it as call_api_external_id. Needed for Skip If Already Started (also under Options).',
	},
	includeLimitsOption,
	{
		displayName: 'Skip If Already Started',
		name: 'skipIfStarted',
		type: 'boolean',
		default: false,
		description:
			'Whether to look the External ID up in the call report (ongoing calls included) first and not call again when it is there. Costs one extra request.',
	},
	{
		displayName: 'Skip Lookup Period (Hours)',
		name: 'skipLookbackHours',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 24,
		description: 'How far back Skip If Already Started looks for the External ID',
	},
	{
		displayName: 'Virtual Number Usage Rule',
		name: 'virtualPhoneUsageRule',
		type: 'options',
		options: [
			{ name: 'Fixed', value: 'fixed' },
			{ name: 'Fixed for Caller', value: 'fixed_for_numa' },
			{ name: 'Random', value: 'random' },
			{ name: 'Regional Fixed for Caller', value: 'regional_fixed_for_numa' },
			{ name: 'Regional Random', value: 'regional_random' },
		],
		default: 'fixed',
		description:
			'Dynamic choice of the caller ID (all but Fixed need «Automatic number management»)',
	},
];

/** Options of the dialled calls (simple, employee): https://comagic.github.io/call_api/create_call/start_simple_call/ */
export const dialledOptions: INodeProperties[] = [
	{
		displayName: 'Early Switching',
		name: 'earlySwitching',
		type: 'boolean',
		default: false,
		description:
			"Whether the operator hears the contact's line (ringback, voicemail); needs the operator called first and Switch at Once",
	},
	{
		displayName: 'Hold Music Media File ID',
		name: 'mediaFileId',
		type: 'number',
		default: 0,
		description: 'Music for the side that waits; 0 = the system melody',
	},
	{
		displayName: 'Show Virtual Number',
		name: 'showVirtualPhoneNumber',
		type: 'boolean',
		default: true,
		description: "Whether the operator sees the virtual number instead of the contact's",
	},
	{
		displayName: 'Switch at Once',
		name: 'switchAtOnce',
		type: 'boolean',
		default: false,
		description: 'Whether to cut the message short when the other side answers',
	},
];

/** "Who is dialled first": the contact or the other side (operator, employee). */
export function firstCallProperty(other: { name: string; value: string }): INodeProperties {
	const property: INodeProperties = {
		displayName: 'First Call',
		name: 'firstCall',
		type: 'options',
		options: [{ name: 'Contact', value: 'contact' }],
		default: 'contact',
		description: 'Who is dialled first',
	};
	// the other side is dialled first unless the user says otherwise
	return { ...property, options: [...(property.options ?? []), other], default: other.value };
}

/** The Options collection of a start operation: its own options plus those every start shares. */
export function startOptionsCollection(own: INodeProperties[]): INodeProperties {
	return optionsCollection(sortedOptions([...own, ...startOptions]));
}
