import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/operation';
import type { CoMagicClient } from '../../transport';
import { readOptions, toE164 } from '../parameters';
import {
	contactProperty,
	dialledOptions,
	firstCallProperty,
	messageOptions,
	startNotice,
	startOptionsCollection,
	virtualNumberLocator,
} from './startFields';
import { startCall } from './startOnce';
import { addMessages, dialledParams, startParams } from './startParams';

const properties: INodeProperties[] = [
	startNotice,
	virtualNumberLocator,
	contactProperty,
	{
		displayName: 'Operator Phone',
		name: 'operator',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. +7 926 244-44-91',
		description: 'Any number but your own virtual ones: the person who talks to the contact',
	},
	firstCallProperty({ name: 'Operator', value: 'operator' }),
	startOptionsCollection([
		...messageOptions('contact', 'Contact'),
		...dialledOptions,
		...messageOptions('operator', 'Operator'),
		{
			displayName: 'Operator Confirmation',
			name: 'operatorConfirmation',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1',
			description: 'Key the operator must press to accept the call (0-9, * or #), or "any"',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['startSimpleCall'] } },
	properties,
);

/**
 * start.simple_call: two arbitrary numbers connected through a virtual number
 * (https://comagic.github.io/call_api/create_call/start_simple_call/).
 */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, i);
	const firstCall = this.getNodeParameter('firstCall', i) as string;
	const params: IDataObject = {
		...startParams.call(this, options, i),
		operator: toE164.call(this, this.getNodeParameter('operator', i), 'Operator Phone', i),
		first_call: firstCall,
		...dialledParams.call(this, options, firstCall === 'operator' ? 'operator' : 'contact', i),
	};
	addMessages.call(this, params, options, ['contact', 'operator'], i);
	const confirmation = String(options.operatorConfirmation ?? '').trim();
	if (confirmation) params.operator_confirmation = confirmation;
	return await startCall.call(this, client, 'start.simple_call', params, options, i);
}
