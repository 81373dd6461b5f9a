import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { toItems, updateDisplayOptions } from '../../../shared/operation';
import type { CoMagicClient } from '../../transport';
import { maxWait, readOptions, toE164 } from '../parameters';
import {
	directionFilter,
	includeLimitsOption,
	maxLimitWaitOption,
	optionsCollection,
} from '../properties';

const properties: INodeProperties[] = [
	optionsCollection([
		directionFilter,
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
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['getActive'] } },
	properties,
);

/** list.calls: calls in progress now, one item each (https://comagic.github.io/call_api/manage_call/list_calls/). */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
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
	return toItems(Array.isArray(data) ? data : [], i);
}
