import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CoMagicClient } from '../../transport';
import { directoryGetManyDescription, listDirectory } from '../directory';

export const description = directoryGetManyDescription('tag');

/** get.tags: the account's tags, paged. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	return await listDirectory.call(this, client, 'get.tags', i);
}
