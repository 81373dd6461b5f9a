import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { CoMagicClient } from '../../transport';
import { locatorValue, sortedOptions, readOptions, toE164, updateDisplayOptions } from '../common';
import {
	buildMessage,
	contactProperty,
	dialledOptions,
	dialledParams,
	messageOptions,
	sharedParams,
	startCall,
	startNotice,
	startOptions,
	virtualNumberLocator,
} from './shared';

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
	{
		displayName: 'First Call',
		name: 'firstCall',
		type: 'options',
		options: [
			{ name: 'Contact', value: 'contact' },
			{ name: 'Operator', value: 'operator' },
		],
		default: 'operator',
		description: 'Who is dialled first',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: sortedOptions([
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
			...startOptions,
		]),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['startSimpleCall'] } },
	properties,
);

/** start.simple_call: two arbitrary numbers connected through a virtual number (reference §2.2). */
export async function execute(
	this: IExecuteFunctions,
	client: CoMagicClient,
	i: number,
): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, i);
	const firstCall = this.getNodeParameter('firstCall', i) as string;
	const params: IDataObject = {
		virtual_phone_number: toE164.call(
			this,
			locatorValue.call(this, 'virtualPhoneNumber', i),
			'Virtual Number',
			i,
		),
		contact: toE164.call(this, this.getNodeParameter('contact', i), 'Contact Phone', i),
		operator: toE164.call(this, this.getNodeParameter('operator', i), 'Operator Phone', i),
		first_call: firstCall,
		...sharedParams.call(this, options, i),
		...dialledParams.call(this, options, firstCall === 'operator' ? 'operator' : 'contact', i),
	};
	const contactMessage = buildMessage.call(this, options, 'contact', i);
	if (contactMessage) params.contact_message = contactMessage;
	const operatorMessage = buildMessage.call(this, options, 'operator', i);
	if (operatorMessage) params.operator_message = operatorMessage;
	const confirmation = String(options.operatorConfirmation ?? '').trim();
	if (confirmation) params.operator_confirmation = confirmation;
	return await startCall.call(this, client, 'start.simple_call', params, options, i);
}
