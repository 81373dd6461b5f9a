import { classifyOutcome, type OutcomeRule } from '../../nodes/MttVoicebox/helpers/outcomes';

describe('classifyOutcome', () => {
	it.each([
		[1, 'confirmed', true, false, false],
		['2', 'cancelled', true, false, false],
		[' 3 ', 'operator', true, false, false],
		// posted at pickup, before the answer: a later 1/2/3 for the same call wins
		[4, 'hungUpEarly', false, false, true],
		['hungupearly', 'hungUpEarly', false, false, true],
		['5', 'noAnswer', false, true, false],
		['NoAnswer', 'noAnswer', false, true, false],
	])('%p → %s', (value, outcome, final, retryable, provisional) => {
		expect(classifyOutcome(value)).toEqual({
			code: expect.any(Number),
			outcome,
			final,
			retryable,
			provisional,
			unknown: false,
		});
	});

	it('flags unknown codes and names without dropping the code', () => {
		expect(classifyOutcome(7)).toEqual({
			code: 7,
			outcome: 'unknown',
			final: false,
			retryable: false,
			provisional: false,
			unknown: true,
		});
		expect(classifyOutcome('busy')).toMatchObject({ code: null, unknown: true });
		expect(classifyOutcome(undefined)).toMatchObject({ code: null, unknown: true });
	});

	it('uses a custom map; a rule without `provisional` is not provisional', () => {
		const rules: OutcomeRule[] = [
			{ code: 9, outcome: 'voicemail', final: false, retryable: true },
			{ code: 0, outcome: 'pickedUp', final: false, retryable: false, provisional: true },
		];
		expect(classifyOutcome(9, rules)).toMatchObject({
			outcome: 'voicemail',
			retryable: true,
			provisional: false,
		});
		expect(classifyOutcome(0, rules)).toMatchObject({ outcome: 'pickedUp', provisional: true });
		expect(classifyOutcome(1, rules).unknown).toBe(true);
	});
});
