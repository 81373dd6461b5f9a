import type { INodeProperties } from 'n8n-workflow';

import * as getActive from './getActive.operation';
import * as release from './release.operation';
import * as startEmployeeCall from './startEmployeeCall.operation';
import * as startInformerCall from './startInformerCall.operation';
import * as startSimpleCall from './startSimpleCall.operation';

export { getActive, release, startEmployeeCall, startInformerCall, startSimpleCall };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		options: [
			{
				name: 'Get Active',
				value: 'getActive',
				action: 'Get active calls',
				description: 'List calls in progress now',
			},
			{
				name: 'Release',
				value: 'release',
				action: 'Release a call',
				description: 'End a call in progress',
			},
			{
				name: 'Start Employee Call',
				value: 'startEmployeeCall',
				action: 'Start an employee call',
				description: 'Connect a contact with an employee of the account',
			},
			{
				name: 'Start Informer Call',
				value: 'startInformerCall',
				action: 'Start an informer call',
				description: 'Call a contact, play a message and hang up',
			},
			{
				name: 'Start Simple Call',
				value: 'startSimpleCall',
				action: 'Start a simple call',
				description: 'Connect a contact with any operator number',
			},
		],
		default: 'startSimpleCall',
	},
	...startSimpleCall.description,
	...startEmployeeCall.description,
	...startInformerCall.description,
	...release.description,
	...getActive.description,
];
