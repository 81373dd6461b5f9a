import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { asNodeError } from '../../../shared/errors';
import { errorMnemonic, type CoMagicClient } from '../../transport';
import {
	includeLimitsOption,
	locatorValue,
	positiveInteger,
	updateDisplayOptions,
	type Operation,
} from '../common';
import { communicationProperties, tagLocator } from '../communication';

type TagMethod = 'set.tag_communications' | 'unset.tag_communications';

/** Add and Remove differ only in the API method: one description, one execute. */
export function tagChangeOperation(operation: 'add' | 'remove', method: TagMethod): Operation {
	const properties: INodeProperties[] = [
		...communicationProperties,
		tagLocator,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [includeLimitsOption],
		},
	];
	return {
		description: updateDisplayOptions(
			{ show: { resource: ['tag'], operation: [operation] } },
			properties,
		),
		async execute(this: IExecuteFunctions, client: CoMagicClient, i: number) {
			return await changeTag.call(this, client, method, i);
		},
	};
}

/**
 * set/unset.tag_communications. Adding a tag that is already there (duplicate_entity) is a soft success, like a
 * repeated sale: re-running a workflow must not fail on it.
 */
export async function changeTag(
	this: IExecuteFunctions,
	client: CoMagicClient,
	method: TagMethod,
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
