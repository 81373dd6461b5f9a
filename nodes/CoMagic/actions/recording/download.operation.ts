import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/operation';
import { findInReport, lookbackRange, type CoMagicClient } from '../../transport';
import { idParameter, maxWait, readOptions } from '../parameters';
import {
	includeLimitsOption,
	lookbackOption,
	maxLimitWaitOption,
	optionsCollection,
} from '../properties';
import { fetchRecording } from './fetch';

const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{ name: 'Call Session ID', value: 'callSessionId' },
			{
				name: 'Recording Link',
				value: 'link',
				description: 'A link from a notification (file_link) or the report',
			},
		],
		default: 'callSessionId',
	},
	{
		displayName: 'Call Session ID',
		name: 'callSessionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3545169699',
		displayOptions: { show: { source: ['callSessionId'] } },
	},
	{
		displayName: 'Recording Link',
		name: 'link',
		type: 'string',
		required: true,
		default: '',
		placeholder:
			'e.g. https://app.comagic.ru/system/media/talk/3545169699/3be7cc7f8dabe9d67dc276c98987248f/',
		displayOptions: { show: { source: ['link'] } },
	},
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		options: [
			{ name: 'MP3', value: 'mp3' },
			{ name: 'WAV', value: 'wav' },
		],
		default: 'mp3',
		displayOptions: { show: { source: ['callSessionId'] } },
	},
	{
		displayName: 'Recordings',
		name: 'which',
		type: 'options',
		options: [
			{ name: 'All', value: 'all', description: 'One output item per recording of the call' },
			{ name: 'First', value: 'first' },
		],
		default: 'first',
		displayOptions: { show: { source: ['callSessionId'] } },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'The binary field the recording goes to',
	},
	optionsCollection([includeLimitsOption, maxLimitWaitOption, lookbackOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['recording'], operation: ['download'] } },
	properties,
);

async function toBinaryItem(
	this: IExecuteFunctions,
	url: string,
	fileName: string,
	fallbackMime: string,
	json: IDataObject,
	i: number,
): Promise<INodeExecutionData> {
	let fetched;
	try {
		fetched = await fetchRecording.call(this, url);
	} catch (caught) {
		const status = (caught as { httpCode?: string; response?: { status?: number } })?.httpCode;
		throw new NodeApiError(
			this.getNode(),
			{ message: 'recording download failed', httpCode: status ?? null } as JsonObject,
			{
				itemIndex: i,
				message: `The recording at ${url} could not be downloaded${status ? ` (HTTP ${status})` : ''}`,
				description:
					'Recordings appear a few minutes after the call ends. Try again later, or check that the call was recorded.',
			},
		);
	}
	const mime = fetched.contentType?.split(';')[0].trim() || fallbackMime;
	const binaryProperty = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
	const binary = await this.helpers.prepareBinaryData(fetched.body, fileName, mime);
	return {
		json: { ...json, size: fetched.body.length },
		binary: { [binaryProperty]: binary },
		pairedItem: { item: i },
	};
}

/** Downloads call recordings as binary: from the call report's record hashes, or from a link as is. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, i);
	if (this.getNodeParameter('source', i) === 'link') {
		const link = String(this.getNodeParameter('link', i)).trim();
		if (!/^https?:\/\//.test(link)) {
			throw new NodeOperationError(
				this.getNode(),
				`Recording Link must be an http(s) URL, got "${link}"`,
				{
					itemIndex: i,
				},
			);
		}
		const wav = /\/wav\//.test(link);
		const name = link.replace(/\/+$/, '').split('/').slice(-2).join('_') || 'recording';
		return [
			await toBinaryItem.call(
				this,
				link,
				`${name}.${wav ? 'wav' : 'mp3'}`,
				wav ? 'audio/wav' : 'audio/mpeg',
				{ url: link },
				i,
			),
		];
	}
	const id = idParameter.call(this, 'callSessionId', 'Call Session ID', i);
	const format = this.getNodeParameter('format', i) as 'mp3' | 'wav';
	const which = this.getNodeParameter('which', i) as string;
	const [call] = await findInReport(
		client,
		{
			fields: ['id', 'communication_id', 'start_time', 'call_records', 'wav_call_records'],
			filter: { field: 'id', operator: '=', value: id },
		},
		{
			...lookbackRange(client.zone, Number(options.lookbackMonths ?? 12)),
			itemIndex: i,
			maxLimitWaitSeconds: maxWait(options),
		},
	);
	if (!call) {
		throw new NodeOperationError(this.getNode(), `Call ${id} is not in the call log`, {
			itemIndex: i,
			description: 'Check the ID, or raise Search Period if the call is older.',
		});
	}
	const hashes = ((format === 'wav' ? call.wav_call_records : call.call_records) ?? []) as string[];
	if (!Array.isArray(hashes) || hashes.length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Call ${id} has no ${format.toUpperCase()} recording`,
			{
				itemIndex: i,
				description:
					'Lost calls and calls with recording off have none; a fresh recording can take a few minutes.',
			},
		);
	}
	// the talk link carries the communication id (get.calls_report, call_records); for calls it equals the session id
	const communicationId = call.communication_id ?? call.id;
	const kind = format === 'wav' ? 'wav' : 'talk';
	const out: INodeExecutionData[] = [];
	for (const [index, hash] of (which === 'all' ? hashes : hashes.slice(0, 1)).entries()) {
		const url = `${client.mediaBaseUrl}/system/media/${kind}/${communicationId}/${hash}/`;
		out.push(
			await toBinaryItem.call(
				this,
				url,
				`${id}_${index + 1}.${format}`,
				format === 'wav' ? 'audio/wav' : 'audio/mpeg',
				{
					call_session_id: id,
					start_time: call.start_time ?? null,
					record_hash: hash,
					format,
					url,
				},
				i,
			),
		);
	}
	return out;
}
