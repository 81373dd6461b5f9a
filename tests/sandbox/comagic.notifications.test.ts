import { COMAGIC_VIRTUAL_NUMBER } from '../../sandbox/comagic/defaults';
import { renderBody, renderUrl } from '../../sandbox/comagic/notifications/delivery';
import { KEY, startCoMagic, startReceiver, type CoMagicHarness } from './comagic.helpers';

let h: CoMagicHarness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
	h = await startCoMagic();
	receiver = await startReceiver();
});
afterAll(async () => {
	await h.sandbox.stop();
	await receiver.close();
});
beforeEach(async () => {
	await h.control('POST', 'reset');
	receiver.requests.length = 0;
});

const eventOf = (r: { url: string }) => new URL(r.url, 'http://x').pathname.slice(1);

describe('template rendering (reference §5.1)', () => {
	it('bodies get JSON literals, URLs get URL-encoded text', () => {
		const vars = { a: 'Иванов "И"', n: 5, z: null, list: ['x', 'y'] };
		expect(
			renderBody(
				'{"a":{{a}},"n":{{ n }},"z":{{z}},"u":{{unknown}},"l":{{list}},"q":"{{n}}"}',
				vars,
			),
		).toBe('{"a":"Иванов \\"И\\"","n":5,"z":null,"u":null,"l":["x","y"],"q":"5"}');
		expect(renderUrl('http://h/?a={{a}}&n={{n}}&z={{z}}&l={{list}}', vars)).toBe(
			'http://h/?a=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%20%22%D0%98%22&n=5&z=&l=x%2Cy',
		);
	});
});

