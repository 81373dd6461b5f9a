import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export class CoMagicApi implements ICredentialType {
	name = 'coMagicApi';

	displayName = 'CoMagic API';

	icon = { light: 'file:comagic.svg', dark: 'file:comagic.dark.svg' } as const;

	documentationUrl = 'https://github.com/comagic-voicebox/n8n-nodes-comagic-voicebox#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Data API URL',
			name: 'dataApiUrl',
			type: 'string',
			default: 'https://dataapi.comagic.ru/v2.0',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	];

	// JSON-RPC carries the token inside params, which generic header/query authentication cannot reach.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const body = (requestOptions.body ?? {}) as { params?: Record<string, unknown> };
		body.params = { ...(body.params ?? {}), access_token: credentials.apiKey };
		return { ...requestOptions, body };
	}

	test: ICredentialTestRequest = {
		request: {
			url: '={{$credentials.dataApiUrl}}',
			method: 'POST',
			body: { jsonrpc: '2.0', id: 'credential-test', method: 'get.account', params: {} },
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'error.data.mnemonic', value: 'auth_error', message: 'The API key is not valid' },
			},
		],
	};
}
