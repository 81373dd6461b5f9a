/** The credential data that points this package's credentials at a running sandbox (demo, e2e). */
import { COMAGIC_LOGIN, COMAGIC_PASSWORD } from './comagic/defaults';
import type { Sandbox } from './index';
import { DEFAULT_VOICEBOX_LOGIN, DEFAULT_VOICEBOX_PASSWORD } from './voicebox/defaults';

/** CoMagic with login + password: the session n8n stores and renews is part of what the sandbox shows. */
export function coMagicCredentialData(sandbox: Sandbox) {
	return {
		platform: 'custom',
		callApiUrl: sandbox.urls.comagicCallApi,
		dataApiUrl: sandbox.urls.comagicDataApi,
		mediaUrl: sandbox.baseUrl,
		authentication: 'loginPassword',
		login: COMAGIC_LOGIN,
		password: COMAGIC_PASSWORD,
	};
}

export function voiceboxCredentialData(sandbox: Sandbox, password = DEFAULT_VOICEBOX_PASSWORD) {
	return { url: sandbox.urls.voicebox, login: DEFAULT_VOICEBOX_LOGIN, password };
}
