import { makeSpeakable } from '../../nodes/MttVoicebox/speech';

describe('makeSpeakable', () => {
	it.each([
		['Эндоскопист, 4 июня, в 11:30', 'Эндоскопист 4 июня в 11:30'],
		['  Валерия   Сергеевна  ', 'Валерия Сергеевна'],
		['Терапевт (каб. №5) — 10:00!', 'Терапевт каб 5 10:00'],
		['Римского-Корсакова, д.7/2', 'Римского Корсакова д 7 2'],
		['«Клиника» "Здоровье" & Co.', 'Клиника Здоровье Co'],
		['line\nbreak\ttab', 'line break tab'],
		['Ёлкин Йосиф', 'Ёлкин Йосиф'],
		['emoji 😀 here', 'emoji here'],
		['{{name}} $100 50%', 'name 100 50'],
		['!!!', ''],
		['', ''],
	])('%p → %p', (input, expected) => {
		expect(makeSpeakable(input)).toBe(expected);
	});

	it('composes decomposed letters instead of splitting them (й typed as и + breve)', () => {
		expect(makeSpeakable('Йод'.normalize('NFD'))).toBe('Йод');
	});

	it('is idempotent', () => {
		const once = makeSpeakable('Хирург, 1 мая, в 9:05 (кабинет 12-А)');
		expect(makeSpeakable(once)).toBe(once);
	});
});
