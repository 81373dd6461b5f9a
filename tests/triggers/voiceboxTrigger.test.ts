import type { INodeParameters } from 'n8n-workflow';

import { MttVoiceboxTrigger } from '../../nodes/MttVoicebox/MttVoiceboxTrigger.node';
import { rawBodyTemplate } from '../../nodes/MttVoicebox/trigger/blockSettings';
import type { WebhookDriver } from '../harness/webhook';
import { SECRET, voicebox } from './triggers.helpers';

const header = { 'X-Webhook-Secret': SECRET };
const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The raw body as Voicebox pastes values into the block's template (plain text substitution). */
function blockBody(
	code: number,
	callId = 'c-1001',
	numberB = '79123456789',
	guid = 'visit-17-1',
): string {
	return rawBodyTemplate(code)
		.replace('{{call_id}}', callId)
		.replace('{{numberB}}', numberB)
		.replace('{{guid}}', guid);
}

describe('MTT Voicebox Trigger', () => {
	let driver: WebhookDriver;
	afterEach(async () => driver?.close());

	it.each([
		['POST', 'application/json'],
		['PUT', 'application/json'],
		['POST', null],
		['PUT', null],
		['POST', 'text/plain'],
	])(
		'%s with Content-Type %s: the block body becomes a typed status',
		async (method, contentType) => {
			driver = await voicebox();
			const res = await driver.send({ method, headers: header, body: blockBody(1), contentType });
			expect(res.status).toBe(200);
			expect(res.call?.executed).toBe(true);
			expect(res.call!.items[0].json).toEqual({
				callId: 'c-1001',
				numberB: '79123456789',
				guid: 'visit-17-1',
				code: 1,
				outcome: 'confirmed',
				final: true,
				retryable: false,
				provisional: false,
				unknown: false,
				raw: { call_id: 'c-1001', number_b: '79123456789', guid: 'visit-17-1', response: 1 },
			});
		},
	);

	it('JSON sent with a form Content-Type (an HTTP block left at its default) is read as JSON', async () => {
		driver = await voicebox();
		const res = await driver.send({
			method: 'POST',
			headers: header,
			body: blockBody(5, 'c-77', '79123456789', 'visit=3&attempt=2'),
			contentType: 'application/x-www-form-urlencoded',
		});
		expect(res.status).toBe(200);
		expect(res.call!.items[0].json).toMatchObject({
			callId: 'c-77',
			guid: 'visit=3&attempt=2',
			code: 5,
			outcome: 'noAnswer',
		});
	});

	it('GET with the fields in the query, and a form body', async () => {
		driver = await voicebox();
		const get = await driver.send({
			method: 'GET',
			headers: header,
			query: { call_id: 'c-2', number_b: '79123456789', response: '5' },
		});
		expect(get.call!.items[0].json).toMatchObject({
			callId: 'c-2',
			code: 5,
			outcome: 'noAnswer',
			final: false,
			retryable: true,
		});
		const form = await driver.send({
			headers: header,
			body: 'call_id=c-3&response=4&extra=x',
			contentType: 'application/x-www-form-urlencoded',
		});
		expect(form.call!.items[0].json).toMatchObject({
			callId: 'c-3',
			code: 4,
			outcome: 'hungUpEarly',
			provisional: true,
			raw: { extra: 'x' },
		});
	});

	// 4 is posted at pickup and a 1/2/3 for the same call may follow: neither final nor retryable by itself
	it.each([
		[2, 'cancelled', true, false, false],
		[3, 'operator', true, false, false],
		[4, 'hungUpEarly', false, false, true],
		[5, 'noAnswer', false, true, false],
	])('default map: code %i → %s', async (code, outcome, final, retryable, provisional) => {
		driver = await voicebox();
		const res = await driver.send({ headers: header, body: blockBody(code) });
		expect(res.call!.items[0].json).toMatchObject({
			code,
			outcome,
			final,
			retryable,
			provisional,
			unknown: false,
		});
	});

	it('an unknown code (or none) is flagged, never dropped', async () => {
		driver = await voicebox();
		const seven = await driver.send({ headers: header, body: blockBody(7) });
		expect(seven.call!.items[0].json).toMatchObject({
			code: 7,
			outcome: 'unknown',
			unknown: true,
			final: false,
			retryable: false,
			provisional: false,
		});
		const none = await driver.send({ headers: header, body: { call_id: 'c-9' } });
		expect(none.call!.items[0].json).toMatchObject({ code: null, unknown: true });
	});

	it('a configured map replaces the defaults', async () => {
		driver = await voicebox({
			outcomeMap: {
				rules: [
					{ code: 10, outcome: 'rescheduled', kind: 'final' },
					{ code: 11, outcome: 'busy', kind: 'retryable' },
					{ code: 12, outcome: 'pickedUp', kind: 'provisional' },
				],
			},
		});
		const ten = await driver.send({ headers: header, body: blockBody(10) });
		const eleven = await driver.send({ headers: header, body: blockBody(11, 'c-2') });
		const twelve = await driver.send({ headers: header, body: blockBody(12, 'c-4') });
		const one = await driver.send({ headers: header, body: blockBody(1, 'c-3') });
		expect(ten.call!.items[0].json).toMatchObject({ outcome: 'rescheduled', final: true });
		expect(eleven.call!.items[0].json).toMatchObject({
			outcome: 'busy',
			retryable: true,
			provisional: false,
		});
		expect(twelve.call!.items[0].json).toMatchObject({
			outcome: 'pickedUp',
			final: false,
			retryable: false,
			provisional: true,
		});
		expect(one.call!.items[0].json).toMatchObject({ outcome: 'unknown', unknown: true });
	});

	it('the editor starts the map with the five defaults: adding a code keeps them', async () => {
		const rows = (
			new MttVoiceboxTrigger().description.properties.find((p) => p.name === 'outcomeMap')!
				.default as { rules: INodeParameters[] }
		).rules;
		driver = await voicebox({
			outcomeMap: { rules: [...rows, { code: 6, outcome: 'voicemail', kind: 'retryable' }] },
		});
		const six = await driver.send({ headers: header, body: blockBody(6) });
		const one = await driver.send({ headers: header, body: blockBody(1, 'c-2') });
		const four = await driver.send({ headers: header, body: blockBody(4, 'c-3') });
		expect(six.call!.items[0].json).toMatchObject({ outcome: 'voicemail', retryable: true });
		expect(one.call!.items[0].json).toMatchObject({ outcome: 'confirmed', final: true });
		expect(four.call!.items[0].json).toMatchObject({ outcome: 'hungUpEarly', provisional: true });
	});

	it.each([{}, { rules: [] }])('a map saved empty (%j) still means the defaults', async (map) => {
		driver = await voicebox({ outcomeMap: map });
		const four = await driver.send({ headers: header, body: blockBody(4) });
		const five = await driver.send({ headers: header, body: blockBody(5, 'c-2') });
		expect(four.call!.items[0].json).toMatchObject({ outcome: 'hungUpEarly', provisional: true });
		expect(five.call!.items[0].json).toMatchObject({ outcome: 'noAnswer', retryable: true });
	});

	describe('shared secret', () => {
		it.each([
			['missing', {}],
			['wrong', { 'X-Webhook-Secret': 'nope' }],
			['other header', { 'X-Secret': SECRET }],
		])('header %s → 401, no execution', async (_label, headers) => {
			driver = await voicebox();
			const res = await driver.send({
				headers: headers as Record<string, string>,
				body: blockBody(1),
			});
			expect(res.status).toBe(401);
			expect(res.call?.executed).toBe(false);
			expect(driver.logs.map((l) => l.message).join()).not.toContain(SECRET);
		});

		it('query secret', async () => {
			driver = await voicebox({ secretLocation: 'query', fieldName: 'token' });
			const wrong = await driver.send({ query: { token: 'nope' }, body: blockBody(1) });
			const right = await driver.send({ query: { token: SECRET }, body: blockBody(1) });
			expect([wrong.status, right.status]).toEqual([401, 200]);
			expect((right.call!.items[0].json.raw as Record<string, unknown>).token).toBeUndefined();
		});

		it('Basic auth password, any user', async () => {
			driver = await voicebox({ secretLocation: 'basic' });
			const wrong = await driver.send({
				headers: { Authorization: basic('robot', 'nope') },
				body: blockBody(1),
			});
			const bearer = await driver.send({
				headers: { Authorization: `Bearer ${SECRET}` },
				body: blockBody(1),
			});
			const right = await driver.send({
				headers: { Authorization: basic('robot', SECRET) },
				body: blockBody(1),
			});
			expect([wrong.status, bearer.status, right.status]).toEqual([401, 401, 200]);
		});

		it('Authorization header with a Bearer token', async () => {
			driver = await voicebox({ fieldName: 'Authorization' });
			const right = await driver.send({
				headers: { Authorization: `Bearer ${SECRET}` },
				body: blockBody(1),
			});
			expect(right.status).toBe(200);
		});
	});

	describe('duplicates', () => {
		it('one outcome per (call, code): an early status and the final one pass, repeats do not', async () => {
			driver = await voicebox();
			const early = await driver.send({ headers: header, body: blockBody(3, 'c-50') });
			const final = await driver.send({ headers: header, body: blockBody(1, 'c-50') });
			const repeat = await driver.send({
				method: 'PUT',
				headers: header,
				body: blockBody(1, 'c-50'),
				contentType: null,
			});
			const otherCall = await driver.send({ headers: header, body: blockBody(1, 'c-51') });
			expect([early, final, repeat, otherCall].map((r) => r.call?.executed)).toEqual([
				true,
				true,
				false,
				true,
			]);
			expect(repeat.status).toBe(200);
			expect(repeat.json).toEqual({ ok: true, skipped: 'duplicate' });
			expect(driver.staticData()).toEqual({});
		});

		it('copies that arrive together start one execution per (call, code)', async () => {
			driver = await voicebox();
			const sends = [];
			for (const code of [4, 1]) {
				for (let i = 0; i < 8; i++) {
					sends.push(driver.send({ headers: header, body: blockBody(code, 'c-70') }));
				}
			}
			await Promise.all(sends);
			// a response's `call` is matched by arrival order, so read the driver's own record instead
			const executed = driver.calls.filter((c) => c.executed);
			expect(executed.map((c) => c.items[0].json.code).sort()).toEqual([1, 4]);
		});

		it('window 0 turns suppression off; callbacks without call_id are never suppressed', async () => {
			driver = await voicebox({ options: { duplicateWindow: 0 } });
			const a = await driver.send({ headers: header, body: blockBody(1, 'c-60') });
			const b = await driver.send({ headers: header, body: blockBody(1, 'c-60') });
			expect([a.call?.executed, b.call?.executed]).toEqual([true, true]);
			await driver.close();
			driver = await voicebox();
			const c = await driver.send({ headers: header, body: { response: 1 } });
			const d = await driver.send({ headers: header, body: { response: 1 } });
			expect([c.call?.executed, d.call?.executed]).toEqual([true, true]);
		});
	});

	describe('malformed bodies', () => {
		it('broken JSON without Content-Type → 400, one log line, no execution', async () => {
			driver = await voicebox();
			const res = await driver.send({
				headers: header,
				body: '{"call_id":"c-1","response":',
				contentType: null,
			});
			expect(res.status).toBe(400);
			expect(res.json).toEqual({ error: expect.stringMatching(/not valid JSON/) });
			expect(res.call?.executed).toBe(false);
			expect(driver.logs).toHaveLength(1);
		});

		it('a quoted placeholder left empty still parses (response "" → unknown, flagged)', async () => {
			driver = await voicebox();
			const res = await driver.send({
				headers: header,
				body: '{"call_id":"","number_b":"","guid":"","response":""}',
				contentType: null,
			});
			expect(res.call!.items[0].json).toMatchObject({ callId: null, unknown: true });
		});
	});

	it('IP allow-list: 403 for other senders', async () => {
		driver = await voicebox({ options: { ipAllowList: '192.0.2.0/24' } });
		const res = await driver.send({ headers: header, body: blockBody(1) });
		expect(res.status).toBe(403);
		expect(res.call?.executed).toBe(false);
	});

	it('answers 404 for a method the trigger does not register', async () => {
		driver = await voicebox();
		const res = await driver.send({ method: 'DELETE', headers: header, body: blockBody(1) });
		expect(res.status).toBe(404);
	});

	describe('lifecycle', () => {
		it('validates and registers nothing', async () => {
			driver = await voicebox();
			expect(await driver.lifecycle('checkExists')).toBe(false);
			expect(await driver.lifecycle('create')).toBe(true);
			expect(await driver.lifecycle('delete')).toBe(true);
		});

		it.each([
			[{ secret: '' }, /no MTT Voicebox Trigger API credential is chosen, or its Secret is empty/],
			[
				{
					outcomeMap: {
						rules: [
							{ code: 1, outcome: 'a' },
							{ code: 1, outcome: 'b' },
						],
					},
				},
				/mapped twice/,
			],
			[{ outcomeMap: { rules: [{ code: 1.5, outcome: 'a' }] } }, /not a whole number/],
			[{ outcomeMap: { rules: [{ code: 2, outcome: ' ' }] } }, /has no name/],
			[{ options: { ipAllowList: '10.0.0.0/40' } }, /not IP addresses/],
		])('refuses to activate with %j', async (overrides, message) => {
			driver = await voicebox(overrides);
			await expect(driver.lifecycle('checkExists')).rejects.toThrow(message);
			await expect(driver.lifecycle('create')).rejects.toThrow(message);
			const res = await driver.send({ headers: header, body: blockBody(1) });
			expect(res.status).toBe(500);
			expect(res.call?.executed).toBe(false);
		});
	});
});
