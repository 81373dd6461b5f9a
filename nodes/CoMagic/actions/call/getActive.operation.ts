import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { CoMagicClient } from '../../transport';
import {
	includeLimitsOption,
	maxLimitWaitOption,
	maxWait,
	readOptions,
	toE164,
	updateDisplayOptions,
} from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Direction',
				name: 'direction',
				type: 'options',
				options: [
					{ name: 'Any', value: '' },
					{ name: 'In', value: 'in' },
					{ name: 'Out', value: 'out' },
				],
				default: '',
			},
			includeLimitsOption,
			maxLimitWaitOption,
			{
				displayName: 'Virtual Number',
				name: 'virtualPhoneNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. 74993720692',
				description: 'Only calls through this virtual number',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['getActive'] } },
	properties,
);

/** list.calls: calls in progress now, one item each (reference §2.3). */
export async function execute(
	this: IExecuteFunctions,
	client: CoMagicClient,
	i: number,
): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, i);
	const params: IDataObject = {};
	if (options.direction) params.direction = options.direction;
	const number = String(options.virtualPhoneNumber ?? '').trim();
	if (number) params.virtual_phone_number = toE164.call(this, number, 'Virtual Number', i);
	const { data } = await client.request<IDataObject[]>('call', 'list.calls', params, {
		read: true,
		itemIndex: i,
		maxLimitWaitSeconds: maxWait(options),
	});
	return (Array.isArray(data) ? data : []).map((json) => ({ json, pairedItem: { item: i } }));
}
