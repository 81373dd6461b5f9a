import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems, updateDisplayOptions } from '../../../shared/operation';
import type { CoMagicClient } from '../../transport';
import { idParameter } from '../parameters';
import { callSessionIdProperty, includeLimitsOption, optionsCollection } from '../properties';

const properties: INodeProperties[] = [
	callSessionIdProperty,
	optionsCollection([includeLimitsOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['release'] } },
	properties,
);

/** release.call: ends the whole call session. Not repeated on failure: the call may have ended meanwhile. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	const id = idParameter.call(this, 'callSessionId', 'Call Session ID', i);
	await client.request(
		'call',
		'release.call',
		{ call_session_id: id },
		{ read: false, itemIndex: i },
	);
	return toItems([{ call_session_id: id, released: true }], i);
}
