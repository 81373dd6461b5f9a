import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['callLog'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a call from the log',
				description: 'Get one call by its call session ID',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many calls from the log',
				description: 'Get calls of a period from the call report',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...get.description,
];
