import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { asNodeError } from '../../../shared/errors';
import { toItems } from '../../../shared/operation';
import { errorField, errorMnemonic, type CoMagicClient } from '../../transport';
import { idParameter, locatorValue, positiveInteger } from '../parameters';
import { communicationProperties, includeLimitsOption, optionsCollection } from '../properties';

/** The one implementation of Tag → Add and Tag → Remove: they differ only in the Data API method. */

export type TagMethod = 'set.tag_communications' | 'unset.tag_communications';

const tagLocator: INodeProperties = {
	displayName: 'Tag',
	name: 'tag',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTags', searchable: true },
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 456',
			validation: [
				{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A numeric ID' } },
			],
		},
	],
};

/** The fields of Add and Remove: one tag on one communication. */
export const tagChangeProperties: INodeProperties[] = [
	...communicationProperties,
	tagLocator,
	optionsCollection([includeLimitsOption]),
];

/**
 * unset.tag_communications answers entity_not_found both for a tag that is not on the communication and for an
 * unknown tag or communication (the Data API docs list only entity_not_found for unset). It is "not tagged" when the
 * error is not about the communication and the account has the tag.
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
		communication_id: idParameter.call(this, 'communicationId', 'Communication ID', i),
		communication_type: this.getNodeParameter('communicationType', i) as string,
		tag_id: positiveInteger.call(this, locatorValue.call(this, 'tag', i), 'Tag ID', i),
	};
	const summary = { communication_id: params.communication_id, tag_id: params.tag_id };
	const adding = method === 'set.tag_communications';
	const item = (flag: boolean) =>
		toItems(
			[
				adding
					? { ...summary, tagged: true, alreadyTagged: flag }
					: { ...summary, removed: true, notTagged: flag },
			],
			i,
		);
	try {
		await client.request('data', method, params, { read: false, itemIndex: i });
	} catch (error) {
		if (adding && errorMnemonic(error) === 'duplicate_entity') return item(true);
		if (!adding && (await tagNotSet(client, error, params.tag_id, i))) return item(true);
		throw asNodeError(this.getNode(), error, i);
	}
	return item(false);
}
