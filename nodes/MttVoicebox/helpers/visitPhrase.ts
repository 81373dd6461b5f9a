/**
 * Visit reminders in words a Russian TTS voice reads well: «Эндоскопист, 4 июня, в 11:30». Dates are spoken in the
 * patient's own zone (a Kaliningrad patient of a Moscow clinic hears Kaliningrad time).
 */
import { DateTime } from 'luxon';

import { isValidZone } from '../../shared/timeZone';
import { makeSpeakable } from './speech';

/** «4 июня», not «4 июнь»: a day of the month takes the genitive. */
const MONTHS_GENITIVE = [
	'января',
	'февраля',
	'марта',
	'апреля',
	'мая',
	'июня',
	'июля',
	'августа',
	'сентября',
	'октября',
	'ноября',
	'декабря',
];

export type ParsedTime = { ok: true; value: DateTime } | { ok: false; reason: string };

/**
 * A visit start as clinic systems export it: ISO 8601 (with an offset = that instant; without = wall time in the
 * patient's zone), `dd.MM.yyyy HH:mm[:ss]` (1C style) or `yyyy-MM-dd HH:mm[:ss]` (SQL), read in the patient's zone.
 */
export function parseVisitStart(input: unknown, zone: string): ParsedTime {
	if (!isValidZone(zone))
		return { ok: false, reason: `"${zone}" is not a time zone (e.g. Europe/Moscow)` };
	if (input instanceof Date) {
		const value = DateTime.fromJSDate(input, { zone });
		return value.isValid ? { ok: true, value } : { ok: false, reason: 'the date is invalid' };
	}
	if (DateTime.isDateTime(input)) {
		return input.isValid
			? { ok: true, value: input.setZone(zone) }
			: { ok: false, reason: 'the date is invalid' };
	}
	const text = typeof input === 'string' ? input.trim() : '';
	if (text === '') return { ok: false, reason: 'the visit start is empty' };
	// a date alone would silently become midnight: ISO needs its time part
	const iso = /\dT\d/.test(text) ? DateTime.fromISO(text, { zone }) : DateTime.invalid('no time');
	const attempts = [
		iso,
		DateTime.fromFormat(text, 'dd.MM.yyyy HH:mm', { zone }),
		DateTime.fromFormat(text, 'd.M.yyyy H:mm', { zone }),
		DateTime.fromFormat(text, 'dd.MM.yyyy HH:mm:ss', { zone }),
		DateTime.fromFormat(text, 'd.M.yyyy H:mm:ss', { zone }),
		DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone }),
		DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone }),
	];
	const value = attempts.find((d) => d.isValid);
	if (!value) {
		return {
			ok: false,
			reason: `"${text}" is not a date and time (use ISO 8601 like 2026-06-04T11:30 or dd.MM.yyyy HH:mm)`,
		};
	}
	return { ok: true, value: value.setZone(zone) };
}

function capitalize(word: string): string {
	return word.charAt(0).toLocaleUpperCase('ru') + word.slice(1);
}

/** «ИВАНОВА-ПЕТРОВА» → «Иванова-Петрова»: clinic databases often store names in capitals. */
function nameCase(word: string): string {
	return word
		.toLocaleLowerCase('ru')
		.split('-')
		.map((part) => capitalize(part))
		.join('-');
}

export interface VisitPhraseInput {
	start: DateTime;
	specialty: string;
	doctor?: string;
}

/**
 * «Эндоскопист, 4 июня, в 11:30»; with a doctor «Эндоскопист Петров Иван Сергеевич, 4 июня, в 9:05». Written in
 * speakable text (speech.ts), so Start Campaign Call's filter leaves it as it is, commas included.
 */
export function buildVisitPhrase({ start, specialty, doctor }: VisitPhraseInput): string {
	const who = [specialty, doctor ?? ''].map(makeSpeakable).filter(Boolean);
	const date = `${start.day} ${MONTHS_GENITIVE[start.month - 1]}`;
	const time = `в ${start.toFormat('H:mm')}`;
	const head = who.length ? capitalize(who.join(' ')) : '';
	return [head, date, time].filter(Boolean).join(', ');
}

export interface PatientName {
	firstName: string;
	patronymic: string;
	/** how the robot addresses the patient: «Валерия Сергеевна», or just the first name */
	address: string;
}

/** Russian patronymics (-вич, -ич, -вна, -чна, -ична, -инична) and the Turkic «оглы»/«кызы». */
const PATRONYMIC = /(ич|вна|чна|оглы|кызы|улы|қызы)$/i;

/**
 * The first name and patronymic from a full name in the Russian order «Фамилия Имя Отчество». Two words are read as
 * «Имя Отчество» when the second looks like a patronymic, else as «Фамилия Имя»; «Имя Отчество Фамилия» is recognised
 * too. Turkic «Алиев Руслан Ильхам оглы» keeps «Ильхам оглы» as the patronymic.
 */
export function splitPatientName(fullName: unknown): PatientName {
	const words = String(fullName ?? '')
		.replace(/[\s\u00a0]+/g, ' ')
		.trim()
		.split(' ')
		.filter(Boolean)
		.map(nameCase);
	let firstName = '';
	let patronymic = '';
	if (words.length === 1) {
		firstName = words[0];
	} else if (words.length === 2) {
		if (PATRONYMIC.test(words[1])) [firstName, patronymic] = words;
		else firstName = words[1];
	} else if (words.length >= 3) {
		const lastIsPatronymic = PATRONYMIC.test(words[words.length - 1]);
		if (PATRONYMIC.test(words[1]) && !lastIsPatronymic) {
			// «Валерия Сергеевна Иванова»
			[firstName, patronymic] = words;
		} else {
			firstName = words[1];
			patronymic = words
				.slice(2)
				.join(' ')
				.replace(/ (Оглы|Кызы|Улы)$/, (m) => m.toLocaleLowerCase('ru'));
		}
	}
	return { firstName, patronymic, address: [firstName, patronymic].filter(Boolean).join(' ') };
}
