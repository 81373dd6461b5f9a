import { normalizeRuPhone } from '../../nodes/shared/phone';

describe('normalizeRuPhone', () => {
	it.each([
		['+7 (912) 345-67-89', '79123456789'],
		['8 912 345 67 89', '79123456789'],
		['9123456789', '79123456789'],
		['79123456789', '79123456789'],
		['+7 495 123.45.67', '74951234567'],
		['8\u00a0(3012)\u00a012-34-56', '73012123456'],
		[79123456789, '79123456789'],
	])('accepts %p', (input, expected) => {
		expect(normalizeRuPhone(input)).toEqual({ ok: true, phone: expected });
	});

	it.each([
		['', 'empty'],
		[undefined, 'empty'],
		['12345', 'not a Russian number'],
		['+1 212 555 0100', 'not a Russian number'],
		['+8 912 345 67 89', 'not a Russian number'],
		['912-ABC-4567', 'characters'],
		['7 123 456 78 90', 'area code'],
		['+7 912 345 67 89 ext 1', 'characters'],
	])('rejects %p naming the value', (input, reason) => {
		const result = normalizeRuPhone(input);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.reason).toContain(reason);
			if (input) expect(result.reason).toContain(String(input));
		}
	});
});
