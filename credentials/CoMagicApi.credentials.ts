import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { apiUrl, asCredentials } from '../nodes/CoMagic/transport/config';
import { hintFor, type RpcErrorBody } from '../nodes/CoMagic/transport/errors';

const hint = (mnemonic: string, params: Record<string, unknown> = {}) =>
	hintFor({ data: { mnemonic, params } }) ?? '';

/** Mnemonics a credential test can meet, each turned into what to do in the cabinet (reference §1.1, §2.5). */
const TEST_FAILURES = [
	'access_token_blocked',
	'access_token_expired',
	'access_token_invalid',
	'account_inactive',
	'auth_error',
	'component_disabled',
	'forbidden',
	'ip_not_whitelisted',
	'method_component_disabled',
];

export class CoMagicApi implements ICredentialType {
	name = 'coMagicApi';

	displayName = 'CoMagic API';

	icon = { light: 'file:comagic.svg', dark: 'file:comagic.dark.svg' } as const;

	documentationUrl = 'https://github.com/comagic-voicebox/n8n-nodes-comagic-voicebox#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Platform',
			name: 'platform',
			type: 'options',
			options: [
				{ name: 'CallGear', value: 'callgear' },
				{ name: 'CoMagic', value: 'comagic' },
				{ name: 'Custom', value: 'custom', description: 'Your own Call API and Data API URLs' },
				{ name: 'UIS', value: 'uis' },
			],
			default: 'comagic',
			description:
				"The same APIs run on each brand's own hosts; a key of one brand does not work on another",
		},
		{
			displayName: 'Call API URL',
			name: 'callApiUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://callapi.comagic.ru/v4.0',
			displayOptions: { show: { platform: ['custom'] } },
		},
		{
			displayName: 'Data API URL',
			name: 'dataApiUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://dataapi.comagic.ru/v2.0',
			displayOptions: { show: { platform: ['custom'] } },
		},
		{
			displayName: 'Recordings URL',
			name: 'mediaUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://app.comagic.ru',
			description: 'Host of the call recording links; empty = the host of the Data API URL',
			displayOptions: { show: { platform: ['custom'] } },
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'API Key',
					value: 'apiKey',
					description: 'A permanent or temporary key from Account → User management',
				},
				{
					name: 'Login and Password',
					value: 'loginPassword',
					description: 'A cabinet user; the node logs in and renews the one-hour session itself',
				},
			],
			default: 'apiKey',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['apiKey'] } },
		},
		{
			displayName: 'Login',
			name: 'login',
			type: 'string',
			default: '',
			displayOptions: { show: { authentication: ['loginPassword'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['loginPassword'] } },
		},
		{
			displayName: 'Account Time Zone',
			name: 'timezone',
			type: 'string',
			default: 'Europe/Moscow',
			placeholder: 'e.g. Europe/Moscow',
			description:
				'IANA time zone of the account (get.account shows it). Report dates are read and written in it.',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Session Expires At',
			name: 'sessionExpiresAt',
			type: 'hidden',
			default: 0,
		},
	];

	/**
	 * login.user for a Login and Password credential: n8n runs this when the session token is empty (first use, or
	 * the node emptied it after CoMagic answered access_token_invalid). API keys need no session.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const data = asCredentials(credentials);
		if (data.authentication !== 'loginPassword') return {};
		const url = apiUrl(data, 'data');
		let answer: {
			result?: { data?: { access_token?: string; expire_at?: number; expire?: number } };
			error?: RpcErrorBody;
		};
		try {
			answer = (await this.helpers.httpRequest({
				method: 'POST',
				url,
				body: {
					jsonrpc: '2.0',
					id: 'login',
					method: 'login.user',
					params: { login: data.login ?? '', password: data.password ?? '' },
				},
				headers: { 'Content-Type': 'application/json; charset=UTF-8' },
				json: true,
			})) as typeof answer;
		} catch (caught) {
			// the HTTP error carries the request body, i.e. the password: keep only the status
			const status = (caught as { response?: { status?: number } })?.response?.status;
			throw new Error(
				`CoMagic login.user: the Data API at ${url} did not answer (${status ? `HTTP ${status}` : 'no connection'})`,
			);
		}
		const token = answer?.result?.data?.access_token;
		if (!token) {
			const error = answer?.error ?? {
				message: 'no access_token in the answer',
				data: { mnemonic: 'auth_error' },
			};
			const mnemonic = error.data?.mnemonic ?? 'auth_error';
			const text = String(error.message ?? 'login failed')
				.split(data.password || '\u0000')
				.join('***');
			throw new Error(`CoMagic login.user: ${text} (${mnemonic}) — ${hintFor(error) ?? ''}`.trim());
		}
		// the Data API doc sample says `expire`, its table `expire_at` (reference §1.1)
		const expiresAt = Number(answer.result?.data?.expire_at ?? answer.result?.data?.expire ?? 0);
		return { sessionToken: token, sessionExpiresAt: expiresAt };
	}

	// JSON-RPC carries the token inside params, which generic header/query authentication cannot reach.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const data = asCredentials(credentials);
		const token = data.authentication === 'loginPassword' ? data.sessionToken : data.apiKey;
		const body = { ...((requestOptions.body ?? {}) as { params?: Record<string, unknown> }) };
		body.params = { ...(body.params ?? {}), access_token: token ?? '' };
		return { ...requestOptions, body };
	}

	test: ICredentialTestRequest = {
		request: {
			url: '={{ $credentials.platform === "custom" ? $credentials.dataApiUrl : $credentials.platform === "uis" ? "https://dataapi.uiscom.ru/v2.0" : $credentials.platform === "callgear" ? "https://dataapi.callgear.com/v2.0" : "https://dataapi.comagic.ru/v2.0" }}',
			method: 'POST',
			headers: { 'Content-Type': 'application/json; charset=UTF-8' },
			body: { jsonrpc: '2.0', id: 'credential-test', method: 'get.account', params: {} },
		},
		rules: TEST_FAILURES.map((mnemonic) => ({
			type: 'responseSuccessBody' as const,
			properties: {
				key: 'error.data.mnemonic',
				value: mnemonic,
				message: `CoMagic refused the credential (${mnemonic}): ${hint(mnemonic, { ip: '', components: 'see the cabinet' })}`,
			},
		})),
	};
}
