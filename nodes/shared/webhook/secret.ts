import { createHash, timingSafeEqual } from 'crypto';

/**
 * Constant-time comparison of a shared webhook secret. Both sides are hashed first so that neither the length nor
 * the first differing byte leaks through timing.
 */
export function secretsMatch(expected: string, given: unknown): boolean {
	if (typeof given !== 'string' || expected === '') return false;
	const a = createHash('sha256').update(expected, 'utf8').digest();
	const b = createHash('sha256').update(given, 'utf8').digest();
	return timingSafeEqual(a, b);
}

/** Reads the password of an `Authorization: Basic …` header, or undefined. */
export function basicAuthPassword(header: unknown): string | undefined {
	if (typeof header !== 'string') return undefined;
	const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon === -1 ? undefined : decoded.slice(colon + 1);
}

/** Reads a bearer token, or undefined. */
export function bearerToken(header: unknown): string | undefined {
	if (typeof header !== 'string') return undefined;
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
	return match ? match[1] : undefined;
}
