import { detectEvent } from '../../nodes/CoMagic/trigger/events';
import { parseIcpAnswer } from '../../nodes/CoMagic/trigger/icpAnswer';
import { duplicateKey, normalizeCallback } from '../../nodes/MttVoicebox/trigger/normalize';
import { outcomeRulesFrom } from '../../nodes/MttVoicebox/trigger/outcomeRules';
import { DEFAULT_OUTCOMES } from '../../nodes/MttVoicebox/helpers/outcomes';
import { parseBodyText } from '../../nodes/shared/webhook/payload';
import { presentedSecret } from '../../nodes/shared/webhook/auth';
import { toIsoTime, toList, toNumber, toPhone } from '../../nodes/shared/webhook/fields';

describe('field readers', () => {
	it('numbers from literals, text and query arrays; "null" and junk are null', () => {
		expect([
			toNumber(5),
			toNumber(' 42 '),
			toNumber(['7', '8']),
			toNumber('null'),
			toNumber('4a'),
			toNumber(''),
			toNumber({}),
		]).toEqual([5, 42, 7, null, null, null, null]);
	});
	it('phones keep digits only', () => {
		expect([toPhone('+7 (912) 345-67-89'), toPhone(79031234567), toPhone('—')]).toEqual([
			'79123456789',
			'79031234567',
			null,
		]);
	});
	it('lists from arrays, JSON text and comma text', () => {
		expect([toList(['a', 'b']), toList('["x","y"]'), toList('1, 2,,3'), toList(null)]).toEqual([
			['a', 'b'],
			['x', 'y'],
			['1', '2', '3'],
			[],
		]);
	});
	it('times: CoMagic local format in the account zone, offsets kept as instants, Unix seconds', () => {
		expect(toIsoTime('2025-01-10 10:17:41.123456', 'Europe/Moscow')).toBe(
			'2025-01-10T10:17:41.123+03:00',
		);
		expect(toIsoTime('2025-07-01 00:00', 'Asia/Kamchatka')).toBe('2025-07-01T00:00:00.000+12:00');
		expect(toIsoTime('2025-01-10T07:17:41Z', 'Europe/Moscow')).toBe(
			'2025-01-10T10:17:41.000+03:00',
		);
		expect(toIsoTime(1736493461, 'Europe/Moscow')).toBe('2025-01-10T10:17:41.000+03:00');
		expect(toIsoTime('yesterday', 'Europe/Moscow')).toBeNull();
		expect(toIsoTime('2025-02-30 10:00:00', 'Europe/Moscow')).toBeNull();
	});
});

describe('body text', () => {
	it('JSON object, form fields, empty; everything else is a clear 400', () => {
		expect(parseBodyText('\ufeff {"a":1} ')).toEqual({
			ok: true,
			fields: { a: 1 },
			source: 'json',
		});
		expect(parseBodyText('a=1&a=2&b=%D0%B6')).toEqual({
			ok: true,
			fields: { a: ['1', '2'], b: 'ж' },
			source: 'form',
		});
		expect(parseBodyText('  ')).toEqual({ ok: true, fields: {}, source: 'empty' });
		expect(parseBodyText('{"a":""x""}')).toMatchObject({
			ok: false,
			status: 400,
			message: expect.stringMatching(/not valid JSON/),
		});
		expect(parseBodyText('[1]')).toMatchObject({
			ok: false,
			message: 'The body must be a JSON object',
		});
		expect(parseBodyText('hello')).toMatchObject({
			ok: false,
			message: expect.stringMatching(/neither a JSON object nor form/),
		});
	});
	it('"__proto__" in JSON stays a plain field', () => {
		const result = parseBodyText('{"__proto__":{"polluted":1},"a":2}');
		expect(result.ok && Object.getPrototypeOf(result.fields)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe('event detection', () => {
	it("explicit event first, then mnemonic, then the cabinet's default name; case-insensitive", () => {
		expect(detectEvent({ event: 'lost_call', notification_mnemonic: 'call_finished' })).toBe(
			'lost_call',
		);
		expect(detectEvent({ event: 'nonsense', notification_mnemonic: 'CALL_FINISHED' })).toBe(
			'call_finished',
		);
		expect(detectEvent({ notification_name: ' Записанный разговор ' })).toBe('talk_recorded');
		expect(detectEvent({ notification_name: 'Recorded Talk' })).toBe('talk_recorded');
		expect(detectEvent({ notification_name: 'Мой вебхук' })).toBeUndefined();
		expect(detectEvent({ event: ['incoming_call', 'x'] })).toBe('incoming_call');
	});
});

describe('interactive answers', () => {
	it('keeps only what the scenario understands', () => {
		expect(
			parseIcpAnswer({ phones: ['74951234567'], operator_message: 'op.mp3', extra: 1 }),
		).toEqual({ ok: true, answer: { phones: ['74951234567'], operator_message: 'op.mp3' } });
		expect(parseIcpAnswer('{"returned_code":"2"}')).toEqual({
			ok: true,
			answer: { returned_code: 2 },
		});
		expect(parseIcpAnswer([{ text: 'Здравствуйте' }])).toEqual({
			ok: true,
			answer: { text: 'Здравствуйте' },
		});
	});
	it.each([
		[{}],
		[{ returned_code: 'x' }],
		[{ phones: [] }],
		[{ phones: ['1', ''] }],
		[{ phones: ['1'], returned_code: 1 }],
		['text'],
		[null],
	])('refuses %j', (value) => {
		expect(parseIcpAnswer(value).ok).toBe(false);
	});
});

describe('secret extraction', () => {
	const settings = (location: 'query' | 'header' | 'body' | 'basic', name = 'token') => ({
		location,
		name,
		secret: 's',
	});
	it('reads each location, the first of repeated values, Bearer in an Authorization header', () => {
		expect(presentedSecret(settings('query'), {}, { token: ['a', 'b'] }, {})).toBe('a');
		expect(presentedSecret(settings('header', 'X-Key'), { 'x-key': 'h' }, {}, {})).toBe('h');
		expect(
			presentedSecret(settings('header', 'Authorization'), { authorization: 'Bearer t' }, {}, {}),
		).toBe('t');
		expect(presentedSecret(settings('body', 'key'), {}, { key: 'q' }, { key: 'b' })).toBe('b');
		expect(
			presentedSecret(
				settings('basic'),
				{ authorization: `Basic ${Buffer.from('u:p:w').toString('base64')}` },
				{},
				{},
			),
		).toBe('p:w');
	});
});

describe('Voicebox statuses', () => {
	it('falls back to the default map and reads numberB as well as number_b', () => {
		expect(outcomeRulesFrom({})).toBe(DEFAULT_OUTCOMES);
		const item = normalizeCallback(
			{ call_id: 77, numberB: '8 912 345 67 89', response: ' 4 ' },
			DEFAULT_OUTCOMES,
		);
		expect(item).toMatchObject({
			callId: '77',
			numberB: '89123456789',
			code: 4,
			outcome: 'hungUpEarly',
			// posted at pickup: a 1/2/3 for the same call may follow, so it does not ask for a retry by itself
			retryable: false,
			provisional: true,
		});
		expect(duplicateKey(item)).toBe('77:4');
	});
	it('duplicate key keeps unknown text codes apart', () => {
		const a = normalizeCallback({ call_id: 'c', response: 'abc' }, DEFAULT_OUTCOMES);
		const b = normalizeCallback({ call_id: 'c', response: 'xyz' }, DEFAULT_OUTCOMES);
		expect(duplicateKey(a)).not.toBe(duplicateKey(b));
	});
});
