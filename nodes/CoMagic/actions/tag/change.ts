import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from '../../../shared/errors';
import { errorMnemonic, type CoMagicClient } from '../../transport';
import { locatorValue, positiveInteger } from '../common';

/**
 * set/unset.tag_communications. Adding a tag that is already there (duplicate_entity) is a soft success, like a
 * repeated sale: re-running a workflow must not fail on it.
 */
export async function changeTag(
	this: IExecuteFunctions,
	client: CoMagicClient,
	method: 'set.tag_communications' | 'unset.tag_communications',
	i: number,
): Promise<INodeExecutionData[]> {
	const params: IDataObject = {
		communication_id: positiveInteger.call(
			this,
			this.getNodeParameter('communicationId', i),
			'Communication ID',
			i,
		),
		communication_type: this.getNodeParameter('communicationType', i) as string,
		tag_id: positiveInteger.call(this, locatorValue.call(this, 'tag', i), 'Tag ID', i),
	};
	const summary = { communication_id: params.communication_id, tag_id: params.tag_id };
	const adding = method === 'set.tag_communications';
	try {
		await client.request('data', method, params, { read: false, itemIndex: i });
	} catch (error) {
		if (adding && errorMnemonic(error) === 'duplicate_entity') {
			return [{ json: { ...summary, tagged: true, alreadyTagged: true }, pairedItem: { item: i } }];
		}
		throw asNodeError(this.getNode(), error, i);
	}
	return [
		{
			json: adding
				? { ...summary, tagged: true, alreadyTagged: false }
				: { ...summary, removed: true },
			pairedItem: { item: i },
		},
	];
}
