import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/operation';
import type { CoMagicClient } from '../../transport';
import { idParameter, readOptions } from '../parameters';
import {
	contactProperty,
	startNotice,
	startOptionsCollection,
	virtualNumberLocator,
} from './startFields';
import { startCall } from './startOnce';
import { startParams } from './startParams';

const properties: INodeProperties[] = [
	startNotice,
	virtualNumberLocator,
	contactProperty,
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		options: [
			{ name: 'Media File', value: 'media' },
			{ name: 'Text to Speech', value: 'tts' },
		],
		default: 'tts',
	},
	{
		displayName: 'Message Text',
		name: 'messageText',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. Напоминаем о приёме завтра в 10:30',
		description: 'Spoken to the contact by speech synthesis; the tariff limits its length',
		displayOptions: { show: { messageType: ['tts'] } },
	},
	{
		displayName: 'Media File ID',
		name: 'mediaFileId',
		type: 'number',
		required: true,
		default: 0,
		description: 'A media file of the account (Data API get.media_files)',
		displayOptions: { show: { messageType: ['media'] } },
	},
	startOptionsCollection([
		{
			displayName: 'Dialing Timeout (Seconds)',
			name: 'dialingTimeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 120 },
			default: 30,
			description: 'How long to ring the contact, up to 120 seconds',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['startInformerCall'] } },
	properties,
);

/**
 * start.informer_call: rings the contact, plays the message, hangs up
 * (https://comagic.github.io/call_api/create_call/start_informer_call/).
 */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, i);
	const type = this.getNodeParameter('messageType', i) as string;
	let value: string;
	if (type === 'tts') {
		value = String(this.getNodeParameter('messageText', i, '')).trim();
		if (!value)
			throw new NodeOperationError(this.getNode(), 'Message Text is empty', { itemIndex: i });
	} else {
		value = String(idParameter.call(this, 'mediaFileId', 'Media File ID', i));
	}
	const params: IDataObject = {
		...startParams.call(this, options, i),
		contact_message: { type, value },
	};
	if (options.dialingTimeout !== undefined) {
		const timeout = Number(options.dialingTimeout);
		if (!Number.isInteger(timeout) || timeout < 1 || timeout > 120) {
			throw new NodeOperationError(this.getNode(), 'Dialing Timeout must be 1 to 120 seconds', {
				itemIndex: i,
			});
		}
		params.dialing_timeout = timeout;
	}
	return await startCall.call(this, client, 'start.informer_call', params, options, i);
}
