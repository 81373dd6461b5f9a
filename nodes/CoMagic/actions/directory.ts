import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getAllItems, type CoMagicClient } from '../transport';
import type { Operation } from './common';
import {
	includeLimitsOption,
	maxLimitWaitOption,
	maxWait,
	readOptions,
	returnAllOrLimit,
	toItems,
	updateDisplayOptions,
} from './common';

/** Get Many of a Data API directory (get.employees, get.virtual_numbers, get.campaigns, get.tags). */
export function directoryGetMany(resource: string, method: string): Operation {
	const properties: INodeProperties[] = [
		...returnAllOrLimit(),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [includeLimitsOption, maxLimitWaitOption],
		},
	];
	return {
		description: updateDisplayOptions(
			{ show: { resource: [resource], operation: ['getMany'] } },
			properties,
		),
		async execute(
			this: IExecuteFunctions,
			client: CoMagicClient,
			i: number,
		): Promise<INodeExecutionData[]> {
			const options = readOptions.call(this, i);
			const returnAll = this.getNodeParameter('returnAll', i) as boolean;
			const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
			const rows = await getAllItems(
				client,
				method,
				{},
				{
					returnAll,
					limit,
					itemIndex: i,
					maxLimitWaitSeconds: maxWait(options),
				},
			);
			return toItems(rows, i);
		},
	};
}

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
