import { RpcError } from '../jsonrpc/errors';
import type { CoMagicConfig } from '../model/config';

/**
 * «Управление безопасностью звонка» (https://comagic.github.io/call_api/): mobile, long-distance and international
 * directions are set in Account → Security rules and settings → API; international is forbidden by default, the rest
 * allowed. The
 * sandbox account is Russian: +7 followed by 3, 4, 8 or 9 is domestic (+7 6xx/7xx is Kazakhstan).
 */
const DOMESTIC = /^7[3489]\d{9}$/;

export function checkDirection(config: CoMagicConfig, field: string, number: string): void {
	if (config.internationalCalls || DOMESTIC.test(number)) return;
	// the docs give only the code group -32002 «security rules forbid the direction»; the mnemonic is ours
	throw new RpcError(
		-32002,
		`Calls to ${number} are forbidden by the security rules of the account (international direction)`,
		'call_direction_not_allowed',
		field,
		number,
	);
}
