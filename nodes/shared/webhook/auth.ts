import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { invalidAllowListEntries, ipAllowed, parseAllowList } from './ipAllowList';
import { basicAuthPassword, bearerToken, secretsMatch } from './secret';

/** Where a sender puts the shared secret. */
export type SecretLocation = 'none' | 'query' | 'header' | 'body' | 'basic';

export interface SecretSettings {
	location: SecretLocation;
	/** query parameter, header or body field name */
	name: string;
	secret: string;
	/** version 2: the credential type's name that holds the secret, for the message when it is missing */
	from?: string;
}

function firstString(value: unknown): unknown {
	return Array.isArray(value) ? value[0] : value;
}

/**
 * The secret as the request carries it. A header named Authorization may also hold `Bearer <secret>`;
 * Basic takes the password part (any user name).
 */
export function presentedSecret(
	settings: SecretSettings,
	headers: IDataObject,
	query: IDataObject,
	body: IDataObject,
): unknown {
	const name = settings.name.trim();
	switch (settings.location) {
		case 'query':
			return firstString(query[name]);
		case 'body':
			return firstString(body[name]);
		case 'header': {
			const value = firstString(headers[name.toLowerCase()]);
			return name.toLowerCase() === 'authorization' ? (bearerToken(value) ?? value) : value;
		}
		case 'basic':
			return basicAuthPassword(firstString(headers.authorization));
		default:
			return undefined;
	}
}

export function secretAccepted(
	settings: SecretSettings,
	headers: IDataObject,
	query: IDataObject,
	body: IDataObject,
): boolean {
	if (settings.location === 'none') return true;
	return secretsMatch(settings.secret, presentedSecret(settings, headers, query, body));
}

/** Problems with the secret settings, as sentences for an activation error; empty when fine. */
export function secretSettingsProblems(settings: SecretSettings): string[] {
	if (settings.location === 'none') return [];
	const problems: string[] = [];
	if (settings.secret === '') {
		problems.push(
			settings.from
				? `no ${settings.from} credential is chosen, or its Secret is empty`
				: 'the shared secret is empty',
		);
	}
	if (settings.location !== 'basic' && settings.name.trim() === '') {
		problems.push(`the ${settings.location} name that carries the secret is empty`);
	}
	return problems;
}

export function allowListProblems(text: string): string[] {
	const bad = invalidAllowListEntries(parseAllowList(text));
	return bad.length
		? [`these allow-list entries are not IP addresses or ranges: ${bad.join(', ')}`]
		: [];
}

/** The sender's address as Express sees it (honours n8n's proxy-hops setting through `req.ip`). */
export function senderIp(ctx: IWebhookFunctions): string | undefined {
	const req = ctx.getRequestObject() as unknown as {
		ip?: string;
		socket?: { remoteAddress?: string };
	};
	return req.ip ?? req.socket?.remoteAddress;
}

export function senderAllowed(ctx: IWebhookFunctions, allowList: string): boolean {
	return ipAllowed(senderIp(ctx), parseAllowList(allowList));
}
