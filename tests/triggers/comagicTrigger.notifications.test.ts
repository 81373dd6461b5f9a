import { NOTIFICATION_EVENTS } from '../../nodes/CoMagic/trigger/events';
import { getQueryTemplate, postBodyTemplate } from '../../nodes/CoMagic/trigger/templates';
import type { WebhookDriver } from '../harness/webhook';
import { comagic, notification, SECRET } from './triggers.helpers';

const auth = { token: SECRET };

/** Renders a template like the cabinet: placeholders → JSON literals (body) or URL-encoded text (query). */
function renderBody(template: string, vars: Record<string, unknown>): string {
	return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
		JSON.stringify(vars[name] ?? null),
	);
}
function renderQuery(template: string, vars: Record<string, unknown>): string {
	return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
		const v = vars[name];
		return v === null || v === undefined
			? ''
			: encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v));
	});
}

describe('CoMagic Trigger, notifications', () => {
	let driver: WebhookDriver;
	afterEach(async () => driver?.close());

	describe.each(NOTIFICATION_EVENTS.map((e) => [e.key, e]))('event %s', (key, event) => {
		it("POST of the node's own body template starts one execution with typed fields", async () => {
			driver = await comagic();
			const vars = notification(key);
			const res = await driver.send({
				query: auth,
				body: renderBody(postBodyTemplate(event), vars),
				contentType: 'application/json; charset=UTF-8',
			});
			expect(res.status).toBe(200);
			expect(res.call?.executed).toBe(true);
			const item = res.call!.items[0].json;
			expect(item.event).toBe(key);
			expect(item.eventLabel).toBe(event.label);
			expect(item.callSessionId).toBe(3545169699);
			expect(item.campaignId).toBe(4411);
			expect(item.notificationTime).toBe('2025-01-10T10:17:41.123+03:00');
			if (event.variables.includes('employee_id')) expect(item.employeeId).toBe(25);
			if (event.variables.includes('contact_phone_number'))
				expect(item.contactPhone).toBe('79031234567');
			if (event.variables.includes('talk_time_duration')) expect(item.talkDuration).toBe(140);
			expect((item.raw as Record<string, unknown>).token).toBeUndefined();
		});

		it("GET with the node's query template gives the same typed fields", async () => {
			driver = await comagic();
			const vars = notification(key);
			const query = renderQuery(getQueryTemplate(event), vars).slice(1);
			const res = await driver.send({
				method: 'GET',
				query: `${query}&token=${encodeURIComponent(SECRET)}`,
			});
			expect(res.status).toBe(200);
			const item = res.call!.items[0].json;
			expect(item.event).toBe(key);
			expect(item.callSessionId).toBe(3545169699);
			if (event.variables.includes('employee_ids')) expect(item.employeeIds).toEqual([25, 26]);
			if (event.variables.includes('tag_names')) expect(item.tagNames).toEqual(['Целевой']);
			if (event.variables.includes('wait_time_duration')) expect(item.waitDuration).toBe(18);
		});
	});

	it('reads form bodies and bodies without a Content-Type', async () => {
		driver = await comagic();
		const form = await driver.send({
			query: auth,
			body: 'event=lost_call&call_session_id=42&wait_time_duration=20&employee_ids=1,2',
			contentType: 'application/x-www-form-urlencoded',
		});
		expect(form.call!.items[0].json).toMatchObject({
			event: 'lost_call',
			callSessionId: 42,
			waitDuration: 20,
			employeeIds: [1, 2],
		});
		const bare = await driver.send({
			query: auth,
			body: JSON.stringify(notification('incoming_call', 43)),
			contentType: null,
		});
		expect(bare.call!.items[0].json).toMatchObject({ event: 'incoming_call', callSessionId: 43 });
		const text = await driver.send({
			query: auth,
			body: JSON.stringify(notification('outgoing_call', 44)),
			contentType: 'text/plain',
		});
		expect(text.call!.items[0].json).toMatchObject({ event: 'outgoing_call', callSessionId: 44 });
	});

	it("detects the event from the mnemonic or the cabinet's default name when the field is missing", async () => {
		driver = await comagic();
		const byName = await driver.send({
			query: auth,
			body: { notification_name: 'Потерянный звонок', call_session_id: 1 },
		});
		expect(byName.call!.items[0].json.event).toBe('lost_call');
		const byMnemonic = await driver.send({
			query: auth,
			body: { notification_mnemonic: 'talk_recorded', call_session_id: 2 },
		});
		expect(byMnemonic.call!.items[0].json.event).toBe('talk_recorded');
	});

	describe('shared secret', () => {
		it.each([
			['missing', {}],
			['wrong', { token: 'x7Hq-9pLm_2Zr' }],
			['wrong case', { token: SECRET.toUpperCase() }],
			['empty', { token: '' }],
		])('query secret %s → 401, no execution, secret never echoed', async (_label, query) => {
			driver = await comagic();
			const res = await driver.send({
				query: query as Record<string, string>,
				body: notification('call_finished'),
			});
			expect(res.status).toBe(401);
			expect(res.call?.executed).toBe(false);
			expect(res.text).not.toContain(SECRET);
			expect(driver.logs).toHaveLength(1);
			expect(driver.logs[0].message).not.toContain(SECRET);
		});

		it('header secret: only the right header passes', async () => {
			driver = await comagic({ secretLocation: 'header', fieldName: 'X-CoMagic-Secret' });
			const wrong = await driver.send({
				headers: { 'X-CoMagic-Secret': 'nope' },
				body: notification('call_finished'),
			});
			const inQuery = await driver.send({ query: auth, body: notification('call_finished') });
			const right = await driver.send({
				headers: { 'X-CoMagic-Secret': SECRET },
				body: notification('call_finished'),
			});
			expect([wrong.status, inQuery.status, right.status]).toEqual([401, 401, 200]);
			expect(right.call?.executed).toBe(true);
		});

		it('body field secret: checked and removed from the output', async () => {
			driver = await comagic({ secretLocation: 'body', fieldName: 'integration_key' });
			const wrong = await driver.send({
				body: { ...notification('call_finished'), integration_key: 'nope' },
			});
			const right = await driver.send({
				body: { ...notification('call_finished'), integration_key: SECRET },
			});
			expect(wrong.status).toBe(401);
			expect(right.status).toBe(200);
			expect(JSON.stringify(right.call!.items)).not.toContain(SECRET);
		});

		it('"None" accepts anyone', async () => {
			driver = await comagic({ secretLocation: 'none' });
			const res = await driver.send({ body: notification('call_finished') });
			expect(res.call?.executed).toBe(true);
		});
	});

	describe('malformed bodies', () => {
		it('broken JSON without a JSON Content-Type → 400 with a clear message and one log line', async () => {
			driver = await comagic();
			const res = await driver.send({
				query: auth,
				body: '{"event":"call_finished",',
				contentType: null,
			});
			expect(res.status).toBe(400);
			expect(res.json).toEqual({ error: expect.stringMatching(/^The body is not valid JSON/) });
			expect(res.call?.executed).toBe(false);
			expect(res.call?.thrown).toBeUndefined();
			expect(driver.logs.map((l) => l.level)).toEqual(['warn']);
		});

		it('a JSON array or a bare value → 400', async () => {
			driver = await comagic();
			const array = await driver.send({ query: auth, body: [notification('call_finished')] });
			const scalar = await driver.send({ query: auth, body: '"text"', contentType: 'text/plain' });
			const garbage = await driver.send({ query: auth, body: 'hello world', contentType: null });
			expect([array.status, scalar.status, garbage.status]).toEqual([400, 400, 400]);
		});

		it('broken JSON with a JSON Content-Type is refused by n8n itself (422) before the node runs', async () => {
			driver = await comagic();
			const res = await driver.send({
				query: auth,
				body: '{"event":',
				contentType: 'application/json',
			});
			expect(res.status).toBe(422);
			expect(res.call?.nodeRan).toBe(false);
		});

		it('a wrong secret is reported before a malformed body (nothing leaks about parsing)', async () => {
			driver = await comagic();
			const res = await driver.send({ query: { token: 'nope' }, body: '{"a":', contentType: null });
			expect(res.status).toBe(401);
		});
	});

	describe('events filter and unknown events', () => {
		it('acknowledges but does not start on an event that is not selected', async () => {
			driver = await comagic({ events: ['lost_call'] });
			const other = await driver.send({ query: auth, body: notification('call_finished') });
			const wanted = await driver.send({ query: auth, body: notification('lost_call') });
			expect(other.status).toBe(200);
			expect(other.call?.executed).toBe(false);
			expect(other.json).toEqual({ ok: true, skipped: 'event not selected' });
			expect(wanted.call?.executed).toBe(true);
		});

		it('passes an unknown event as "unknown" by default, with the raw payload', async () => {
			driver = await comagic();
			const res = await driver.send({
				query: auth,
				body: { notification_name: 'Моё уведомление', call_session_id: 9, foo: 'bar' },
			});
			expect(res.call!.items[0].json).toMatchObject({
				event: 'unknown',
				callSessionId: 9,
				raw: { foo: 'bar' },
			});
		});

		it('with the default Pass, an unknown one starts the workflow even when Events is only "Call Finished"', async () => {
			driver = await comagic({ events: ['call_finished'] });
			const unknown = await driver.send({
				query: auth,
				body: { notification_name: 'Моё уведомление' },
			});
			const other = await driver.send({ query: auth, body: notification('lost_call') });
			expect(unknown.call?.executed).toBe(true);
			expect(unknown.call!.items[0].json).toMatchObject({ event: 'unknown' });
			expect(other.call?.executed).toBe(false);
		});

		it('drops an unknown event when told to', async () => {
			driver = await comagic({ options: { unknownEvents: 'drop' } });
			const res = await driver.send({
				query: auth,
				body: { notification_name: 'Моё уведомление' },
			});
			expect(res.status).toBe(200);
			expect(res.call?.executed).toBe(false);
		});
	});

	describe('duplicates', () => {
		it('suppresses a repeat of (event, call_session_id) and lets other pairs through', async () => {
			driver = await comagic();
			const first = await driver.send({ query: auth, body: notification('call_finished', 100) });
			const repeat = await driver.send({
				method: 'GET',
				query: { ...auth, event: 'call_finished', call_session_id: '100' },
			});
			const otherEvent = await driver.send({
				query: auth,
				body: notification('talk_recorded', 100),
			});
			const otherCall = await driver.send({
				query: auth,
				body: notification('call_finished', 101),
			});
			expect([first, repeat, otherEvent, otherCall].map((r) => r.call?.executed)).toEqual([
				true,
				false,
				true,
				true,
			]);
			expect(repeat.json).toEqual({ ok: true, skipped: 'duplicate' });
			// static data is read before and saved after each execution (and not at all by n8n 2.x for a trigger's
			// webhook): the keys must not live there
			expect(driver.staticData()).toEqual({});
		});

		it('different events of one call that it cannot name are not merged; the same body twice is', async () => {
			driver = await comagic();
			const start = {
				event: 'call_start',
				call_session_id: 300,
				contact_phone_number: '79031234567',
			};
			const talk = { event: 'recorded_talk', call_session_id: 300, file_link: 'https://x/r.mp3' };
			const results = [];
			for (const body of [start, talk, { ...talk }, start]) {
				results.push(await driver.send({ query: auth, body }));
			}
			expect(results.map((r) => r.call?.executed)).toEqual([true, true, false, false]);
			expect(results[0].call!.items[0].json.event).toBe('unknown');
			// field order does not make a repeat look new
			const reordered = await driver.send({
				query: auth,
				body: { file_link: 'https://x/r.mp3', call_session_id: 300, event: 'recorded_talk' },
			});
			expect(reordered.call?.executed).toBe(false);
		});

		it('copies that arrive together start one execution', async () => {
			driver = await comagic();
			const copies = await Promise.all(
				Array.from({ length: 12 }, () =>
					driver.send({ query: auth, body: notification('call_finished', 400) }),
				),
			);
			// a response's `call` is matched by arrival order, so count the driver's own record instead
			expect(driver.calls.filter((c) => c.executed)).toHaveLength(1);
			expect(copies.every((r) => r.status === 200)).toBe(true);
		});

		it('two workflows with the same trigger keep their own keys', async () => {
			driver = await comagic();
			const other = await comagic();
			try {
				const a = await driver.send({ query: auth, body: notification('call_finished', 500) });
				const b = await other.send({ query: auth, body: notification('call_finished', 500) });
				expect([a.call?.executed, b.call?.executed]).toEqual([true, true]);
			} finally {
				await other.close();
			}
		});

		it('window 0 turns suppression off', async () => {
			driver = await comagic({ options: { duplicateWindow: 0 } });
			const a = await driver.send({ query: auth, body: notification('call_finished', 7) });
			const b = await driver.send({ query: auth, body: notification('call_finished', 7) });
			expect([a.call?.executed, b.call?.executed]).toEqual([true, true]);
		});
	});

	it('account time zone shapes the ISO times', async () => {
		driver = await comagic({ options: { timeZone: 'Asia/Yekaterinburg' } });
		const res = await driver.send({ query: auth, body: notification('call_finished') });
		expect(res.call!.items[0].json).toMatchObject({
			notificationTime: '2025-01-10T10:17:41.123+05:00',
			startTime: '2025-01-10T10:15:03.000+05:00',
		});
	});

	it('IP allow-list: 403 for other senders, no execution', async () => {
		driver = await comagic({ options: { ipAllowList: '10.0.0.0/8' } });
		const res = await driver.send({ query: auth, body: notification('call_finished') });
		expect(res.status).toBe(403);
		expect(res.call?.executed).toBe(false);
		await driver.close();
		driver = await comagic({ options: { ipAllowList: '127.0.0.1' } });
		const ok = await driver.send({ query: auth, body: notification('call_finished') });
		expect(ok.status).toBe(200);
	});

	it('IP allow-list uses the proxied address when n8n trusts the proxy', async () => {
		driver = await comagic({ options: { ipAllowList: '203.0.113.0/24' } }, { trustProxy: true });
		const res = await driver.send({
			query: auth,
			headers: { 'X-Forwarded-For': '203.0.113.9' },
			body: notification('call_finished'),
		});
		expect(res.status).toBe(200);
	});

	describe('lifecycle', () => {
		it('validates and registers nothing', async () => {
			driver = await comagic();
			expect(await driver.lifecycle('checkExists')).toBe(false);
			expect(await driver.lifecycle('create')).toBe(true);
			expect(await driver.lifecycle('delete')).toBe(true);
		});

		it.each([
			[{ secret: '' }, /no CoMagic Trigger API credential is chosen, or its Secret is empty/],
			[{ fieldName: ' ' }, /name that carries the secret is empty/],
			[{ options: { timeZone: 'Mars/Base' } }, /not an IANA time zone/],
			[{ options: { ipAllowList: 'example.com' } }, /not IP addresses/],
			[{ events: [] }, /no event is selected/],
			[{ mode: 'interactive', defaultAnswer: '{"phones": []}' }, /default answer is not valid/],
		])('refuses to activate with %j', async (overrides, message) => {
			driver = await comagic(overrides);
			await expect(driver.lifecycle('checkExists')).rejects.toThrow(message);
			await expect(driver.lifecycle('create')).rejects.toThrow(message);
			// a request that still reaches a misconfigured node gets 500 without starting anything
			const res = await driver.send({ query: auth, body: notification('call_finished') });
			expect(res.status).toBe(500);
			expect(res.call?.executed).toBe(false);
		});
	});
});
