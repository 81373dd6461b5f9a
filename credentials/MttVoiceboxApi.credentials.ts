import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class MttVoiceboxApi implements ICredentialType {
	name = 'mttVoiceboxApi';

	displayName = 'MTT Voicebox API';

	icon = { light: 'file:voicebox.svg', dark: 'file:voicebox.dark.svg' } as const;

	documentationUrl = 'https://github.com/comagic-voicebox/n8n-nodes-comagic-voicebox#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: 'https://voicebox.mtt.ru/api/v1/sb',
			description: 'The "launch by HTTP request" address of your Voicebox account',
		},
		{
			displayName: 'Login',
			name: 'login',
			type: 'string',
			default: '',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.login}}', password: '={{$credentials.password}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: { url: '={{$credentials.url}}', method: 'POST', body: {} },
	};
}
