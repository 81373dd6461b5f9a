import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
} from 'n8n-workflow';

import { asNodeError } from '../shared/errors';
import { normalizeRuPhone } from '../shared/phone';

export class MttVoicebox implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MTT Voicebox',
		name: 'mttVoicebox',
		icon: { light: 'file:voicebox.svg', dark: 'file:voicebox.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Start MTT Voicebox robot calls',
		defaults: { name: 'MTT Voicebox' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mttVoiceboxApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Start Campaign Call',
						value: 'startCall',
						action: 'Start a campaign call',
						description: 'Ask a campaign launched by HTTP request to call a number',
					},
				],
				default: 'startCall',
			},
			{
				displayName: 'Campaign ID',
				name: 'campaignId',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. 5b0c2d3e-8a4f-4c55-9d27-1f0e6a7b8c9d',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. +7 912 345-67-89',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		const { url } = await this.getCredentials<{ url: string }>('mttVoiceboxApi');
		for (let i = 0; i < items.length; i++) {
			try {
				const phone = normalizeRuPhone(this.getNodeParameter('phone', i));
				if (!phone.ok) {
					throw new NodeOperationError(this.getNode(), `Phone ${phone.reason}`, { itemIndex: i });
				}
				const body = { method: this.getNodeParameter('campaignId', i) as string, data: { number: phone.phone } };
				let response: JsonObject;
				try {
					response = (await this.helpers.httpRequestWithAuthentication.call(this, 'mttVoiceboxApi', {
						method: 'POST',
						url,
						body,
						json: true,
					})) as JsonObject;
				} catch (error) {
					throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
				}
				out.push({ json: { callId: response.id, number: phone.phone }, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw asNodeError(this.getNode(), error, i);
			}
		}
		return [out];
	}
}
