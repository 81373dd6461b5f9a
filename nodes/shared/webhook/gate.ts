import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { readPayload, readUnparsedBody } from './payload';
import { secretAccepted, senderAllowed, type SecretSettings } from './auth';
import { logRejection, replyWithoutExecution } from './reply';

/** What the gate reads of a trigger's settings. */
export interface GateSettings {
	secret: SecretSettings;
	ipAllowList: string;
}

export type GateResult =
	| { admitted: true; fields: IDataObject }
	| { admitted: false; response: IWebhookResponseData };

function reject(ctx: IWebhookFunctions, status: number, message: string): GateResult {
	logRejection(ctx, status, message);
	return { admitted: false, response: replyWithoutExecution(ctx, status, { error: message }) };
}

/** The fields without the secret, so it never reaches the execution data. */
function withoutSecret(fields: IDataObject, secret: SecretSettings): IDataObject {
	if (secret.location !== 'body' && secret.location !== 'query') return fields;
	const copy = { ...fields };
	delete copy[secret.name.trim()];
	return copy;
}

/**
 * Shared front door of both triggers. Checks run in the order that tells an outsider least: sender address, then
 * secret, then the body's shape. Every refusal answers at once and starts no execution; nothing is thrown, because
 * n8n would answer a thrown error with 500 and a stack trace in its log.
 */
export async function admitRequest(
	ctx: IWebhookFunctions,
	settings: GateSettings,
	/** activation problems; a non-empty list answers 500 (a hand-edited workflow that skipped activation checks) */
	problems: string[],
): Promise<GateResult> {
	if (problems.length > 0) {
		return reject(ctx, 500, `The trigger is misconfigured: ${problems.join('; ')}`);
	}
	if (!senderAllowed(ctx, settings.ipAllowList)) {
		return reject(ctx, 403, 'This sender address is not allowed');
	}
	if (!(await readUnparsedBody(ctx))) return reject(ctx, 400, 'The body could not be read');
	const payload = readPayload(ctx);
	const headers = (ctx.getHeaderData() ?? {}) as IDataObject;
	const query = (ctx.getQueryData() ?? {}) as IDataObject;
	if (!secretAccepted(settings.secret, headers, query, payload.ok ? payload.fields : {})) {
		return reject(ctx, 401, 'Missing or wrong shared secret');
	}
	if (!payload.ok) return reject(ctx, payload.status, payload.message);
	return { admitted: true, fields: withoutSecret(payload.fields, settings.secret) };
}
