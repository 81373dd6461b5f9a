import { DateTime } from 'luxon';

import { makeSpeakable } from '../../nodes/MttVoicebox/helpers/speech';
import {
	buildVisitPhrase,
	parseVisitStart,
	splitPatientName,
} from '../../nodes/MttVoicebox/helpers/visitPhrase';

function parsed(input: unknown, zone: string): DateTime {
	const result = parseVisitStart(input, zone);
	if (!result.ok) throw new Error(result.reason);
	return result.value;
}

describe('parseVisitStart', () => {
	it.each([
		['2026-06-04T11:30', 'Europe/Moscow', '2026-06-04T11:30:00.000+03:00'],
		['2026-06-04T11:30:00+03:00', 'Europe/Moscow', '2026-06-04T11:30:00.000+03:00'],
		// an instant given in Moscow time, heard by a Kaliningrad patient an hour earlier
		['2026-06-04T11:30:00+03:00', 'Europe/Kaliningrad', '2026-06-04T10:30:00.000+02:00'],
		['2026-06-04T08:30:00Z', 'Asia/Kamchatka', '2026-06-04T20:30:00.000+12:00'],
		['04.06.2026 11:30', 'Asia/Yekaterinburg', '2026-06-04T11:30:00.000+05:00'],
		['4.6.2026 9:05', 'Europe/Moscow', '2026-06-04T09:05:00.000+03:00'],
		['04.06.2026 11:30:15', 'Europe/Moscow', '2026-06-04T11:30:15.000+03:00'],
		['2026-06-04 11:30:00', 'Europe/Samara', '2026-06-04T11:30:00.000+04:00'],
		[' 2026-06-04T11:30 ', 'Europe/Moscow', '2026-06-04T11:30:00.000+03:00'],
	])('%p in %s → %s', (input, zone, iso) => {
		expect(parsed(input, zone).toISO()).toBe(iso);
	});

	it('reads a local time on a DST day of a zone that still changes clocks', () => {
		expect(parsed('29.03.2026 09:00', 'Europe/London').toISO()).toBe(
			'2026-03-29T09:00:00.000+01:00',
		);
		expect(parsed('28.03.2026 09:00', 'Europe/London').toISO()).toBe(
			'2026-03-28T09:00:00.000+00:00',
		);
	});

	it('accepts Date and luxon values', () => {
		expect(parsed(new Date('2026-06-04T08:30:00Z'), 'Europe/Moscow').toISO()).toBe(
			'2026-06-04T11:30:00.000+03:00',
		);
		expect(parsed(DateTime.fromISO('2026-06-04T08:30:00Z'), 'Europe/Moscow').hour).toBe(11);
	});

	it.each([
		['', 'empty'],
		['2026-06-04', 'not a date and time'],
		['04.06.2026', 'not a date and time'],
		['завтра', 'not a date and time'],
		['31.02.2026 10:00', 'not a date and time'],
		[undefined, 'empty'],
	])('refuses %p', (input, reason) => {
		const result = parseVisitStart(input, 'Europe/Moscow');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toContain(reason);
	});

	it('names a wrong time zone', () => {
		const result = parseVisitStart('2026-06-04T11:30', 'Moscow');
		expect(result).toEqual({
			ok: false,
			reason: expect.stringContaining('"Moscow" is not a time zone'),
		});
	});
});

