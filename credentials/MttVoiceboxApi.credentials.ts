import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Basic auth of Voicebox's "launch by HTTP request" (the login and password shown on the campaign page). Tested by
 * the MTT Voicebox node (`testedBy`): the API has no request that proves a password without starting a call, see
 * nodes/MttVoicebox/methods/credentialTest.ts.
 *
 * No `authenticate` here, on purpose: n8n appends its automatic "Custom API Call" operation (pointing at the HTTP
 * Request node) to every node whose credential declares one (LoadNodesAndCredentials.injectCustomApiCallOptions →
 * supportsProxyAuth, in n8n 1.123 and 2.41), and Voicebox has a single launch endpoint that the node already covers.
 * The node's transport sets the Basic header itself (nodes/MttVoicebox/transport/voiceboxApi.ts).
 */
export class MttVoiceboxApi implements ICredentialType {
	name = 'mttVoiceboxApi';

	displayName = 'MTT Voicebox API';

	icon = { light: 'file:voicebox.svg', dark: 'file:voicebox.dark.svg' } as const;

	documentationUrl =
		'https://github.com/comagic-voicebox/n8n-nodes-comagic-voicebox/blob/main/docs/nodes.md#mtt-voicebox-api-mttvoiceboxapi';

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
}
