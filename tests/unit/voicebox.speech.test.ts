import { makeSpeakable } from '../../nodes/MttVoicebox/helpers/speech';

describe('makeSpeakable', () => {
	it.each([
		// commas are pauses the speech engine reads well: they stay
		['Эндоскопист, 4 июня, в 11:30', 'Эндоскопист, 4 июня, в 11:30'],
		['  Валерия   Сергеевна  ', 'Валерия Сергеевна'],
		['Терапевт (каб. №5) — 10:00!', 'Терапевт каб 5 10:00'],
		['Римского-Корсакова, д.7/2', 'Римского Корсакова, д 7 2'],
		['Хирург (каб. 5), 4 июня', 'Хирург каб 5, 4 июня'],
		['Хирург ,, — , 4 июня', 'Хирург, 4 июня'],
		['Петрова,Анна', 'Петрова, Анна'],
		['доза 1,5 мг', 'доза 1,5 мг'],
		[', Терапевт, ', 'Терапевт'],
		[',,,', ''],
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

	it.each([
		'Хирург, 1 мая, в 9:05 (кабинет 12-А)',
		' , «Врач» ,, (ЛОР) ,д.7/2, ',
		'Петрова,Анна,,Сергеевна!',
	])('is idempotent: %p', (text) => {
		const once = makeSpeakable(text);
		expect(makeSpeakable(once)).toBe(once);
	});
});
