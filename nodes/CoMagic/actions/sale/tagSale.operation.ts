import { DateTime } from 'luxon';
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { asNodeError } from '../../../shared/errors';
import { toItems, updateDisplayOptions } from '../../../shared/operation';
import { errorMnemonic, formatDataTime, type CoMagicClient } from '../../transport';
import { idParameter, readOptions, toDateTime } from '../parameters';
import { communicationProperties, includeLimitsOption, optionsCollection } from '../properties';

const properties: INodeProperties[] = [
	...communicationProperties,
	{
		displayName: 'Sale Date',
		name: 'saleDate',
		type: 'dateTime',
		default: '',
		description: 'When the sale happened (not earlier than the communication); empty = now',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		required: true,
		default: 0,
	},
	optionsCollection([
		{
			displayName: 'Comment',
			name: 'comment',
			type: 'string',
			default: '',
			description: 'Up to 255 characters',
		},
		includeLimitsOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['sale'], operation: ['tag'] } },
	properties,
);

/**
 * set.tag_sales. CoMagic refuses a repeat of the same sale with duplicate_entity; that is what a workflow run twice
 * produces, so it is a soft success marked alreadyTagged, not a failed run.
 */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, i);
	const communicationId = idParameter.call(this, 'communicationId', 'Communication ID', i);
	const dateValue = this.getNodeParameter('saleDate', i, '');
	const when =
		dateValue === '' ? DateTime.now().setZone(client.zone) : toDateTime(dateValue, client.zone);
	if (!when) {
		throw new NodeOperationError(
			this.getNode(),
			`Sale Date is not a date: "${String(dateValue)}"`,
			{ itemIndex: i },
		);
	}
	const amount = Number(this.getNodeParameter('amount', i));
	if (!Number.isFinite(amount) || amount < 0) {
		throw new NodeOperationError(this.getNode(), 'Amount must be a number, zero or more', {
			itemIndex: i,
		});
	}
	const comment = String(options.comment ?? '');
	if ([...comment].length > 255) {
		throw new NodeOperationError(
			this.getNode(),
			`Comment is ${[...comment].length} characters long; 255 at most`,
			{
				itemIndex: i,
			},
		);
	}
	const params: IDataObject = {
		communication_id: communicationId,
		communication_type: this.getNodeParameter('communicationType', i) as string,
		date_time: formatDataTime(when),
		transaction_value: amount,
	};
	if (comment) params.comment = comment;
	const summary = { communication_id: communicationId, date_time: params.date_time, amount };
	try {
		const { data } = await client.request<IDataObject>('data', 'set.tag_sales', params, {
			read: false,
			itemIndex: i,
		});
		return toItems([{ ...summary, sale_id: data?.id ?? null, alreadyTagged: false }], i);
	} catch (error) {
		if (errorMnemonic(error) === 'duplicate_entity') {
			return toItems([{ ...summary, sale_id: null, alreadyTagged: true }], i);
		}
		throw asNodeError(this.getNode(), error, i);
	}
}
