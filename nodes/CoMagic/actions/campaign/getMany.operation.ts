import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CoMagicClient } from '../../transport';
import { directoryGetManyDescription, listDirectory } from '../directory';

export const description = directoryGetManyDescription('campaign');

/** get.campaigns: the account's advertising campaigns, paged. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	return await listDirectory.call(this, client, 'get.campaigns', i);
}
