import type { INodeProperties } from 'n8n-workflow';

import { directoryGetMany, getManyOperationSelector } from '../directory';

export const getMany = directoryGetMany('campaign', 'get.campaigns');

export const description: INodeProperties[] = [
	getManyOperationSelector('campaign', 'campaigns'),
	...getMany.description,
];
