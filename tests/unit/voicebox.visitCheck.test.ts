/**
 * Check Visit's rule (nodes/MttVoicebox/helpers/visitCheck.ts) against the expression the reminder template wrote
 * before the node had it: the same phone and the same problem text, in the same order, for every input below.
 */
import { DateTime, Settings } from 'luxon';

import { checkVisit } from '../../nodes/MttVoicebox/helpers/visitCheck';
import { normalizeRuPhone } from '../../nodes/shared/phone';
import { normalisePhone } from '../../templates/expressions';

/** The template's visit check as it stood (templates/appointmentReminder.ts visitProblem, release 0.2.0). */
const TEMPLATE_PROBLEM = [
	`!String($json.phone ?? '').trim() ? 'no phone number'`,
	`${normalisePhone('$json.phone')} === '' ? 'phone "' + $json.phone + '" is not a Russian number that can be dialled'`,
	`!$json.timeZone ? 'no time zone'`,
	`!$now.setZone(String($json.timeZone)).isValid ? 'unknown time zone "' + $json.timeZone + '"'`,
	`!(DateTime.fromISO(String($json.startAt ?? '')).toMillis() > $now.toMillis()) ? 'the visit start "' + $json.startAt + '" is missing or in the past'`,
	`''`,
].join(' : ');

/** An expression evaluated as n8n does here: $json, $now and DateTime, ISO without an offset in the workflow zone. */
function evaluate(expression: string, json: Record<string, unknown>, zone: string): unknown {
	const before = Settings.defaultZone;
	Settings.defaultZone = zone;
	try {
		const run = new Function('$json', '$now', 'DateTime', `return ${expression};`) as (
			...args: unknown[]
		) => unknown;
		return run(json, DateTime.now(), DateTime);
	} finally {
		Settings.defaultZone = before;
	}
}

const PHONES: unknown[] = [
	undefined,
	null,
	'',
	'   ',
	0,
	79123456789,
	9123456789,
	89123456789,
	'+7 (912) 345-67-89',
	'+79123456789',
	'8 912 345 67 89',
	'9123456789',
	'912-345-67-89',
	'(912) 345.67.89',
	'+7\u00a0912\u00a0345\u201267\u201389',
	'+7 343 123-45-67',
	'8 (495) 123-45-67',
	'8 800 555 35 35',
	'7 123 456 78 90',
	'8 512 345 67 89',
	'+7 612 345 67 89',
	'+8 912 345 67 89',
	'+9123456789',
	'++79123456789',
	'912345678',
	'891234567890',
	'+1 212 555 0100',
	'+7 912 345 67 89 доб. 5',
	'tel:+79123456789',
	'７９１２３４５６７８９',
	'abc',
	true,
	{},
];

describe('the phone normaliser and the template expression', () => {
	it.each(PHONES.map((phone) => [phone]))('%j: the same phone', (phone) => {
		const node = normalizeRuPhone(phone);
		expect(node.ok ? node.phone : '').toBe(
			evaluate(normalisePhone('$json.phone'), { phone }, 'Europe/Moscow'),
		);
	});
});

describe('checkVisit and the template expression', () => {
	const ahead = (minutes: number) => DateTime.now().plus({ minutes });
	const zone = 'Asia/Yekaterinburg';
	const visit = {
		phone: '+7 912 345-67-89',
		timeZone: 'Europe/Moscow',
		startAt: ahead(600).toISO(),
	};
	const cases: Array<Record<string, unknown>> = [
		visit,
		...PHONES.map((phone) => ({ ...visit, phone })),
		...[
			undefined,
			null,
			'',
			0,
			'Mars/Olympus',
			'MSK',
			'UTC',
			'UTC+3',
			'Etc/GMT-5',
			'asia/omsk',
		].map((timeZone) => ({ ...visit, timeZone })),
		...[
			undefined,
			null,
			'',
			'soon',
			'04.06.2099 11:30',
			'2020-01-01T10:00:00+03:00',
			ahead(-1).toISO(),
			ahead(5).toISO(),
			ahead(5).toUTC().toISO(),
			// without an offset: read in the workflow zone, so 2 hours ahead there is past in Moscow's terms
			ahead(-60).setZone(zone).toISO({ includeOffset: false }),
			ahead(60).setZone(zone).toISO({ includeOffset: false }),
			'2099-06-04',
		].map((startAt) => ({ ...visit, startAt })),
		{ phone: '', timeZone: '', startAt: '' },
		{ phone: 'x', timeZone: '', startAt: '' },
		{ phone: '9123456789', timeZone: '', startAt: 'x' },
		{ phone: '9123456789', timeZone: 'Nowhere', startAt: 'x' },
	];

	it.each(cases.map((json) => [json]))('%j: the same problem', (json) => {
		const checked = checkVisit({
			phone: json.phone,
			timeZone: json.timeZone,
			visitStart: json.startAt,
			now: DateTime.now(),
			defaultZone: zone,
		});
		expect(checked.problem).toBe(evaluate(TEMPLATE_PROBLEM, json, zone));
		expect(checked.phone).toBe(evaluate(normalisePhone('$json.phone'), json, zone));
		// what the template's import kept: the phone to dial, else the phone as given
		expect(checked.phone || checked.phoneAsGiven).toBe(
			evaluate(`${normalisePhone('$json.phone')} || String($json.phone ?? '')`, json, zone),
		);
	});

	it("refuses the server's own zone names, which luxon (and so the template) took", () => {
		for (const timeZone of ['local', 'system', 'default']) {
			const json = { ...visit, timeZone };
			expect(evaluate(TEMPLATE_PROBLEM, json, zone)).toBe('');
			expect(
				checkVisit({ ...json, visitStart: json.startAt, now: DateTime.now(), defaultZone: zone })
					.problem,
			).toBe(`unknown time zone "${timeZone}"`);
		}
	});
});
