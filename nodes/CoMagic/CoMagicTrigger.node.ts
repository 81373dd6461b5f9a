import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { triggerProperties } from './notifications/description';
import { handleRequest } from './notifications/handleRequest';
import { assertSettingsValid } from './notifications/lifecycle';

/** Notifications answer at once; interactive call processing answers with the last node's first item. */
const webhook = (httpMethod: 'GET' | 'POST'): IWebhookDescription => ({
	name: 'default',
	httpMethod,
	path: 'webhook',
	responseMode: '={{$parameter["mode"] === "interactive" ? "lastNode" : "onReceived"}}',
	responseData: '={{$parameter["mode"] === "interactive" ? "firstEntryJson" : "noData"}}',
});

export class CoMagicTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CoMagic Trigger',
		name: 'coMagicTrigger',
		icon: { light: 'file:comagic.svg', dark: 'file:comagic.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["mode"] === "interactive" ? "Interactive call processing" : "Notifications"}}',
		description:
			'Starts the workflow on CoMagic (UIS) call notifications or interactive call processing requests',
		defaults: { name: 'CoMagic Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [webhook('POST'), webhook('GET')],
		properties: triggerProperties,
	};

	// CoMagic has no API to register a URL: the lifecycle only validates the settings; setup is manual (see notices).
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				assertSettingsValid(this);
				// nothing on CoMagic's side to look up: let create() run its own check on every activation
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				assertSettingsValid(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// nothing was registered, so nothing to remove; the URL stays in the cabinet until removed there
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleRequest(this);
	}
}
