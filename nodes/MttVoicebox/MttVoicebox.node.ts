import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { actionsOf, subtitleExpression } from '../shared/subtitle';
import { operationProperty } from './actions/properties';
import { operations, router } from './actions/router';
import { mttVoiceboxApiTest } from './methods/credentialTest';

export class MttVoicebox implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MTT Voicebox',
		name: 'mttVoicebox',
		icon: { light: 'file:voicebox.svg', dark: 'file:voicebox.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: subtitleExpression('$parameter["operation"]', actionsOf(operationProperty)),
		description: 'Start MTT Voicebox robot calls and plan reminder attempts',
		defaults: { name: 'MTT Voicebox' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// The credential has no `authenticate` on purpose (the transport sets Basic auth itself): n8n appends its
		// automatic "Custom API Call" operation to every node whose credential has one (n8n's
		// LoadNodesAndCredentials.injectCustomApiCallOptions / supportsProxyAuth, 1.123 and 2.41), pointing at the
		// HTTP Request node — useless for a service with one launch endpoint.
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
