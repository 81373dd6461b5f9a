import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { manualWebhookMethods } from '../shared/webhook/activation';
import { chosenBy, triggerWebhooks } from '../shared/webhook/endpoint';
import { secretStrengthTest } from '../shared/webhook/triggerSecret';
import { callbackProperties } from './trigger/description';
import { activation, handleCallback } from './trigger/webhook';

/**
 * The scenario's HTTP block may use any of these methods; all share one URL, answered at once or, with the Respond
 * option, when the workflow has run (a failed execution answers 500).
 */
const webhooks = triggerWebhooks(['POST', 'PUT', 'GET'], {
	responseMode: chosenBy(['options', 'respond'], 'lastNode', 'lastNode', 'onReceived'),
	responseData: chosenBy(['options', 'respond'], 'lastNode', 'firstEntryJson', 'noData'),
});

export class MttVoiceboxTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MTT Voicebox Trigger',
		name: 'mttVoiceboxTrigger',
		icon: { light: 'file:voicebox.svg', dark: 'file:voicebox.dark.svg' },
		group: ['trigger'],
		// 2: the secret moved from a parameter (kept in the workflow JSON) into a credential; 1 still works as saved
		version: [1, 2],
		defaultVersion: 2,
		subtitle: 'Call status',
		description: 'Starts the workflow when an MTT Voicebox scenario reports a call status',
		defaults: { name: 'MTT Voicebox Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// the secret (trigger/settings.ts names this type); n8n's credential display options take version numbers only
		credentials: [
			{
				name: 'mttVoiceboxTriggerApi',
				required: true,
				testedBy: 'mttVoiceboxTriggerSecretTest',
				displayOptions: { show: { '@version': [2] }, hide: { secretLocation: ['none'] } },
			},
		],
		webhooks,
		properties: callbackProperties,
	};

	// Voicebox has no API to register a URL: the lifecycle only validates the settings; setup is manual (see notice).
	webhookMethods = manualWebhookMethods(activation);

	methods = { credentialTest: { mttVoiceboxTriggerSecretTest: secretStrengthTest } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleCallback(this);
	}
}
