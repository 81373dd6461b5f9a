import { createHash } from 'node:crypto';

/**
 * 32-hex ids like the real recording hashes and session tokens, derived from their parts so a seed reproduces them.
 */
export function hex32(...parts: Array<string | number>): string {
	return createHash('md5').update(parts.join(':')).digest('hex');
}