describe('simulated inbound calls fire subscriptions in order', () => {
	it('answered call: POST body rendered, GET query rendered, events in order, lands in the report with a recording', async () => {
		for (const event of [
			'incoming_call',
			'waiting_answer',
			'talk_started',
			'talk_finished',
			'call_finished',
			'talk_recorded',
			'lost_call',
		]) {
			await h.control('POST', 'comagic/notifications', {
				event,
				method: 'POST',
				url: `${receiver.url}/${event}`,
			});
		}
		await h.control('POST', 'comagic/notifications', {
			event: 'Завершение звонка',
			method: 'GET',
			name: 'crm-end',
			url: `${receiver.url}/get?notification_name={{notification_name}}&call_session_id={{call_session_id}}&contact={{contact_phone_number}}&employee={{employee_full_name}}&tags={{tag_names}}`,
		});
		await h.control('POST', 'comagic/notifications', {
			event: 'call_finished',
			method: 'POST',
			url: `${receiver.url}/custom`,
			body: '{"secret":"s3","id":{{call_session_id}},"talk":{{talk_time_duration}},"ext":{{external_id}},"quoted":"{{contact_phone_number}}"}',
		});
		const started = await h.control('POST', 'comagic/inbound-call', {
			contact_phone_number: '79031234567',
			virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
			talkMs: 50,
			talkSeconds: 140,
			waitSeconds: 18,
			wait: true,
		});
		const id = started.data.call_session_id;
		expect(id).toEqual(expect.any(Number));
		const got = await receiver.waitFor(8);
		expect(got.map((r) => (r.method === 'GET' ? 'GET' : eventOf(r)))).toEqual([
			'incoming_call',
			'waiting_answer',
			'talk_started',
			'talk_finished',
			'call_finished',
			'GET',
			'custom',
			'talk_recorded',
		]);
		const incoming = JSON.parse(got[0].body);
		expect(got[0].headers['content-type']).toBe('application/json; charset=UTF-8');
		expect(incoming).toMatchObject({
			notification_name: 'Входящий звонок на виртуальный номер',
			notification_mnemonic: 'incoming_call',
			virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
			contact_phone_number: '79031234567',
			call_session_id: id,
			scenario_name: 'Основной',
		});
		expect(incoming.notification_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
		const finished = JSON.parse(got[4].body);
		expect(finished).toMatchObject({
			call_session_id: id,
			direction: 'in',
			talk_time_duration: 140,
			wait_time_duration: 18,
			total_time_duration: 158,
			employee_id: 25,
			employee_full_name: 'Иванов Иван',
			call_source: 'va',
			tag_names: [],
		});
		const query = new URL(got[5].url, 'http://x').searchParams;
		expect(Object.fromEntries(query)).toEqual({
			notification_name: 'crm-end',
			call_session_id: String(id),
			contact: '79031234567',
			employee: 'Иванов Иван',
			tags: '',
		});
		// unquoted placeholders become literals; a quoted one gets doubled quotes like the real cabinet
		expect(got[6].body).toBe(
			`{"secret":"s3","id":${id},"talk":140,"ext":null,"quoted":""79031234567""}`,
		);
		const recorded = JSON.parse(got[7].body);
		expect(recorded.file_link).toMatch(
			new RegExp(`^${h.sandbox.baseUrl}/system/media/talk/${id}/[0-9a-f]{32}/$`),
		);
		expect(recorded.file_duration).toBe(140);
		const row = (
			await h.data('get.calls_report', {
				access_token: KEY,
				date_from: h.dataTime({ minutes: -5 }),
				date_till: h.dataTime({ minutes: 5 }),
				fields: ['id', 'is_lost', 'talk_duration', 'source', 'call_records'],
				filter: { field: 'id', operator: '=', value: id },
			})
		).result!.data[0];
		expect(row).toMatchObject({ id, is_lost: false, talk_duration: 140, source: 'va' });
		expect(recorded.file_link).toContain(row.call_records[0]);
		// every notification is in the sandbox log as an outbound request
		const log = (await h.control('GET', 'log?module=comagic')).data.entries.filter(
			(e: { direction: string }) => e.direction === 'out',
		);
		expect(log.map((e: { rpcMethod: string }) => e.rpcMethod)).toContain(
			'notification:talk_recorded',
		);
	});

	it('lost call: incoming, waiting, lost, end; is_lost in the report, no recording', async () => {
		for (const event of [
			'incoming_call',
			'talk_started',
			'lost_call',
			'call_finished',
			'talk_recorded',
		]) {
			await h.control('POST', 'comagic/notifications', {
				event,
				method: 'GET',
				url: `${receiver.url}/${event}?id={{call_session_id}}&wait={{wait_time_duration}}&employees={{employee_ids}}`,
			});
		}
		const { data } = await h.control('POST', 'comagic/inbound-call', {
			contact_phone_number: '79037654321',
			lost: true,
			waitSeconds: 25,
			wait: true,
		});
		const got = await receiver.waitFor(3);
		await new Promise((r) => setTimeout(r, 100));
		expect(got.map(eventOf)).toEqual(['incoming_call', 'lost_call', 'call_finished']);
		expect(Object.fromEntries(new URL(got[1].url, 'http://x').searchParams)).toEqual({
			id: String(data.call_session_id),
			wait: '25',
			employees: '25',
		});
		const row = (
			await h.data('get.calls_report', {
				access_token: KEY,
				date_from: h.dataTime({ minutes: -5 }),
				date_till: h.dataTime({ minutes: 5 }),
				fields: ['id', 'is_lost', 'call_records', 'wait_duration'],
				filter: { field: 'is_lost', operator: '=', value: true },
				sort: [{ field: 'start_time', order: 'desc' }],
				limit: 1,
			})
		).result!.data[0];
		expect(row).toEqual({
			id: data.call_session_id,
			is_lost: true,
			call_records: [],
			wait_duration: 25,
		});
	});

	it('Call API calls notify too (outgoing_call first); switchable; subscriptions can be listed and cleared', async () => {
		await h.control('POST', 'comagic/config', { callDurationMs: 0 });
		for (const event of ['outgoing_call', 'talk_started', 'call_finished']) {
			await h.control('POST', 'comagic/notifications', {
				event,
				method: 'POST',
				url: `${receiver.url}/${event}`,
				body: '{"id":{{call_session_id}},"ext":{{external_id}}}',
			});
		}
		expect((await h.control('GET', 'comagic/notifications')).data.subscriptions).toHaveLength(3);
		const res = await h.call('start.simple_call', {
			access_token: KEY,
			first_call: 'contact',
			virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
			contact: '79260000000',
			operator: '79262444491',
			external_id: 'e-1',
		});
		const got = await receiver.waitFor(3);
		expect(got.map(eventOf)).toEqual(['outgoing_call', 'talk_started', 'call_finished']);
		expect(JSON.parse(got[2].body)).toEqual({ id: res.result!.data.call_session_id, ext: 'e-1' });
		await h.control('POST', 'comagic/config', { notifyApiCalls: false });
		await h.call('start.simple_call', {
			access_token: KEY,
			first_call: 'contact',
			virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
			contact: '79260000000',
			operator: '79262444491',
		});
		await new Promise((r) => setTimeout(r, 150));
		expect(receiver.requests).toHaveLength(3);
		await h.control('DELETE', 'comagic/notifications');
		expect((await h.control('GET', 'comagic/notifications')).data.subscriptions).toEqual([]);
	});

	it('control rejects bad subscriptions and inbound calls', async () => {
		expect(
			(await h.control('POST', 'comagic/notifications', { event: 'nope', url: receiver.url }))
				.status,
		).toBe(400);
		expect(
			(
				await h.control('POST', 'comagic/notifications', {
					event: 'lost_call',
					method: 'PUT',
					url: receiver.url,
				})
			).status,
		).toBe(400);
		expect(
			(await h.control('POST', 'comagic/inbound-call', { contact_phone_number: '+7903' })).status,
		).toBe(400);
		expect(
			(
				await h.control('POST', 'comagic/inbound-call', {
					contact_phone_number: '79031234567',
					virtual_phone_number: '74990000000',
				})
			).status,
		).toBe(400);
	});
});
