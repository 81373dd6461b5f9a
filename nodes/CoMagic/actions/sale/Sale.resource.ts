import type { INodeProperties } from 'n8n-workflow';

import * as tagSale from './tagSale.operation';

export { tagSale };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sale'] } },
		options: [
			{
				name: 'Tag Sale',
				value: 'tag',
				action: 'Tag a sale',
				description: 'Mark a communication as a sale with its amount',
			},
		],
		default: 'tag',
	},
	...tagSale.description,
];
