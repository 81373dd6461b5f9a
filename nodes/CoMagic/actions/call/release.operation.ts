import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { CoMagicClient } from '../../transport';
import { includeLimitsOption, positiveInteger, updateDisplayOptions } from '../common';

export const callSessionIdProperty: INodeProperties = {
	displayName: 'Call Session ID',
	name: 'callSessionId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 3545169699',
	description: 'From a start operation, a notification, or the call log',
};

const properties: INodeProperties[] = [
	callSessionIdProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [includeLimitsOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['release'] } },
	properties,
);

/** release.call: ends the whole call session. Not repeated on failure: the call may have ended meanwhile. */
export async function execute(
	this: IExecuteFunctions,
	client: CoMagicClient,
	i: number,
): Promise<INodeExecutionData[]> {
	const id = positiveInteger.call(
		this,
		this.getNodeParameter('callSessionId', i),
		'Call Session ID',
		i,
	);
	await client.request(
		'call',
		'release.call',
		{ call_session_id: id },
		{ read: false, itemIndex: i },
	);
	return [{ json: { call_session_id: id, released: true }, pairedItem: { item: i } }];
}
