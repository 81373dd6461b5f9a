import type { INodeProperties } from 'n8n-workflow';

import { getManyOperationSelector } from '../directory';
import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	getManyOperationSelector('campaign', 'campaigns'),
	...getMany.description,
];
