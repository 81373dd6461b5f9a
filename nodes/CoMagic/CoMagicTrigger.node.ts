import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { manualWebhookMethods } from '../shared/webhook/activation';
import { triggerWebhooks } from '../shared/webhook/endpoint';
import { triggerProperties } from './trigger/description';
import { activation, handleRequest } from './trigger/webhook';

/**
 * n8n 2.x reads a webhook description field without its expression engine when the field carries a resolver under
 * this key beside its unchanged template (n8n-workflow `webhookDescriptionFields`; `Symbol.for`, so it is the same
 * symbol in whichever n8n-workflow n8n loads). Without one, every request evaluates both templates in the expression
 * isolate, responseData twice. n8n 1.x ignores the key and evaluates the templates as before.
 */
const RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');
const byMode = (interactive: string, notifications: string) => ({
	template: `={{$parameter["mode"] === "interactive" ? "${interactive}" : "${notifications}"}}`,
	resolve: (parameters: { mode?: unknown }) =>
		parameters.mode === 'interactive' ? interactive : notifications,
});
const responseMode = byMode('lastNode', 'onReceived');
const responseData = byMode('firstEntryJson', 'noData');

/** Notifications answer at once; interactive call processing answers with the last node's first item. */
const webhooks = triggerWebhooks(['POST', 'GET'], {
	responseMode: responseMode.template,
	responseData: responseData.template,
}).map(
	(webhook) => ({ ...webhook, [RESOLVERS]: { responseMode, responseData } }) as IWebhookDescription,
);

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
		webhooks,
		properties: triggerProperties,
	};

	// CoMagic has no API to register a URL: the lifecycle only validates the settings; setup is manual (see notices).
	webhookMethods = manualWebhookMethods(activation);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleRequest(this);
	}
}
