import type { INodeProperties } from 'n8n-workflow';

import { directoryGetMany, getManyOperationSelector } from '../directory';

export const getMany = directoryGetMany('employee', 'get.employees');

export const description: INodeProperties[] = [
	getManyOperationSelector('employee', 'employees'),
	...getMany.description,
];
