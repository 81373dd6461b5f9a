import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CoMagicClient } from '../../transport';
import { directoryGetManyDescription, listDirectory } from '../directory';

export const description = directoryGetManyDescription('employee');

/** get.employees: the account's employees, paged. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	return await listDirectory.call(this, client, 'get.employees', i);
}
