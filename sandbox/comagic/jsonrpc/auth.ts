import { isIPv4 } from 'node:net';

import { COMAGIC_LOGIN, COMAGIC_PASSWORD } from '../defaults';
import { hex32 } from '../model/hash';
import type { ApiKind, CoMagicState } from '../model/state';
import { rpcErrors } from './errors';

/**
 * Keys and sessions (https://comagic.github.io/call_api/): permanent/temporary keys from the cabinet, and login.user sessions
 * that expire after tokenTtlSeconds. One token store serves both APIs (inferred: the docs describe keys per user);
 * whether a session of one API works on the other the docs leave open, so config.separateSessions binds a session
 * to the API that issued it, and a key may be issued for one API only (the cabinet's access rights are per API).
 */

export function login(
	state: CoMagicState,
	params: Record<string, unknown>,
	now: number,
	api: ApiKind,
): { access_token: string; expire_at: number } {
	if (params.login !== COMAGIC_LOGIN || params.password !== COMAGIC_PASSWORD)
		throw rpcErrors.authError();
	// 72 hex characters like the doc example token
	const token =
		`${hex32('session', ++state.sessionCounter, now)}${hex32('s', now, state.sessionCounter)}`.slice(
			0,
			72,
		);
	const expireAtMs = now + state.config.tokenTtlSeconds * 1000;
	state.sessions.set(token, { login: COMAGIC_LOGIN, expireAtMs, api });
	return { access_token: token, expire_at: Math.floor(expireAtMs / 1000) };
}

export function authenticate(
	state: CoMagicState,
	token: unknown,
	now: number,
	api: ApiKind,
): string {
	if (token === undefined || token === null) throw rpcErrors.required('access_token');
	if (typeof token !== 'string') throw rpcErrors.dataType('access_token', token);
	if (state.blocked.has(token)) throw rpcErrors.tokenBlocked();
	const key = state.keys.get(token);
	// a key of the other API is unknown here, like a deleted one
	if (key && !key.apis.includes(api)) throw rpcErrors.tokenInvalid();
	if (key) {
		if (key.expireAtMs !== null && now >= key.expireAtMs) throw rpcErrors.tokenExpired();
		return token;
	}
	const session = state.sessions.get(token);
	if (!session || (state.config.separateSessions && session.api !== api)) {
		throw rpcErrors.tokenInvalid();
	}
	if (now >= session.expireAtMs) {
		// the docs: «not found, or session token older than 1 h» → access_token_invalid
		throw state.config.sessionExpiredMnemonic === 'access_token_expired'
			? rpcErrors.tokenExpired()
			: rpcErrors.tokenInvalid();
	}
	return token;
}

export function logout(state: CoMagicState, token: string): void {
	state.sessions.delete(token);
}

/** Expires every login.user session now (control API); returns how many. */
export function expireSessions(state: CoMagicState, now: number): number {
	for (const session of state.sessions.values())
		session.expireAtMs = Math.min(session.expireAtMs, now);
	return state.sessions.size;
}

function ipv4ToInt(ip: string): number {
	return ip.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

function matches(rule: string, ip: string): boolean {
	if (!rule.includes('/')) return rule === ip;
	const [net, bitsText] = rule.split('/');
	const bits = Number(bitsText);
	if (!isIPv4(net) || !isIPv4(ip) || !(bits >= 0 && bits <= 32)) return false;
	const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
	return (ipv4ToInt(net) & mask) === (ipv4ToInt(ip) & mask);
}

/** Deny-by-default whitelist when configured; null means the switch is off. */
export function checkIp(whitelist: string[] | null, remoteAddress: string): void {
	if (whitelist === null) return;
	const ip = remoteAddress.replace(/^::ffff:/, '');
	if (!whitelist.some((rule) => matches(rule, ip))) throw rpcErrors.ipNotWhitelisted(ip);
}
