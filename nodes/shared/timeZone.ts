import { FixedOffsetZone, IANAZone } from 'luxon';

/**
 * Whether a time zone setting names a zone: an IANA name (Europe/Moscow) or a fixed offset (UTC+3). The server's own
 * zone ("local", "system") is refused: a patient's or an account's zone must not change with the machine n8n runs on.
 */
export function isValidZone(zone: string): boolean {
	return IANAZone.isValidZone(zone) || FixedOffsetZone.parseSpecifier(zone) !== null;
}
