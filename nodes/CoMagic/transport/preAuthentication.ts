import type { IHttpRequestHelper } from 'n8n-workflow';

import { apiUrl, type ApiKind, type CoMagicCredentials } from './config';
import { hintFor, redact, type RpcErrorBody } from './errors';

/**
 * What the credential's preAuthentication does over plain HTTP (n8n's httpRequest helper; no token is added):
 * login.user on either API, and probing an API key on the Data API during a credential test.
 */

interface Answer {
	result?: { data?: { access_token?: string; expire_at?: number; expire?: number } };
	error?: RpcErrorBody;
}

const API_NAME: Record<ApiKind, string> = { call: 'Call API', data: 'Data API' };

/**
 * The session token the node hands n8n with an API key. A key has no session, and n8n runs preAuthentication
 * whenever the (expirable) session token is empty: the credential leaves it empty, so n8n's credential tester, which
 * sends the stored data, checks the key on the Data API; the node fills it, so a run sends no check per request.
 */
export const KEY_SESSION_TOKEN = 'api-key';

/**
 * Answers that mean an API refuses the credential itself (error mnemonics: https://comagic.github.io/call_api/). Anything else (a tariff
 * component that is off, a used-up limit) comes after the token was accepted: the first real request explains it.
 */
export const REFUSALS = [
	'access_token_blocked',
	'access_token_expired',
	'access_token_invalid',
	'account_inactive',
	'auth_error',
	'forbidden',
	'ip_not_whitelisted',
	'method_not_found',
];

const refusal = (error: RpcErrorBody | undefined) =>
	error && REFUSALS.includes(error.data?.mnemonic ?? '') ? error : undefined;

/** What each API is for in this node, for messages that say what works and what will fail. */
export const API_USE: Record<ApiKind, string> = {
	call: 'calls (start, release, active calls)',
	data: 'the call log, recordings, sales, tags and the lists of employees, numbers, campaigns and tags',
};

async function post(
	helper: IHttpRequestHelper,
	url: string,
	method: string,
	params: Record<string, unknown>,
	api: ApiKind,
	secrets: string[],
): Promise<Answer> {
	let status: number | undefined;
	try {
		return (await helper.helpers.httpRequest({
			method: 'POST',
			url,
			body: { jsonrpc: '2.0', id: method, method, params },
			headers: { 'Content-Type': 'application/json; charset=UTF-8' },
			json: true,
		})) as Answer;
	} catch (caught) {
		// the HTTP error carries the request body (password or key): keep only the status
		status = (caught as { response?: { status?: number } })?.response?.status;
	}
	// a plain Error: preAuthentication has no node; n8n wraps it (credential test message, NodeApiError in a run)
	throw new Error(
		redact(
			`CoMagic ${method}: the ${API_NAME[api]} at ${url} did not answer (${status ? `HTTP ${status}` : 'no connection'})`,
			secrets,
		),
	);
}

/** `(mnemonic, code)` as the messages show them: the API's own mnemonic and JSON-RPC code. */
export function codeOf(error: RpcErrorBody): string {
	const mnemonic = error.data?.mnemonic ?? 'unknown_error';
	return typeof error.code === 'number' ? `${mnemonic}, ${error.code}` : mnemonic;
}

/** login.user on one API → its session token and expire_at (unix seconds). */
export async function loginUser(
	helper: IHttpRequestHelper,
	credentials: CoMagicCredentials,
	api: ApiKind,
): Promise<{ token: string; expiresAt: number }> {
	const secrets = [credentials.password ?? ''].filter((s) => s.length >= 4);
	const answer = await post(
		helper,
		apiUrl(credentials, api),
		'login.user',
		{ login: credentials.login ?? '', password: credentials.password ?? '' },
		api,
		secrets,
	);
	const token = answer?.result?.data?.access_token;
	if (!token) {
		const error = answer?.error ?? {
			message: 'no access_token in the answer',
			data: { mnemonic: 'auth_error' },
		};
		const text = redact(String(error.message ?? 'login failed'), secrets);
		throw new Error(
			`CoMagic login.user on the ${API_NAME[api]}: ${text} (${codeOf(error)}) — ${hintFor(error) ?? ''}`.trim(),
		);
	}
	// the Data API docs' sample answer says `expire`, their field table `expire_at`
	const data = answer.result?.data;
	return { token, expiresAt: Number(data?.expire_at ?? data?.expire ?? 0) };
}

/**
 * A credential test of an API key, first half: get.account (read-only) on the Data API, run as preAuthentication
 * (KEY_SESSION_TOKEN says why in a test and not in a run). The test request then tries the Call API. When the Data
 * API refuses, list.calls (read-only, places no call) tells whether the key works for calls at least, so the
 * message says what works and what to change. A plain Error: preAuthentication has no node, and n8n shows its
 * message as the test result.
 */
export async function checkKeyOnDataApi(
	helper: IHttpRequestHelper,
	credentials: CoMagicCredentials,
): Promise<void> {
	const key = credentials.apiKey ?? '';
	const secrets = [key].filter((s) => s.length >= 4);
	const ask = async (api: ApiKind, method: string) => {
		const url = apiUrl(credentials, api);
		return refusal((await post(helper, url, method, { access_token: key }, api, secrets)).error);
	};
	const refused = await ask('data', 'get.account');
	if (!refused) return;
	const callWorks = !(await ask('call', 'list.calls'));
	const hint = redact(hintFor(refused) ?? '', secrets);
	throw new Error(
		callWorks
			? `The key works for the Call API (${API_USE.call}) but the Data API refused it (${codeOf(refused)}): ${API_USE.data} will fail. ${hint}`.trim()
			: `CoMagic refused the key on both APIs (${codeOf(refused)}). ${hint}`.trim(),
	);
}
