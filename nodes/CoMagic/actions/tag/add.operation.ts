import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { CoMagicClient } from '../../transport';
import { includeLimitsOption, updateDisplayOptions } from '../common';
import { communicationProperties, tagLocator } from '../communication';
import { changeTag } from './change';

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

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['add'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	client: CoMagicClient,
	i: number,
): Promise<INodeExecutionData[]> {
	return await changeTag.call(this, client, 'set.tag_communications', i);
}
