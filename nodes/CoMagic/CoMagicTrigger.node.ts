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
import { triggerProperties } from './trigger/description';
import { activation, handleRequest } from './trigger/webhook';

/** Notifications answer at once; interactive call processing answers with the last node's first item. */
const webhooks = triggerWebhooks(['POST', 'GET'], {
	responseMode: chosenBy(['mode'], 'interactive', 'lastNode', 'onReceived'),
	responseData: chosenBy(['mode'], 'interactive', 'firstEntryJson', 'noData'),
});

export class CoMagicTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CoMagic Trigger',
		name: 'coMagicTrigger',
		icon: { light: 'file:comagic.svg', dark: 'file:comagic.dark.svg' },
		group: ['trigger'],
		// 2: the secret moved from a parameter (kept in the workflow JSON) into a credential; 1 still works as saved
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{$parameter["mode"] === "interactive" ? "Interactive call processing" : "Notifications"}}',
		description:
			'Starts the workflow on CoMagic (UIS) call notifications or interactive call processing requests',
		defaults: { name: 'CoMagic Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// the secret (trigger/settings.ts names this type); n8n's credential display options take version numbers only
		credentials: [
			{
				name: 'coMagicTriggerApi',
				required: true,
				testedBy: 'coMagicTriggerSecretTest',
				displayOptions: { show: { '@version': [2] }, hide: { secretLocation: ['none'] } },
			},
		],
		webhooks,
		properties: triggerProperties,
	};

	// CoMagic has no API to register a URL: the lifecycle only validates the settings; setup is manual (see notices).
	webhookMethods = manualWebhookMethods(activation);

	methods = { credentialTest: { coMagicTriggerSecretTest: secretStrengthTest } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleRequest(this);
	}
}
