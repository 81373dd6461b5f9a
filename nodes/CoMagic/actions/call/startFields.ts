import { DateTime } from 'luxon';
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { refuseBlindRetry } from '../../../shared/startGuard';
import { findInReport, type CoMagicClient } from '../../transport';
import {
	includeLimitsOption,
	locatorValue,
	positiveInteger,
	sortedOptions,
	toE164,
} from '../common';

/** Parameters and helpers the start.* operations share (reference §2.2). */

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

export function buildMessage(
	this: IExecuteFunctions,
	options: IDataObject,
	prefix: string,
	itemIndex: number,
): IDataObject | undefined {
	const text = String(options[`${prefix}MessageText`] ?? '').trim();
	const media = Number(options[`${prefix}MessageMediaId`] ?? 0);
	if (text && media) {
		throw new NodeOperationError(
			this.getNode(),
			`Set either a message text or a media file ID for "${prefix}", not both`,
			{
				itemIndex,
			},
		);
	}
	if (text) return { type: 'tts', value: text };
	if (media)
		return {
			type: 'media',
			value: String(positiveInteger.call(this, media, 'Media file ID', itemIndex)),
		};
	return undefined;
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

/** Options of the dialled calls (simple, employee), reference §2.2. */
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

/**
 * start.* parameters common to all: the virtual number, the contact and the shared options (access_token comes
 * from the credential).
 */
export function startParams(
	this: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): IDataObject {
	const params: IDataObject = {
		virtual_phone_number: toE164.call(
			this,
			locatorValue.call(this, 'virtualPhoneNumber', itemIndex),
			'Virtual Number',
			itemIndex,
		),
		contact: toE164.call(
			this,
			this.getNodeParameter('contact', itemIndex),
			'Contact Phone',
			itemIndex,
		),
	};
	const direction = String(options.direction ?? '');
	if (direction) params.direction = direction;
	const dtmf = String(options.dtmfString ?? '').trim();
	if (dtmf) {
		if (!/^[0-9*#.]+$/.test(dtmf)) {
			throw new NodeOperationError(
				this.getNode(),
				`DTMF String may hold only 0-9, *, # and dots, got "${dtmf}"`,
				{
					itemIndex,
				},
			);
		}
		params.dtmf_string = dtmf;
	}
	const externalId = String(options.externalId ?? '').trim();
	if (externalId) params.external_id = externalId;
	const rule = String(options.virtualPhoneUsageRule ?? '');
	if (rule && rule !== 'fixed') params.virtual_phone_usage_rule = rule;
	return params;
}

/** `<side>_message` for each side that has a message configured. */
export function addMessages(
	this: IExecuteFunctions,
	params: IDataObject,
	options: IDataObject,
	sides: string[],
	itemIndex: number,
): void {
	for (const side of sides) {
		const message = buildMessage.call(this, options, side, itemIndex);
		if (message) params[`${side}_message`] = message;
	}
}

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
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: sortedOptions([...own, ...startOptions]),
	};
}

export function dialledParams(
	this: IExecuteFunctions,
	options: IDataObject,
	firstCall: string,
	itemIndex: number,
): IDataObject {
	const params: IDataObject = {};
	if (options.switchAtOnce !== undefined) params.switch_at_once = options.switchAtOnce === true;
	if (options.earlySwitching === true) {
		if (firstCall === 'contact' || options.switchAtOnce !== true) {
			throw new NodeOperationError(
				this.getNode(),
				'Early Switching needs the operator called first and Switch at Once on',
				{
					itemIndex,
					description:
						'Set First Call to the operator (employee) and turn Switch at Once on, or turn Early Switching off.',
				},
			);
		}
		params.early_switching = true;
	}
	if (options.showVirtualPhoneNumber !== undefined) {
		params.show_virtual_phone_number = options.showVirtualPhoneNumber === true;
	}
	const media = Number(options.mediaFileId ?? 0);
	if (media)
		params.media_file_id = positiveInteger.call(this, media, 'Hold Music Media File ID', itemIndex);
	return params;
}

/**
 * Starts a call exactly once: the Call API request is never repeated by the node (a repeat can ring the contact
 * twice). With Skip If Already Started, the external id is looked up first and a found call is returned instead.
 */
export async function startCall(
	this: IExecuteFunctions,
	client: CoMagicClient,
	method: string,
	params: IDataObject,
	options: IDataObject,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const externalId = params.external_id as string | undefined;
	// with an external id looked up first, a retry finds the first call instead of dialling again
	refuseBlindRetry(
		this.getNode(),
		itemIndex,
		options.skipIfStarted === true && Boolean(externalId),
	);
	if (options.skipIfStarted === true) {
		if (!externalId) {
			throw new NodeOperationError(this.getNode(), 'Skip If Already Started needs an External ID', {
				itemIndex,
				description:
					'Add External ID under Options → Add Option and map your ID of this call into it (e.g. visit id + attempt).',
			});
		}
		const hours = Math.max(1, Number(options.skipLookbackHours ?? 24));
		const now = DateTime.now().setZone(client.zone);
		// a long lookup period is searched in windows the 3-month rule accepts, newest first
		const found = await findInReport(
			client,
			{
				include_ongoing_calls: true,
				fields: ['id', 'start_time', 'finish_time', 'call_api_external_id', 'contact_phone_number'],
				filter: { field: 'call_api_external_id', operator: '=', value: externalId },
				limit: 1,
			},
			{ from: now.minus({ hours }), till: now.plus({ minutes: 1 }), itemIndex },
		);
		const existing = found[0];
		if (existing) {
			return [
				{
					json: {
						call_session_id: existing.id,
						external_id: externalId,
						skipped: true,
						started_at: existing.start_time,
					},
					pairedItem: { item: itemIndex },
				},
			];
		}
	}
	const { data } = await client.request<IDataObject>('call', method, params, {
		read: false,
		itemIndex,
	});
	return [
		{
			json: {
				call_session_id: data.call_session_id,
				external_id: externalId ?? null,
				contact: params.contact,
				virtual_phone_number: params.virtual_phone_number,
				skipped: false,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
