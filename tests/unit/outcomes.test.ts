import { classifyOutcome, type OutcomeRule } from '../../nodes/MttVoicebox/outcomes';

describe('classifyOutcome', () => {
	it.each([
		[1, 'confirmed', true, false],
		['2', 'cancelled', true, false],
		[' 3 ', 'operator', true, false],
		[4, 'hungUpEarly', false, true],
		['5', 'noAnswer', false, true],
		['NoAnswer', 'noAnswer', false, true],
	])('%p → %s', (value, outcome, final, retryable) => {
		expect(classifyOutcome(value)).toMatchObject({ outcome, final, retryable, unknown: false });
	});

	it('flags unknown codes and names without dropping the code', () => {
		expect(classifyOutcome(7)).toEqual({ code: 7, outcome: 'unknown', final: false, retryable: false, unknown: true });
		expect(classifyOutcome('busy')).toMatchObject({ code: null, unknown: true });
		expect(classifyOutcome(undefined)).toMatchObject({ code: null, unknown: true });
	});

	it('uses a custom map', () => {
		const rules: OutcomeRule[] = [{ code: 9, outcome: 'voicemail', final: false, retryable: true }];
		expect(classifyOutcome(9, rules)).toMatchObject({ outcome: 'voicemail', retryable: true });
		expect(classifyOutcome(1, rules).unknown).toBe(true);
	});
});
