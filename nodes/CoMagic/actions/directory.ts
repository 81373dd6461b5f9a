import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems, updateDisplayOptions } from '../../shared/operation';
import { getAllItems, type CoMagicClient } from '../transport';
import { maxWait, readOptions } from './parameters';
import {
	includeLimitsOption,
	maxLimitWaitOption,
	optionsCollection,
	returnAllOrLimit,
} from './properties';

/**
 * What the Get Many of a Data API directory (get.employees, get.virtual_numbers, get.campaigns, get.tags) is made of:
 * the same fields for each, and one paged read.
 */

/** The fields of `resource`'s Get Many. */
export function directoryGetManyDescription(resource: string): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: [resource], operation: ['getMany'] } }, [
		...returnAllOrLimit(),
		optionsCollection([includeLimitsOption, maxLimitWaitOption]),
	]);
}

/** Every row of a directory (or up to Limit), one item each. */
export async function listDirectory(
	this: IExecuteFunctions,
	client: CoMagicClient,
	method: string,
	i: number,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const rows = await getAllItems(
		client,
		method,
		{},
		{ returnAll, limit, itemIndex: i, maxLimitWaitSeconds: maxWait(readOptions.call(this, i)) },
	);
	return toItems(rows, i);
}

/** The operation selector of a resource that only lists. */
export function getManyOperationSelector(resource: string, plural: string): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: `Get many ${plural}`,
				description: `List the account's ${plural}`,
			},
		],
		default: 'getMany',
	};
}
