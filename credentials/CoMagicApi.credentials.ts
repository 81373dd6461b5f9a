import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { apiUrl, asCredentials } from '../nodes/CoMagic/transport/config';
import {
	API_USE,
	checkKeyOnDataApi,
	loginUser,
	REFUSALS,
} from '../nodes/CoMagic/transport/preAuthentication';
import { hintFor } from '../nodes/CoMagic/transport/errors';

const hint = (mnemonic: string) =>
	hintFor({ data: { mnemonic, params: { ip: '', components: 'see the cabinet' } } }) ?? '';

/** The Call API's own reasons to refuse a credential that the Data API accepted. */
const CALL_HINTS: Record<string, string> = {
	access_token_invalid:
		'The Call API does not know this key: it was made for the Data API only, or deleted. In Account → User management tick «Access to Call API» for the user (it needs the «Call API Базовый набор» component) and use a key that works for both APIs.',
	auth_error:
		'The same login works for the Data API, so the user probably lacks «Access to Call API»: tick it in Account → User management (it needs the «Call API Базовый набор» component).',
	forbidden:
		'The user lacks «Access to Call API». Tick it in Account → User management (it needs the «Call API Базовый набор» component).',
	method_not_found:
		'The Call API URL of the credential does not point at the Call API (…/v4.0). Check it.',
};

/**
 * Fields of a Login and Password session. Not the session token: a key keeps it too, empty, which is what makes n8n
 * run preAuthentication (the key's Data API check) in a credential test.
 */
const sessionField = { displayOptions: { show: { authentication: ['loginPassword'] } } };

export class CoMagicApi implements ICredentialType {
	name = 'coMagicApi';

	displayName = 'CoMagic API';

	icon = { light: 'file:comagic.svg', dark: 'file:comagic.dark.svg' } as const;

	documentationUrl =
		'https://github.com/comagic-voicebox/n8n-nodes-comagic-voicebox/blob/main/docs/nodes.md#comagic-api-comagicapi';

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
			required: true,
			placeholder: 'e.g. https://callapi.comagic.ru/v4.0',
			displayOptions: { show: { platform: ['custom'] } },
		},
		{
			displayName: 'Data API URL',
			name: 'dataApiUrl',
			type: 'string',
			default: '',
			required: true,
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
			required: true,
			description: 'The key from Account → User management (the user needs API access)',
			displayOptions: { show: { authentication: ['apiKey'] } },
		},
		{
			displayName: 'Login',
			name: 'login',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['loginPassword'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
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
			...sessionField,
		},
		{
			displayName: 'Session Per API',
			name: 'sessionPerApi',
			type: 'hidden',
			default: false,
			...sessionField,
		},
		{
			displayName: 'Call API Session Token',
			name: 'callSessionToken',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
			...sessionField,
		},
		{
			displayName: 'Call API Session Expires At',
			name: 'callSessionExpiresAt',
			type: 'hidden',
			default: 0,
			...sessionField,
		},
	];

	/**
	 * login.user for a Login and Password credential: n8n runs this when the session token is empty (first use, or
	 * the node emptied it after CoMagic answered access_token_invalid). An account that does not share sessions
	 * between the APIs (sessionPerApi, set by the node when the Call API refused a fresh Data API session) gets a
	 * second login.user on the Call API. For an API key it checks the key on the Data API and stores nothing, so the
	 * token stays empty and n8n runs this in every credential test (n8n's own "credential test" check never matches: it
	 * wants a node type its tester does not name); the node's own requests carry KEY_SESSION_TOKEN and skip it. The
	 * test request then checks the Call API.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const data = asCredentials(credentials);
		if (data.authentication !== 'loginPassword') {
			await checkKeyOnDataApi(this, data);
			return {};
		}
		const session = await loginUser(this, data, 'data');
		const out: ICredentialDataDecryptedObject = {
			sessionToken: session.token,
			sessionExpiresAt: session.expiresAt,
		};
		if (data.sessionPerApi === true) {
			const call = await loginUser(this, data, 'call');
			Object.assign(out, {
				sessionPerApi: true,
				callSessionToken: call.token,
				callSessionExpiresAt: call.expiresAt,
			});
		}
		return out;
	}

	/**
	 * JSON-RPC carries the token inside params, which generic header/query authentication cannot reach. A Call API
	 * request of an account with a session per API gets the Call API's own token. login.user (the credential test
	 * on the Call API) gets the login and password instead.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const data = asCredentials(credentials);
		const body = { ...((requestOptions.body ?? {}) as { method?: string; params?: object }) };
		if (body.method === 'login.user') {
			body.params = { login: data.login ?? '', password: data.password ?? '' };
			return { ...requestOptions, body };
		}
		const trim = (url: unknown) => String(url ?? '').replace(/\/+$/, '');
		const callApi = trim(requestOptions.url) === trim(apiUrl(data, 'call'));
		let token = data.apiKey;
		if (data.authentication === 'loginPassword') {
			token = data.sessionPerApi === true && callApi ? data.callSessionToken : data.sessionToken;
		}
		body.params = { ...(body.params ?? {}), access_token: token ?? '' };
		return { ...requestOptions, body };
	}

	/**
	 * Both APIs are tested: preAuthentication checks the Data API (get.account with a key, login.user with a login),
	 * this request the Call API (list.calls with a key, read-only; login.user on the Call API with a login, since
	 * sessions may not be shared). A credential that works for one API only fails, saying what works and what to
	 * change: n8n's test is pass or fail, and a pass cannot carry the warning that calls (or the call log) will fail.
	 */
	test: ICredentialTestRequest = {
		request: {
			url: '={{ $credentials.platform === "custom" ? $credentials.callApiUrl : $credentials.platform === "uis" ? "https://callapi.uiscom.ru/v4.0" : $credentials.platform === "callgear" ? "https://callapi.callgear.com/v4.0" : "https://callapi.comagic.ru/v4.0" }}',
			method: 'POST',
			headers: { 'Content-Type': 'application/json; charset=UTF-8' },
			body: {
				jsonrpc: '2.0',
				id: 'credential-test',
				method:
					'={{ $credentials.authentication === "loginPassword" ? "login.user" : "list.calls" }}',
				params: {},
			},
		},
		rules: REFUSALS.map((mnemonic) => ({
			type: 'responseSuccessBody' as const,
			properties: {
				key: 'error.data.mnemonic',
				value: mnemonic,
				message: `The credential works for the Data API (${API_USE.data}) but the Call API refused it (${mnemonic}): ${API_USE.call} will fail. ${CALL_HINTS[mnemonic] ?? hint(mnemonic)}`,
			},
		})),
	};
}
