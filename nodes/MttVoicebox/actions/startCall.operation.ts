import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { sentence } from '../../shared/errors';
import { toItems } from '../../shared/operation';
import { normalizeRuPhone } from '../../shared/phone';
import { refuseBlindRetry } from '../../shared/startGuard';
import { DEFAULT_GUID, FIELDS } from '../helpers/fields';
import { makeSpeakable, SPEAKABLE_CHARACTERS } from '../helpers/speech';
import { postStartCall, type StartCallBody } from '../transport/voiceboxApi';

const show = { show: { operation: ['startCall'] } };

export const description: INodeProperties[] = [
	{
		displayName:
			'Each run dials once and is never repeated by this node: a repeat can ring the patient twice. With Retry On Fail on, the node refuses to dial; plan further attempts with Plan Next Attempt.',
		name: 'startNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Campaign ID',
		name: 'campaignId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 5b0c2d3e-8a4f-4c55-9d27-1f0e6a7b8c9d',
		description: 'UUID of a campaign launched by HTTP request (shown on its page in Voicebox)',
		displayOptions: show,
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. +7 912 345-67-89',
		description:
			'Russian number in any usual shape (+7 (912) 345-67-89, 8 912 345 67 89, 9123456789); sent as 7XXXXXXXXXX',
		displayOptions: show,
	},
	{
		displayName: 'GUID',
		name: 'guid',
		type: 'string',
		default: DEFAULT_GUID,
		placeholder: 'e.g. V123-2',
		description: `A stable key for THIS call, sent as the scenario's "guid" variable so its status callbacks can be matched. Default: the item's "${FIELDS.visitId}" and the number of this call, "${FIELDS.attemptsMade}" (calls placed before it) + 1, e.g. V123-1 for the first call. Clear it if the scenario has no guid variable.`,
		displayOptions: show,
	},
	{
		displayName: 'Variables',
		name: 'variables',
		type: 'fixedCollection',
		placeholder: 'Add Variable',
		typeOptions: { multipleValues: true },
		default: {},
		description:
			'Scenario variables, by the names the scenario declares ({{name}} in a phrase = "name" here)',
		displayOptions: show,
		options: [
			{
				displayName: 'Variable',
				name: 'variable',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. phrase',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. Эндоскопист, 4 июня, в 11:30',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Send Values As Is',
				name: 'sendAsIs',
				type: 'boolean',
				default: false,
				description: `Whether to send variable values unchanged instead of keeping only ${SPEAKABLE_CHARACTERS} (other symbols make the robot stumble; commas are pauses). Build Visit Phrase output passes unchanged either way.`,
			},
		],
	},
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** set by Voicebox or by the fields above, never by a variable row */
const RESERVED = ['number', 'guid'];

function fail(
	ctx: IExecuteFunctions,
	i: number,
	message: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), sentence(message), {
		itemIndex: i,
		description,
	});
}

function textOf(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return value.map((v) => textOf(v) ?? '').join(', ');
	return undefined;
}

function variablesOf(ctx: IExecuteFunctions, i: number, sendAsIs: boolean): IDataObject {
	const rows =
		(ctx.getNodeParameter('variables.variable', i, []) as Array<{
			name?: unknown;
			value?: unknown;
		}>) ?? [];
	const data: IDataObject = {};
	for (const row of rows) {
		const name = String(row.name ?? '').trim();
		if (name === '')
			throw fail(
				ctx,
				i,
				'a variable has no name',
				'Give every variable row the name the scenario uses.',
			);
		if (RESERVED.includes(name)) {
			throw fail(
				ctx,
				i,
				`variable "${name}" is reserved`,
				'Use the Phone and GUID fields for these.',
			);
		}
		if (name in data) throw fail(ctx, i, `variable "${name}" is set twice`);
		if (sendAsIs) {
			data[name] = row.value as IDataObject[string];
			continue;
		}
		const text = textOf(row.value);
		if (text === undefined) {
			throw fail(
				ctx,
				i,
				`variable "${name}" has a value the robot cannot say (${JSON.stringify(row.value) ?? 'undefined'})`,
				'Map a text, a number or a list of texts.',
			);
		}
		const spoken = makeSpeakable(text);
		if (spoken === '') {
			throw fail(
				ctx,
				i,
				`variable "${name}" is empty${text.trim() ? ` after removing symbols from ${JSON.stringify(text)}` : ''}`,
				'The scenario would read a blank. Map a value, or turn on "Send Values As Is".',
			);
		}
		data[name] = spoken;
	}
	return data;
}

function guidOf(ctx: IExecuteFunctions, i: number): string | undefined {
	const raw = ctx.getNodeParameter('guid', i, '') as unknown;
	const guid = raw === undefined || raw === null ? '' : String(raw).trim();
	if (guid === '') return undefined;
	// the default expression renders "V1-" or "-1" when the item lacks the count or the visit ID
	if (
		!/[\p{L}\p{N}]/u.test(guid) ||
		/(^|\W)(undefined|null|NaN)(\W|$)/.test(guid) ||
		/^-|-$/.test(guid)
	) {
		throw fail(
			ctx,
			i,
			`GUID "${guid}" looks unmapped`,
			`Map a stable key for this call (visit ID + the number of this call), e.g. give the item "${FIELDS.visitId}" and "${FIELDS.attemptsMade}" for the default, or clear the GUID field if the scenario has no guid variable.`,
		);
	}
	return guid;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	refuseBlindRetry(this.getNode(), i);
	const campaignId = String(this.getNodeParameter('campaignId', i, '') ?? '').trim();
	if (!UUID.test(campaignId)) {
		throw fail(
			this,
			i,
			`campaign ID "${campaignId}" is not a UUID`,
			'Copy the campaign ID from the campaign page in Voicebox (e.g. 5b0c2d3e-8a4f-4c55-9d27-1f0e6a7b8c9d).',
		);
	}
	const phoneInput = this.getNodeParameter('phone', i, '') as unknown;
	const phone = normalizeRuPhone(phoneInput);
	if (!phone.ok) throw fail(this, i, `invalid phone: ${phone.reason}`);
	const guid = guidOf(this, i);
	const options = this.getNodeParameter('options', i, {}) as { sendAsIs?: boolean };
	const variables = variablesOf(this, i, options.sendAsIs === true);
	const data: IDataObject = {
		number: phone.phone,
		...(guid !== undefined ? { guid } : {}),
		...variables,
	};
	const body: StartCallBody = { method: campaignId, data };
	const response = await postStartCall.call(this, body, i);
	const id = response.id;
	const json: IDataObject = {
		callId: typeof id === 'string' || typeof id === 'number' ? id : null,
		number: phone.phone,
		guid: guid ?? null,
		campaignId,
		sent: body as unknown as IDataObject,
		...(id === undefined ? { response } : {}),
	};
	return toItems([json], i);
}
