import { FixedOffsetZone, IANAZone } from 'luxon';

/**
 * Whether a time zone setting names a zone: an IANA name (Europe/Moscow) or a fixed offset (UTC+3). The server's own
 * zone ("local", "system") is refused: a patient's or an account's zone must not change with the machine n8n runs on.
 */
export function isValidZone(zone: string): boolean {
	let valid = checkedZones.get(zone);
	if (valid === undefined) {
		valid = IANAZone.isValidZone(zone) || FixedOffsetZone.parseSpecifier(zone) !== null;
		if (checkedZones.size >= 1000) checkedZones.clear();
		checkedZones.set(zone, valid);
	}
	return valid;
}

/**
 * Zone names already checked. The CoMagic Trigger re-checks its settings on every request, and luxon builds a new
 * Intl.DateTimeFormat for each check (about a fifth of the trigger's own CPU per request in a profile); whether a
 * name is a zone does not change while n8n runs. Bounded, since a name may come from an expression.
 */
const checkedZones = new Map<string, boolean>();
