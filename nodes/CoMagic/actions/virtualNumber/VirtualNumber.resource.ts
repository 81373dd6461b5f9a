import type { INodeProperties } from 'n8n-workflow';

import { directoryGetMany, getManyOperationSelector } from '../directory';

export const getMany = directoryGetMany('virtualNumber', 'get.virtual_numbers');

export const description: INodeProperties[] = [
	getManyOperationSelector('virtualNumber', 'virtual numbers'),
	...getMany.description,
];
