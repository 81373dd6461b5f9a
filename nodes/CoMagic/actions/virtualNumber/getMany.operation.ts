import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CoMagicClient } from '../../transport';
import { directoryGetManyDescription, listDirectory } from '../directory';

export const description = directoryGetManyDescription('virtualNumber');

/** get.virtual_numbers: the account's virtual numbers, paged. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	return await listDirectory.call(this, client, 'get.virtual_numbers', i);
}
