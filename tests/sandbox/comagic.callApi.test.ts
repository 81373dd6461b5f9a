import axios from 'axios';

import { COMAGIC_VIRTUAL_NUMBER } from '../../sandbox/comagic/defaults';
import { KEY, startCoMagic, type CoMagicHarness } from './comagic.helpers';

let h: CoMagicHarness;

beforeAll(async () => {
	h = await startCoMagic();
});
afterAll(async () => h.sandbox.stop());
beforeEach(async () => {
	await h.control('POST', 'reset');
	await h.control('POST', 'comagic/config', { callDurationMs: 60000 });
});

const simple = (extra: Record<string, unknown> = {}) => ({
	access_token: KEY,
	first_call: 'operator',
	virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
	contact: '79260000000',
	operator: '79262444491',
	...extra,
});

const mnemonic = async (method: string, params: Record<string, unknown>) =>
	(await h.call(method, params)).error?.data.mnemonic;

describe('start.simple_call (reference §2.2)', () => {
	it('starts the documented example call, records a phone attempt and shows it in list.calls', async () => {
		const res = await h.call(
			'start.simple_call',
			simple({
				switch_at_once: true,
				media_file_id: 2701,
				show_virtual_phone_number: false,
				external_id: '334otr01',
				dtmf_string: '.1.2.3',
				direction: 'in',
				contact_message: { type: 'tts', value: 'Привет' },
				operator_message: { type: 'media', value: '2561' },
				operator_confirmation: 'any',
				virtual_phone_usage_rule: 'fixed',
			}),
		);
		const id = res.result!.data.call_session_id;
		expect(typeof id).toBe('number');
		expect(res.result!.metadata.limits.minute_remaining).toBe(149);
		const phones = (await h.control('GET', 'phones?phone=79260000000')).data['79260000000'];
		expect(phones).toEqual([
			expect.objectContaining({ source: 'comagic', outsideWindow: false, ref: String(id) }),
		]);
		const list = (await h.call('list.calls', { access_token: KEY })).result!.data;
		expect(list).toHaveLength(1);
		expect(list[0]).toMatchObject({
			call_session_id: id,
			direction: 'in',
			virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
			contact_phone_number: '79260000000',
			external_id: '334otr01',
			tags: [],
		});
		expect(list[0].start_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
		expect(list[0].legs.map((l: { is_operator: boolean }) => l.is_operator)).toEqual([false, true]);
		expect(
			(await h.call('list.calls', { access_token: KEY, direction: 'out' })).result!.data,
		).toEqual([]);
		expect(
			await mnemonic('list.calls', { access_token: KEY, virtual_phone_number: '84993720692' }),
		).toBe('invalid_parameter_value');
	});

	it.each([
		['missing operator', { operator: undefined }, 'required_parameter_missed'],
		['missing first_call', { first_call: undefined }, 'required_parameter_missed'],
		['bad first_call', { first_call: 'employee' }, 'invalid_parameter_value'],
		['contact with +', { contact: '+79260000000' }, 'invalid_parameter_value'],
		['contact with extension', { contact: '79260000000...12' }, 'invalid_parameter_value'],
		['unknown param', { scenario_id: 1 }, 'unexpected_parameters'],
		['switch_at_once as string', { switch_at_once: 'true' }, 'data_type_error'],
		[
			'contact is own virtual number',
			{ contact: '74951045771' },
			'own_virtual_phone_number_not_allowed',
		],
		[
			'operator is own virtual number',
			{ operator: '74951045771' },
			'own_virtual_phone_number_not_allowed',
		],
		[
			'foreign virtual number',
			{ virtual_phone_number: '74990000000' },
			'virtual_phone_number_not_found',
		],
		[
			'early switching with contact first',
			{ first_call: 'contact', switch_at_once: true, early_switching: true },
			'invalid_parameters_combination',
		],
		[
			'early switching without switch_at_once',
			{ early_switching: true },
			'invalid_parameters_combination',
		],
		['bad dtmf', { dtmf_string: '12a' }, 'invalid_parameter_value'],
		['bad direction', { direction: 'up' }, 'invalid_parameter_value'],
		['bad operator_confirmation', { operator_confirmation: '12' }, 'invalid_parameter_value'],
		['unknown media', { contact_message: { type: 'media', value: '999' } }, 'media_file_not_found'],
		['unknown media_file_id', { media_file_id: 1 }, 'media_file_not_found'],
		[
			'bad message type',
			{ contact_message: { type: 'mp3', value: 'x' } },
			'invalid_parameter_value',
		],
		[
			'emoji in tts',
			{ contact_message: { type: 'tts', value: 'Привет 👋' } },
			'character_encoding_not_allowed',
		],
		['bad usage rule', { virtual_phone_usage_rule: 'any' }, 'invalid_parameter_value'],
	])('%s (%j) → %s', async (_, extra, expected) => {
		expect(await mnemonic('start.simple_call', simple(extra))).toBe(expected);
		// a rejected start rings nobody
		expect((await h.control('GET', 'phones')).data).toEqual({});
	});

	it('early_switching is allowed with first_call=operator and switch_at_once=true', async () => {
		const res = await h.call(
			'start.simple_call',
			simple({ switch_at_once: true, early_switching: true }),
		);
		expect(res.result!.data.call_session_id).toEqual(expect.any(Number));
	});

	it('error shape of virtual_phone_number_not_found and the combination rule', async () => {
		const res = await h.call('start.simple_call', simple({ virtual_phone_number: '74990000000' }));
		expect(res.error).toMatchObject({
			code: -32007,
			message: 'Virtual phone number 74990000000 not found. It is not your virtual phone number.',
			data: {
				field: 'virtual_phone_number',
				value: '74990000000',
				metadata: { limits: expect.any(Object) },
			},
		});
		const combo = await h.call(
			'start.simple_call',
			simple({ first_call: 'contact', switch_at_once: true, early_switching: true }),
		);
		expect(combo.error).toMatchObject({
			code: -32602,
			message: 'The combination of parameters is not permitted',
		});
	});

	it('TTS length limit is configurable and reported with the documented message', async () => {
		await h.control('POST', 'comagic/config', { ttsMaxLength: 10 });
		const res = await h.call(
			'start.simple_call',
			simple({ contact_message: { type: 'tts', value: 'Двенадцать.' } }),
		);
		expect(res.error).toMatchObject({
			code: -32602,
			message:
				'The maximum length of Text-to-Speech message is 10. The length of your message is 11',
			data: { mnemonic: 'tts_text_exceeded', field: 'contact_message.value' },
		});
		expect(
			(
				await h.call(
					'start.simple_call',
					simple({ contact_message: { type: 'tts', value: 'Десять....' } }),
				)
			).result,
		).toBeDefined();
	});

	it('international direction is forbidden by default (-32002) until the security rules allow it', async () => {
		const refused = await h.call('start.simple_call', simple({ contact: '4930123456789' }));
		expect(refused.error).toMatchObject({ code: -32002, data: { field: 'contact' } });
		expect(await mnemonic('start.simple_call', simple({ operator: '77012345678' }))).toBe(
			refused.error!.data.mnemonic,
		);
		await h.control('POST', 'comagic/config', { internationalCalls: true });
		expect(
			(await h.call('start.simple_call', simple({ contact: '4930123456789' }))).result,
		).toBeDefined();
	});

	it('blacklisted contact → -32002 contact_in_blacklist', async () => {
		await h.control('POST', 'comagic/config', { blacklist: ['79261111111'] });
		const res = await h.call('start.simple_call', simple({ contact: '79261111111' }));
		expect(res.error).toMatchObject({ code: -32002, data: { mnemonic: 'contact_in_blacklist' } });
	});
});

describe('start.employee_call and start.informer_call', () => {
	const employeeCall = (extra: Record<string, unknown> = {}) => ({
		access_token: KEY,
		first_call: 'employee',
		virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
		contact: '79260000000',
		employee: { id: 25, phone_number: '79260000001' },
		...extra,
	});

	it('starts with a known employee and an active number of theirs', async () => {
		const res = await h.call(
			'start.employee_call',
			employeeCall({ employee_message: { type: 'media', value: '2561' } }),
		);
		const id = res.result!.data.call_session_id;
		const list = (await h.call('list.calls', { access_token: KEY })).result!.data;
		expect(list[0].legs[1]).toMatchObject({
			employee_id: 25,
			called_phone_number: '79260000001',
			employee_full_name: 'Иванов Иван',
		});
		expect(list[0].call_session_id).toBe(id);
	});

	it.each([
		['unknown employee', { employee: { id: 999 } }, 'employee_not_found'],
		[
			'inactive number of the employee',
			{ employee: { id: 26, phone_number: '79260000012' } },
			'no_active_phone_number',
		],
		['employee without active numbers', { employee: { id: 27 } }, 'no_active_phone_number'],
		[
			'employee without id',
			{ employee: { phone_number: '79260000001' } },
			'required_parameter_missed',
		],
		['operator is not a parameter', { operator: '79262444491' }, 'unexpected_parameters'],
		['first_call operator', { first_call: 'operator' }, 'invalid_parameter_value'],
		[
			'early switching without switch_at_once',
			{ early_switching: true },
			'invalid_parameters_combination',
		],
	])('%s (%j) → %s', async (_, extra, expected) => {
		expect(await mnemonic('start.employee_call', employeeCall(extra))).toBe(expected);
	});

	it('informer: contact_message required, no first_call, dialing_timeout ≤ 120', async () => {
		const base = {
			access_token: KEY,
			virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
			contact: '79260000000',
		};
		expect(await mnemonic('start.informer_call', base)).toBe('required_parameter_missed');
		expect(
			await mnemonic('start.informer_call', {
				...base,
				first_call: 'contact',
				contact_message: { type: 'tts', value: 'Привет' },
			}),
		).toBe('unexpected_parameters');
		expect(
			await mnemonic('start.informer_call', {
				...base,
				dialing_timeout: 121,
				contact_message: { type: 'tts', value: 'Привет' },
			}),
		).toBe('invalid_parameter_value');
		const ok = await h.call('start.informer_call', {
			...base,
			dialing_timeout: 25,
			external_id: 'inf-1',
			contact_message: { type: 'tts', value: 'Тестовое сообщение' },
		});
		expect(ok.result!.data.call_session_id).toEqual(expect.any(Number));
	});

	it('scenario and vnumber calls need a scenario', async () => {
		const base = {
			access_token: KEY,
			first_call: 'contact',
			virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
			contact: '79260000000',
		};
		expect(await mnemonic('start.scenario_call', { ...base, scenario_id: 1 })).toBe(
			'scenario_not_found',
		);
		expect(
			(await h.call('start.scenario_call', { ...base, scenario_id: 23456 })).result,
		).toBeDefined();
		const vnumber = await h.call('start.vnumber_call', {
			...base,
			virtual_phone_number: '74951045772',
		});
		expect(vnumber.error).toMatchObject({ code: -32007, data: { mnemonic: 'scenario_not_found' } });
	});
});

describe('active calls: tag.call, release.call, finishing into the report', () => {
	it('tag.call on an active call; a second time → duplicate_tag; unknown tag → tag_not_found', async () => {
		const id = (await h.call('start.simple_call', simple())).result!.data.call_session_id;
		expect(
			(await h.call('tag.call', { access_token: KEY, call_session_id: id, tag_id: 456 })).result!
				.data,
		).toEqual({ success: 'true' });
		expect(
			(await h.call('tag.call', { access_token: KEY, call_session_id: id, tag_id: 456 })).error,
		).toMatchObject({ code: -32602, data: { mnemonic: 'duplicate_tag' } });
		expect(
			await mnemonic('tag.call', { access_token: KEY, call_session_id: id, tag_id: 1234 }),
		).toBe('tag_not_found');
		expect((await h.call('list.calls', { access_token: KEY })).result!.data[0].tags).toEqual([
			{ tag_id: 456, tag_name: 'Целевой' },
		]);
		const ongoing = await h.data('get.calls_report', {
			access_token: KEY,
			date_from: h.dataTime({ minutes: -5 }),
			date_till: h.dataTime({ minutes: 5 }),
			fields: ['id', 'finish_time'],
			include_ongoing_calls: true,
			filter: { field: 'id', operator: '=', value: id },
		});
		expect(ongoing.result!.data).toEqual([{ id, finish_time: null }]);
		// released → no longer active: tag.call and release.call say call_session_not_found
		expect(
			(await h.call('release.call', { access_token: KEY, call_session_id: id })).result!.data,
		).toEqual({ success: 'true' });
		expect(
			await mnemonic('tag.call', { access_token: KEY, call_session_id: id, tag_id: 457 }),
		).toBe('call_session_not_found');
		expect(await mnemonic('release.call', { access_token: KEY, call_session_id: id })).toBe(
			'call_session_not_found',
		);
		const report = await h.data('get.calls_report', {
			access_token: KEY,
			date_from: h.dataTime({ minutes: -5 }),
			date_till: h.dataTime({ minutes: 5 }),
			fields: ['id', 'tags', 'source', 'call_api_external_id'],
			filter: { field: 'id', operator: '=', value: id },
		});
		expect(report.result!.data[0]).toMatchObject({
			id,
			source: 'callapi',
			tags: [expect.objectContaining({ tag_id: 456, tag_name: 'Целевой', tag_type: 'manual' })],
		});
	});

	it('a call ends by itself after callDurationMs and lands in get.calls_report with external id and a recording', async () => {
		await h.control('POST', 'comagic/config', { callDurationMs: 150 });
		const id = (await h.call('start.simple_call', simple({ external_id: 'visit-42-1' }))).result!
			.data.call_session_id;
		expect((await h.call('list.calls', { access_token: KEY })).result!.data).toHaveLength(1);
		await new Promise((r) => setTimeout(r, 400));
		expect((await h.call('list.calls', { access_token: KEY })).result!.data).toEqual([]);
		const report = await h.data('get.calls_report', {
			access_token: KEY,
			date_from: h.dataTime({ minutes: -5 }),
			date_till: h.dataTime({ minutes: 5 }),
			fields: [
				'id',
				'call_api_external_id',
				'call_records',
				'wav_call_records',
				'full_record_file_link',
				'is_lost',
				'talk_duration',
				'operator_phone_number',
			],
			filter: { field: 'call_api_external_id', operator: '=', value: 'visit-42-1' },
		});
		const row = report.result!.data[0];
		expect(row).toMatchObject({
			id,
			call_api_external_id: 'visit-42-1',
			is_lost: false,
			operator_phone_number: '79262444491',
		});
		expect(row.talk_duration).toBeGreaterThanOrEqual(1);
		expect(row.call_records[0]).toMatch(/^[0-9a-f]{32}$/);
		const mp3 = await axios.get(
			`${h.sandbox.baseUrl}/system/media/talk/${id}/${row.call_records[0]}/`,
			{ responseType: 'arraybuffer' },
		);
		expect(mp3.headers['content-type']).toBe('audio/mpeg');
		const bytes = Buffer.from(mp3.data);
		// MPEG frame sync (11 set bits), MPEG-1 Layer III: FF FB
		expect(bytes[0]).toBe(0xff);
		expect(bytes[1]).toBe(0xfb);
		expect(bytes.length % 144).toBe(0);
		expect(bytes.readUInt32BE(144)).toBe(bytes.readUInt32BE(0));
		const full = await axios.get(row.full_record_file_link, { responseType: 'arraybuffer' });
		expect(Buffer.from(full.data).subarray(0, 2).toString('hex')).toBe('fffb');
		const wav = await axios.get(
			`${h.sandbox.baseUrl}/system/media/wav/${id}/${row.wav_call_records[0]}/`,
			{ responseType: 'arraybuffer' },
		);
		expect(Buffer.from(wav.data).subarray(0, 4).toString('ascii')).toBe('RIFF');
		expect(Buffer.from(wav.data).subarray(8, 12).toString('ascii')).toBe('WAVE');
		const wrong = await axios.get(
			`${h.sandbox.baseUrl}/system/media/talk/${id}/${'0'.repeat(32)}/`,
			{ validateStatus: () => true },
		);
		expect(wrong.status).toBe(404);
	});

	it('callDurationMs 0 finishes before the answer; scripted unanswered contacts are lost without recording', async () => {
		await h.control('POST', 'comagic/config', {
			callDurationMs: 0,
			callScripts: { '79265555555': { answered: false } },
		});
		const id = (await h.call('start.simple_call', simple())).result!.data.call_session_id;
		expect((await h.call('list.calls', { access_token: KEY })).result!.data).toEqual([]);
		const lostId = (await h.call('start.simple_call', simple({ contact: '79265555555' }))).result!
			.data.call_session_id;
		const rows = (
			await h.data('get.calls_report', {
				access_token: KEY,
				date_from: h.dataTime({ minutes: -5 }),
				date_till: h.dataTime({ minutes: 5 }),
				fields: ['id', 'is_lost', 'call_records', 'finish_reason'],
				filter: { field: 'id', operator: 'in', value: [id, lostId] },
			})
		).result!.data;
		expect(rows).toEqual([
			{
				id,
				is_lost: false,
				call_records: [expect.any(String)],
				finish_reason: 'subscriber_disconnects',
			},
			{ id: lostId, is_lost: true, call_records: [], finish_reason: 'subscriber_not_responsible' },
		]);
	});
});
