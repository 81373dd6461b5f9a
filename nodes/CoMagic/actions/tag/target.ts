import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { asNodeError } from '../../../shared/errors';
import { errorField, errorMnemonic, type CoMagicClient } from '../../transport';
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
 * unset.tag_communications answers entity_not_found both for a tag that is not on the communication and for an
 * unknown tag or communication (the docs list only entity_not_found for unset, reference §3.3). It is "not
 * tagged" when the error is not about the communication and the account has the tag.
 */
async function tagNotSet(
	client: CoMagicClient,
	error: unknown,
	tagId: unknown,
	itemIndex: number,
): Promise<boolean> {
	if (errorMnemonic(error) !== 'entity_not_found') return false;
	if (/^communication/.test(errorField(error) ?? '')) return false;
	const { data } = await client.request<IDataObject[]>(
		'data',
		'get.tags',
		{ fields: ['id'], filter: { field: 'id', operator: '=', value: tagId }, limit: 1 },
		{ read: true, itemIndex },
	);
	return Array.isArray(data) && data.length > 0;
}

/**
 * set/unset.tag_communications. Re-running a workflow must not fail on its own earlier work, so both directions
 * are soft: adding a tag that is already there (duplicate_entity) gives alreadyTagged, removing one that is not
 * there gives notTagged. `tagged` / `removed` say the end state, which holds either way.
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
	const item = (flag: boolean) => [
		{
			json: adding
				? { ...summary, tagged: true, alreadyTagged: flag }
				: { ...summary, removed: true, notTagged: flag },
			pairedItem: { item: i },
		},
	];
	try {
		await client.request('data', method, params, { read: false, itemIndex: i });
	} catch (error) {
		if (adding && errorMnemonic(error) === 'duplicate_entity') return item(true);
		if (!adding && (await tagNotSet(client, error, params.tag_id, i))) return item(true);
		throw asNodeError(this.getNode(), error, i);
	}
	return item(false);
}