describe('buildVisitPhrase', () => {
	const at = (iso: string, zone = 'Europe/Moscow') => parsed(iso, zone);

	it('says the seed example', () => {
		expect(buildVisitPhrase({ start: at('2026-06-04T11:30'), specialty: 'Эндоскопист' })).toBe(
			'Эндоскопист, 4 июня, в 11:30',
		);
	});

	it.each([
		['2026-01-01T09:05', 'января', 'в 9:05'],
		['2026-02-14T10:00', 'февраля', 'в 10:00'],
		['2026-03-08T12:00', 'марта', 'в 12:00'],
		['2026-04-30T13:15', 'апреля', 'в 13:15'],
		['2026-05-09T14:00', 'мая', 'в 14:00'],
		['2026-07-15T15:45', 'июля', 'в 15:45'],
		['2026-08-20T16:00', 'августа', 'в 16:00'],
		['2026-09-01T08:00', 'сентября', 'в 8:00'],
		['2026-10-10T17:30', 'октября', 'в 17:30'],
		['2026-11-23T18:00', 'ноября', 'в 18:00'],
		['2026-12-31T19:59', 'декабря', 'в 19:59'],
	])('%s uses the genitive month and the spoken time', (iso, month, time) => {
		const phrase = buildVisitPhrase({ start: at(iso), specialty: 'терапевт' });
		expect(phrase).toBe(`Терапевт, ${Number(iso.slice(8, 10))} ${month}, ${time}`);
	});

	it('adds the doctor after the specialty and collapses spaces', () => {
		expect(
			buildVisitPhrase({
				start: at('2026-06-04T11:30'),
				specialty: '  эндоскопист ',
				doctor: ' Петрова  Анна ',
			}),
		).toBe('Эндоскопист Петрова Анна, 4 июня, в 11:30');
	});

	it('speaks the time of the patient zone', () => {
		const start = at('2026-06-04T11:30:00+03:00', 'Asia/Kamchatka');
		expect(buildVisitPhrase({ start, specialty: 'Хирург' })).toBe('Хирург, 4 июня, в 20:30');
		const late = at('2026-06-04T20:30:00+03:00', 'Asia/Kamchatka');
		expect(buildVisitPhrase({ start: late, specialty: 'Хирург' })).toBe('Хирург, 5 июня, в 5:30');
	});
});

describe('splitPatientName', () => {
	it.each([
		['Иванова Валерия Сергеевна', 'Валерия', 'Сергеевна'],
		['  иванова   валерия  сергеевна ', 'Валерия', 'Сергеевна'],
		['ПЕТРОВ ИВАН ИЛЬИЧ', 'Иван', 'Ильич'],
		['Римская-Корсакова Анна-Мария Петровна', 'Анна-Мария', 'Петровна'],
		['Алиев Руслан Ильхам оглы', 'Руслан', 'Ильхам оглы'],
		['Мамедова Айгюль Рашид кызы', 'Айгюль', 'Рашид кызы'],
		['Иванова Валерия', 'Валерия', ''],
		['Валерия Сергеевна', 'Валерия', 'Сергеевна'],
		['Никита Кузьмич', 'Никита', 'Кузьмич'],
		['Валерия Сергеевна Иванова', 'Валерия', 'Сергеевна'],
		['Валерия', 'Валерия', ''],
		['Ёлкина Алёна Фёдоровна', 'Алёна', 'Фёдоровна'],
		['', '', ''],
	])('%p → %p %p', (full, firstName, patronymic) => {
		const name = splitPatientName(full);
		expect(name).toEqual({
			firstName,
			patronymic,
			address: [firstName, patronymic].filter(Boolean).join(' '),
		});
	});

	it('takes non-breaking spaces and tabs as separators', () => {
		expect(splitPatientName('Иванова\u00a0Валерия\tСергеевна').address).toBe('Валерия Сергеевна');
	});

	it('treats a missing value as no name', () => {
		expect(splitPatientName(undefined).address).toBe('');
		expect(splitPatientName(null).address).toBe('');
	});
});

describe('Build Visit Phrase writes speakable text (what Start Campaign Call sends unchanged)', () => {
	const at = (iso: string, zone = 'Europe/Moscow') => parsed(iso, zone);

	it.each([
		['Эндоскопист', undefined, '2026-06-04T11:30'],
		['терапевт', 'Петрова Анна Сергеевна', '2026-01-01T09:05'],
		['врач-эндоскопист (каб. 5)', 'Римская-Корсакова А.С.', '2026-12-31T19:59'],
		['ЛОР, детский', ' «Иванов» ', '2026-03-08T00:00'],
	])('%p with doctor %p passes the speakable filter unchanged', (specialty, doctor, iso) => {
		const phrase = buildVisitPhrase({ start: at(iso), specialty, doctor });
		expect(phrase).toMatch(/, \d{1,2} [а-я]+, в \d{1,2}:\d\d$/);
		expect(makeSpeakable(phrase)).toBe(phrase);
	});
});
