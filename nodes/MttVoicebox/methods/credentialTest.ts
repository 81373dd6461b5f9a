/**
 * The credential test. Voicebox has one endpoint, and it answers 2xx only when it starts a call, so no request can
 * pass n8n's request-based test (any non-2xx fails it) without ringing someone. A function test could tell a 401 from
 * a post-auth 400, but n8n gives it only the deprecated `helpers.request`, which the verified-node lint forbids.
 * So this checks the format only; the first real call proves the password (a 401 names the credential).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}

export function checkCredentialFormat(
	data: ICredentialDataDecryptedObject | undefined,
): INodeCredentialTestResult {
	const url = String(data?.url ?? '').trim();
	const login = String(data?.login ?? '');
	const password = String(data?.password ?? '');
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || !/^https?:$/.test(parsed.protocol)) {
		return {
			status: 'Error',
			message: `URL "${url}" is not an http(s) address (default https://voicebox.mtt.ru/api/v1/sb)`,
		};
	}
	if (parsed.username || parsed.password) {
		return {
			status: 'Error',
			message: 'Put the login and password in their own fields, not in the URL',
		};
	}
	if (login.trim() === '') return { status: 'Error', message: 'The login is empty' };
	if (login !== login.trim())
		return { status: 'Error', message: 'The login starts or ends with a space' };
	// Basic auth joins login and password with the first colon (RFC 7617), so a login cannot hold one
	if (login.includes(':'))
		return { status: 'Error', message: 'The login contains ":", which Basic auth cannot carry' };
	if (password === '') return { status: 'Error', message: 'The password is empty' };
	if (hasControlCharacter(login) || hasControlCharacter(password)) {
		return {
			status: 'Error',
			message: 'The login or password contains a line break or another control character',
		};
	}
	return {
		status: 'OK',
		message:
			'Format is valid. Voicebox cannot check a password without starting a call, so the first call proves it (a wrong one fails with HTTP 401).',
	};
}

export async function mttVoiceboxApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return checkCredentialFormat(credential.data);
}
