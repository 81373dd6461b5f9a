import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { operationProperty, operations, router } from './actions/router';
import { mttVoiceboxApiTest } from './transport/credentialCheck';

export class MttVoicebox implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MTT Voicebox',
		name: 'mttVoicebox',
		icon: { light: 'file:voicebox.svg', dark: 'file:voicebox.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Start MTT Voicebox robot calls and plan reminder attempts',
		defaults: { name: 'MTT Voicebox' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'mttVoiceboxApi',
				required: true,
				testedBy: 'mttVoiceboxApiTest',
				displayOptions: { show: { operation: ['startCall'] } },
			},
		],
		properties: [operationProperty, ...Object.values(operations).flatMap((o) => o.description)],
	};

	methods = { credentialTest: { mttVoiceboxApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
