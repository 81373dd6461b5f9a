import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/operation';
import type { CoMagicClient } from '../../transport';
import { changeTag, tagChangeProperties } from './changeTag';

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['add'] } },
	tagChangeProperties,
);

/** set.tag_communications: puts the tag on the communication; a tag already there is a soft success (alreadyTagged). */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	return await changeTag.call(this, client, 'set.tag_communications', i);
}
