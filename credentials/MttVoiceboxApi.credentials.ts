import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Basic auth of Voicebox's "launch by HTTP request" (voicebox-api.md §3.2). Tested by the MTT Voicebox node
 * (`testedBy`): the API has no request that proves a password without starting a call, see
 * nodes/MttVoicebox/transport/credentialCheck.ts.
 */
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
			required: true,
			description: 'The "launch by HTTP request" address shown on the campaign page in Voicebox',
		},
		{
			displayName: 'Login',
			name: 'login',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 5b0c2d3e-8a4f-4c55-9d27-1f0e6a7b8c9d',
			description: 'The login shown on the campaign page (usually a UUID)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The password shown on the campaign page; any characters, sent as UTF-8',
		},
	];

	// axios builds the Basic header from `auth` as base64 of the UTF-8 bytes of "login:password"
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.login}}', password: '={{$credentials.password}}' },
		},
	};
}
