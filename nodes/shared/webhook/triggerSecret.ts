import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeProperties,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { SecretSettings } from './auth';

/**
 * Where a trigger's shared secret lives. Version 1 kept it as a node parameter, so it sat in plain text in the
 * workflow JSON (exports, history, the public API). From version 2 it is a credential of this package, encrypted
 * with the instance key and read at every request, so a rotated secret applies to every trigger using it at once.
 */
export interface TriggerSecretCredential {
	/** the credential type's `name` */
	type: string;
	/** the credential type's `displayName`, as the messages name it */
	displayName: string;
}

/** The first trigger version that reads its secret from the credential. */
export const SECRET_CREDENTIAL_VERSION = 2;

/** Shorter secrets pass (nothing saved today breaks) but the credential test says to make them longer. */
export const MIN_SECRET_LENGTH = 16;

/** The one field of a trigger-secret credential. `who` says which sender puts it into its requests. */
export function secretCredentialProperties(who: string): INodeProperties[] {
	return [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `A long random value (at least ${MIN_SECRET_LENGTH} characters) that only ${who} and n8n know. Where it travels (query parameter, header, body field) is set on the trigger. Changing it here applies to every trigger that uses this credential at once, without re-publishing.`,
		},
	];
}

/** The credential test: no request can prove a secret a sender has not sent yet, so it judges the value itself. */
export function checkSecretStrength(
	data: ICredentialDataDecryptedObject | undefined,
): INodeCredentialTestResult {
	const secret = String(data?.secret ?? '');
	if (secret === '') return { status: 'Error', message: 'The secret is empty' };
	if (secret.trim() !== secret) {
		return {
			status: 'Error',
			message: 'The secret starts or ends with a space: a sender would likely drop it',
		};
	}
	if (secret.length < MIN_SECRET_LENGTH) {
		return {
			status: 'Error',
			message: `The secret has ${secret.length} characters: use at least ${MIN_SECRET_LENGTH} random ones (e.g. openssl rand -hex 24)`,
		};
	}
	return { status: 'OK', message: 'The secret is long enough' };
}

export async function secretStrengthTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return checkSecretStrength(credential.data);
}

/**
 * The settings with the secret a version-2 trigger compares against, read from its credential at every call so a
 * rotated secret applies at once. Version 1 keeps the secret its parameter gave (read with the other settings). A
 * missing or deleted credential leaves the secret empty, which the settings check turns into a sentence on what to do.
 */
export async function withTriggerSecret<Settings extends { secret: SecretSettings }>(
	ctx: IHookFunctions | IWebhookFunctions,
	settings: Settings,
	credential: TriggerSecretCredential,
): Promise<Settings> {
	if (ctx.getNode().typeVersion < SECRET_CREDENTIAL_VERSION) return settings;
	const secret: SecretSettings = { ...settings.secret, secret: '', from: credential.displayName };
	if (secret.location !== 'none') {
		try {
			secret.secret = String((await ctx.getCredentials(credential.type))?.secret ?? '');
		} catch {
			// n8n throws when no credential is chosen or it was deleted: the empty secret says so on activation and
			// answers 500 "misconfigured" to a request, with no detail an outsider could use
			secret.secret = '';
		}
	}
	return { ...settings, secret };
}
