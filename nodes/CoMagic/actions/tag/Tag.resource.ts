import type { INodeProperties } from 'n8n-workflow';

import * as add from './add.operation';
import * as getMany from './getMany.operation';
import * as remove from './remove.operation';

export { add, getMany, remove };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				action: 'Add a tag to a communication',
				description: 'Put a tag on a call or another communication',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many tags',
				description: "List the account's tags",
			},
			{
				name: 'Remove',
				value: 'remove',
				action: 'Remove a tag from a communication',
				description: 'Take a tag off a call or another communication',
			},
		],
		default: 'add',
	},
	...add.description,
	...remove.description,
	...getMany.description,
];
