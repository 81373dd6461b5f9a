/**
 * Before the setup reads or changes anything: this is an n8n, of a line the templates run on, the API key and (on
 * 1.123) the owner's login work, and this package is installed with the node versions the templates use. Each
 * failure is one line that says what to do.
 */
import type { AxiosInstance } from 'axios';

import { name as PACKAGE_NAME } from '../package.json';

export class PreflightError extends Error {}

export interface N8nLine {
	version: string;
	v1: boolean;
}

const OLDEST = [1, 123];

/**
 * The credential types of this package: the first is in every version, the second came with the templates'
 * version-2 triggers. n8n's public API answers a credential type's schema only when a loaded package defines it.
 */
const ANY_VERSION = 'mttVoiceboxApi';
const THIS_VERSION = 'mttVoiceboxTriggerApi';

/** n8n answers at this address (its health check and its settings route, which any n8n serves unauthenticated). */
export async function checkReachable(http: AxiosInstance, base: string): Promise<void> {
	const settings = await http.get('/rest/settings').catch((error: NodeJS.ErrnoException) => {
		throw new PreflightError(
			`cannot reach n8n at ${base} (${error.code ?? error.message}): check n8nUrl, and that n8n runs and this machine reaches it`,
		);
	});
	if (settings.status !== 200 || typeof settings.data?.data !== 'object') {
		throw new PreflightError(
			`${base} answered HTTP ${settings.status} where n8n answers its settings: is n8nUrl n8n's address?`,
		);
	}
}

/**
 * The n8n line: 2.x has the public Data Table API, 1.x does not. An unauthenticated n8n does not tell its version,
 * so on 1.x (where the setup signs in anyway) it is read once signed in (`signIn`), and refused below 1.123; 2.x
 * needs no login and is new enough whatever its minor version.
 */
export async function checkLine(
	http: AxiosInstance,
	apiKey: string,
	signIn: () => Promise<Record<string, string>>,
): Promise<N8nLine> {
	const tables = await http.get('/api/v1/data-tables?limit=1', {
		headers: { 'X-N8N-API-KEY': apiKey },
	});
	if (tables.status !== 404) return { version: '2.x', v1: false };
	const settings = await http.get('/rest/settings', { headers: await signIn() });
	const version = String(settings.data?.data?.versionCli ?? '');
	const [major, minor] = version.split('.').map(Number);
	if (!(major === OLDEST[0] && minor >= OLDEST[1])) {
		throw new PreflightError(
			`n8n ${version || '(version unknown)'} is older than 1.123, the oldest line the templates run on: update n8n first`,
		);
	}
	return { version, v1: true };
}

export async function checkApiKey(http: AxiosInstance, apiKey: string): Promise<void> {
	const res = await http.get('/api/v1/workflows?limit=1', { headers: { 'X-N8N-API-KEY': apiKey } });
	if (res.status === 401 || res.status === 403) {
		throw new PreflightError(
			'n8n refused the API key: create one in n8n (Settings → n8n API → Create an API key, all scopes) and pass it as N8N_API_KEY',
		);
	}
	if (res.status !== 200) {
		throw new PreflightError(
			`n8n's public API answered HTTP ${res.status}: is it turned off (N8N_PUBLIC_API_DISABLED)?`,
		);
	}
}

/** Signs in as the owner; answers the session cookie. */
export async function checkLogin(
	http: AxiosInstance,
	email: string,
	password: string,
): Promise<string> {
	const res = await http.post('/rest/login', { emailOrLdapLoginId: email, password });
	if (res.status === 429) {
		throw new PreflightError(
			'n8n allows 5 owner logins a minute (in production mode) and this minute has had them: wait a minute and run the setup again',
		);
	}
	if (res.status !== 200) {
		throw new PreflightError(
			`n8n refused the owner's login for ${email} (HTTP ${res.status}): n8n 1.123 has no public Data Table API, so the setup signs in as the owner; check N8N_OWNER_EMAIL and N8N_OWNER_PASSWORD`,
		);
	}
	return String(res.headers['set-cookie']?.[0] ?? '').split(';')[0];
}

export async function checkPackage(http: AxiosInstance, apiKey: string): Promise<void> {
	const known = async (type: string) =>
		(await http.get(`/api/v1/credentials/schema/${type}`, { headers: { 'X-N8N-API-KEY': apiKey } }))
			.status === 200;
	if (!(await known(ANY_VERSION))) {
		throw new PreflightError(
			`the package ${PACKAGE_NAME} is not installed in this n8n: install it (Settings → Community nodes → Install → ${PACKAGE_NAME}; in queue mode on every worker too), then run the setup again`,
		);
	}
	if (!(await known(THIS_VERSION))) {
		throw new PreflightError(
			`the installed ${PACKAGE_NAME} is older than these templates (it has no ${THIS_VERSION} credential): update it in Settings → Community nodes, then run the setup again`,
		);
	}
}
