import { bodyKey, seenRecently, triggerScope } from '../../nodes/shared/webhook/dedupe';
import {
	invalidAllowListEntries,
	ipAllowed,
	parseAllowList,
} from '../../nodes/shared/webhook/ipAllowList';
import { basicAuthPassword, bearerToken, secretsMatch } from '../../nodes/shared/webhook/secret';

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
		expect(
			invalidAllowListEntries(['10.0.0.0/33', '300.1.1.1', 'example.com', '1.2.3.4/24']),
		).toEqual(['10.0.0.0/33', '300.1.1.1', 'example.com']);
	});
});

describe('seenRecently', () => {
	it('suppresses a repeat within the window and lets it through after', () => {
		const scope = triggerScope('wf-window', 'node-1');
		expect(seenRecently(scope, 'a', 60, 1000)).toBe(false);
		expect(seenRecently(scope, 'a', 60, 30000)).toBe(true);
		expect(seenRecently(scope, 'b', 60, 30000)).toBe(false);
		expect(seenRecently(scope, 'a', 60, 1000 + 61000)).toBe(false);
	});
	it('keeps each trigger of each workflow apart', () => {
		expect(seenRecently(triggerScope('wf-a', 'n'), 'k', 60, 0)).toBe(false);
		expect(seenRecently(triggerScope('wf-b', 'n'), 'k', 60, 0)).toBe(false);
		expect(seenRecently(triggerScope('wf-a', 'm'), 'k', 60, 0)).toBe(false);
		expect(seenRecently(triggerScope('wf-a', 'n'), 'k', 60, 0)).toBe(true);
	});
	it('keeps memory bounded: the oldest keys go first', () => {
		const scope = triggerScope('wf-bounded', 'node-1');
		for (let i = 0; i < 6000; i++) seenRecently(scope, `k${i}`, 3600, i);
		expect(seenRecently(scope, 'k5999', 3600, 6000)).toBe(true);
		expect(seenRecently(scope, 'k1000', 3600, 6000)).toBe(true);
		expect(seenRecently(scope, 'k999', 3600, 6000)).toBe(false);
	});
});

describe('bodyKey', () => {
	it('is the same whatever the field order, and differs when any value differs', () => {
		const a = { event: 'x', call_session_id: 1, nested: { b: 2, a: [1, '2'] } };
		expect(bodyKey(a)).toBe(
			bodyKey({ nested: { a: [1, '2'], b: 2 }, call_session_id: 1, event: 'x' }),
		);
		expect(bodyKey(a)).not.toBe(bodyKey({ ...a, call_session_id: 2 }));
		expect(bodyKey(a)).not.toBe(bodyKey({ ...a, nested: { b: 2, a: [1, 2] } }));
		expect(bodyKey({ a: 'b' })).not.toBe(bodyKey({ 'a"': 'b' }));
	});
});
