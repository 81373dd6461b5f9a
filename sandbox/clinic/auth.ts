/**
 * The clinic API's credential, as a clinic's web server would check it: with a token set, every /clinic request must
 * send `Authorization: Bearer <token>`; without one, any request (or credential) is taken, as on a closed demo.
 */
import { timingSafeEqual } from 'node:crypto';

import type { SandboxRequest } from '../core/types';

/** Why the request is refused (the 401 body), or null when it may pass. */
export function refusal(req: SandboxRequest, token: string | null): string | null {
	if (token === null) return null;
	const sent = req.headers.authorization;
	if (!sent) return 'no credential: send the header Authorization: Bearer <the clinic API token>';
	const expected = Buffer.from(`Bearer ${token}`);
	const got = Buffer.from(sent);
	return got.length === expected.length && timingSafeEqual(got, expected)
		? null
		: 'wrong credential: the Authorization header does not carry the clinic API token';
}
