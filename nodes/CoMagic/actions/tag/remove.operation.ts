import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/operation';
import type { CoMagicClient } from '../../transport';
import { changeTag, tagChangeProperties } from './changeTag';

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['remove'] } },
	tagChangeProperties,
);

/** unset.tag_communications: takes the tag off the communication; a tag that is not there is a soft success (notTagged). */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	return await changeTag.call(this, client, 'unset.tag_communications', i);
}
