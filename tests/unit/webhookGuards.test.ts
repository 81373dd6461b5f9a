import { seenRecently } from '../../nodes/shared/duplicates';
import { invalidAllowListEntries, ipAllowed, parseAllowList } from '../../nodes/shared/ipAllowList';
import { basicAuthPassword, bearerToken, secretsMatch } from '../../nodes/shared/secret';

describe('secretsMatch', () => {
	it('accepts only the exact secret', () => {
		expect(secretsMatch('s3cret', 's3cret')).toBe(true);
		expect(secretsMatch('s3cret', 's3cre')).toBe(false);
		expect(secretsMatch('s3cret', 'S3cret')).toBe(false);
		expect(secretsMatch('s3cret', undefined)).toBe(false);
		expect(secretsMatch('s3cret', ['s3cret'])).toBe(false);
	});
	it('never matches when no secret is configured', () => {
		expect(secretsMatch('', '')).toBe(false);
	});
	it('reads Basic and Bearer credentials', () => {
		const header = `Basic ${Buffer.from('robot:pa:ss').toString('base64')}`;
		expect(basicAuthPassword(header)).toBe('pa:ss');
		expect(basicAuthPassword('Basic %%%')).toBeUndefined();
		expect(bearerToken('Bearer abc.def')).toBe('abc.def');
		expect(bearerToken('Token abc')).toBeUndefined();
	});
});

describe('ip allow-list', () => {
	const list = parseAllowList('10.0.0.0/8, 192.168.1.7\n::1');
	it('matches addresses and ranges, including IPv4-mapped IPv6', () => {
		expect(ipAllowed('10.20.30.40', list)).toBe(true);
		expect(ipAllowed('::ffff:192.168.1.7', list)).toBe(true);
		expect(ipAllowed('::1', list)).toBe(true);
		expect(ipAllowed('192.168.1.8', list)).toBe(false);
		expect(ipAllowed(undefined, list)).toBe(false);
		expect(ipAllowed('1.2.3.4', [])).toBe(true);
	});
	it('names invalid entries', () => {
		expect(invalidAllowListEntries(['10.0.0.0/33', '300.1.1.1', 'example.com', '1.2.3.4/24'])).toEqual([
			'10.0.0.0/33',
			'300.1.1.1',
			'example.com',
		]);
	});
});

describe('seenRecently', () => {
	it('suppresses a repeat within the window and lets it through after', () => {
		const data = {};
		expect(seenRecently(data, 'a', 60, 1000)).toBe(false);
		expect(seenRecently(data, 'a', 60, 30000)).toBe(true);
		expect(seenRecently(data, 'b', 60, 30000)).toBe(false);
		expect(seenRecently(data, 'a', 60, 1000 + 61000)).toBe(false);
	});
	it('keeps memory bounded', () => {
		const data: { recentKeys?: object } = {};
		for (let i = 0; i < 6000; i++) seenRecently(data, `k${i}`, 3600, i);
		expect(Object.keys(data.recentKeys ?? {}).length).toBe(5000);
		expect(seenRecently(data, 'k5999', 3600, 6000)).toBe(true);
	});
});
