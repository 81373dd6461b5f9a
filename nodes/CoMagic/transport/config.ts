import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * Where each brand of the platform lives (https://comagic.github.io/call_api/, https://comagic.github.io/data_api/). CoMagic, UIS and CallGear run the same JSON-RPC APIs on
 * different hosts; «Custom» takes both URLs from the credential (the sandbox, or a future brand).
 */
export type Platform = 'comagic' | 'uis' | 'callgear' | 'custom';

export const PLATFORM_HOSTS: Record<
	Exclude<Platform, 'custom'>,
	{ call: string; data: string; media: string }
> = {
	comagic: {
		call: 'https://callapi.comagic.ru/v4.0',
		data: 'https://dataapi.comagic.ru/v2.0',
		media: 'https://app.comagic.ru',
	},
	uis: {
		call: 'https://callapi.uiscom.ru/v4.0',
		data: 'https://dataapi.uiscom.ru/v2.0',
		media: 'https://app.uiscom.ru',
	},
	callgear: {
		call: 'https://callapi.callgear.com/v4.0',
		data: 'https://dataapi.callgear.com/v2.0',
		media: 'https://app.callgear.com',
	},
};

export type ApiKind = 'call' | 'data';

export interface CoMagicCredentials {
	platform: Platform;
	callApiUrl?: string;
	dataApiUrl?: string;
	mediaUrl?: string;
	authentication: 'apiKey' | 'loginPassword';
	apiKey?: string;
	login?: string;
	password?: string;
	sessionToken?: string;
	/** unix seconds of the session's expire_at */
	sessionExpiresAt?: number;
	/** the account does not share sessions between the APIs: the Call API has its own (set by the node on a refusal) */
	sessionPerApi?: boolean;
	callSessionToken?: string;
	callSessionExpiresAt?: number;
	timezone?: string;
}

export function asCredentials(data: ICredentialDataDecryptedObject): CoMagicCredentials {
	return data as unknown as CoMagicCredentials;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function apiUrl(credentials: CoMagicCredentials, api: ApiKind): string {
	if (credentials.platform === 'custom') {
		return trimSlash(
			String((api === 'call' ? credentials.callApiUrl : credentials.dataApiUrl) ?? ''),
		);
	}
	return PLATFORM_HOSTS[credentials.platform ?? 'comagic'][api];
}

/** Recordings live on the cabinet host (app.comagic.ru/system/media/…); for Custom, the Data API's origin unless set. */
export function mediaBaseUrl(credentials: CoMagicCredentials): string {
	if (credentials.platform !== 'custom')
		return PLATFORM_HOSTS[credentials.platform ?? 'comagic'].media;
	if (credentials.mediaUrl) return trimSlash(credentials.mediaUrl);
	try {
		return new URL(apiUrl(credentials, 'data')).origin;
	} catch {
		return '';
	}
}

/** Data API times are in the account's time zone; Moscow when the credential does not say. */
export function accountZone(credentials: CoMagicCredentials): string {
	return credentials.timezone || 'Europe/Moscow';
}

/** The secrets of a credential, to scrub from anything that leaves the transport. */
export function secretsOf(credentials: CoMagicCredentials): string[] {
	return [
		credentials.apiKey,
		credentials.password,
		credentials.sessionToken,
		credentials.callSessionToken,
	].filter((s): s is string => typeof s === 'string' && s.length >= 4);
}
