import {
	NodeApiError,
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
} from 'n8n-workflow';

export class CoMagic implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CoMagic',
		name: 'coMagic',
		icon: { light: 'file:comagic.svg', dark: 'file:comagic.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Calls, call log, recordings and sales in CoMagic, UIS and CallGear',
		defaults: { name: 'CoMagic' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'coMagicApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Account', value: 'account' }],
				default: 'account',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Get', value: 'get', action: 'Get the account' }],
				default: 'get',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const { dataApiUrl } = await this.getCredentials<{ dataApiUrl: string }>('coMagicApi');
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'coMagicApi', {
				method: 'POST',
				url: dataApiUrl,
				body: { jsonrpc: '2.0', id: i, method: 'get.account', params: {} },
				json: true,
			})) as JsonObject;
			if (response.error) throw new NodeApiError(this.getNode(), response.error as JsonObject, { itemIndex: i });
			out.push({ json: response.result as JsonObject, pairedItem: { item: i } });
		}
		return [out];
	}
}
