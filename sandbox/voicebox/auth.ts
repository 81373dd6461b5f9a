/** HTTP Basic auth of the start-call API (the account's login and password). */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Login and password from `Authorization: Basic …`, decoded as UTF-8 (the real password has punctuation). */
export function parseBasicAuth(
	headers: IncomingHttpHeaders,
): { login: string; password: string } | undefined {
	const header = headers.authorization;
	if (typeof header !== 'string') return undefined;
	const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Constant-time comparison (hashing first makes the lengths equal). */
function same(a: string, b: string): boolean {
	const ha = createHash('sha256').update(a, 'utf8').digest();
	const hb = createHash('sha256').update(b, 'utf8').digest();
	return timingSafeEqual(ha, hb);
}

export function isAuthorized(
	headers: IncomingHttpHeaders,
	login: string,
	password: string,
): boolean {
	const given = parseBasicAuth(headers);
	// evaluate both so a wrong login costs the same as a wrong password
	const okLogin = given ? same(given.login, login) : false;
	const okPassword = given ? same(given.password, password) : false;
	return okLogin && okPassword;
}
