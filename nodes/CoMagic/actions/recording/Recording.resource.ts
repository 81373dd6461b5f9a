import type { INodeProperties } from 'n8n-workflow';

import * as download from './download.operation';

export { download };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['recording'] } },
		options: [
			{
				name: 'Download',
				value: 'download',
				action: 'Download a call recording',
				description: 'Download a call recording as a file',
			},
		],
		default: 'download',
	},
	...download.description,
];
