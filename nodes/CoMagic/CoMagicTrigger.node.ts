import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

export class CoMagicTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CoMagic Trigger',
		name: 'coMagicTrigger',
		icon: { light: 'file:comagic.svg', dark: 'file:comagic.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Webhook',
		description: 'Starts the workflow when CoMagic posts to it',
		defaults: { name: 'CoMagic Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Paste the webhook URL above into CoMagic by hand: it has no API to register it',
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	// There is no registration API: nothing to check, create or delete on the provider side.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return { workflowData: [this.helpers.returnJsonArray(this.getBodyData() as IDataObject)] };
	}
}
