/**
 * IPv4/IPv6 allow-list with IPv4 CIDR ranges ("a.b.c.d/nn"), for webhook senders with fixed addresses.
 * An empty list allows everyone.
 */
function ipv4ToInt(ip: string): number | undefined {
	const parts = ip.split('.');
	if (parts.length !== 4) return undefined;
	let value = 0;
	for (const part of parts) {
		if (!/^\d{1,3}$/.test(part)) return undefined;
		const n = Number(part);
		if (n > 255) return undefined;
		value = value * 256 + n;
	}
	return value;
}

function stripMappedPrefix(ip: string): string {
	return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

export function parseAllowList(text: string): string[] {
	return text
		.split(/[\s,;]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/** Returns the entries that are neither an IP address nor an IPv4 CIDR range. */
export function invalidAllowListEntries(entries: string[]): string[] {
	return entries.filter((entry) => {
		const [base, bits] = entry.split('/');
		if (bits !== undefined) {
			return ipv4ToInt(base) === undefined || !/^\d{1,2}$/.test(bits) || Number(bits) > 32;
		}
		return ipv4ToInt(base) === undefined && !/^[0-9a-f:]+$/i.test(base);
	});
}

export function ipAllowed(ip: string | undefined, entries: string[]): boolean {
	if (entries.length === 0) return true;
	if (!ip) return false;
	const address = stripMappedPrefix(ip);
	const asInt = ipv4ToInt(address);
	return entries.some((entry) => {
		const [base, bits] = entry.split('/');
		if (bits === undefined) return stripMappedPrefix(base) === address;
		const baseInt = ipv4ToInt(base);
		if (baseInt === undefined || asInt === undefined) return false;
		const size = Number(bits);
		const mask = size === 0 ? 0 : (0xffffffff << (32 - size)) >>> 0;
		return (asInt & mask) >>> 0 === (baseInt & mask) >>> 0;
	});
}
