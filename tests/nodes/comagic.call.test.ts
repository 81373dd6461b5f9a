import type { NodeApiError } from 'n8n-workflow';

import { COMAGIC_VIRTUAL_NUMBER } from '../../sandbox/comagic/defaults';
import { useCoMagicEnv } from './comagic.helpers';

const env = useCoMagicEnv();

const vn = { mode: 'list', value: COMAGIC_VIRTUAL_NUMBER };
const simpleCall = (extra: Record<string, unknown> = {}) => ({
	resource: 'call',
	operation: 'startSimpleCall',
	virtualPhoneNumber: vn,
	contact: '8 (926) 000-00-00',
	operator: '+7 926 244-44-91',
	firstCall: 'operator',
	...extra,
});

const sent = async (since: number, method: string) =>
	(await env.rpcLog(since)).filter((e) => e.rpcMethod === method).map((e) => e.body);

describe('Call: Start Simple Call', () => {
	it('sends every documented parameter and returns the call session id', async () => {
		const mark = await env.mark();
		const result = await env.run(
			simpleCall({
				options: {
					switchAtOnce: true,
					earlySwitching: true,
					showVirtualPhoneNumber: false,
					mediaFileId: 2701,
					dtmfString: '.1.2.3',
					direction: 'out',
					contactMessageText: 'Здравствуйте',
					operatorMessageMediaId: 2561,
					operatorConfirmation: '1',
					externalId: 'visit-42-1',
					virtualPhoneUsageRule: 'random',
				},
			}),
		);
		expect(result.status).toBe('success');
		const [out] = result.json('Node');
		expect(out).toEqual({
			call_session_id: expect.any(Number),
			external_id: 'visit-42-1',
			contact: '79260000000',
			virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
			skipped: false,
		});
		expect(result.output('Node')[0].pairedItem).toEqual({ item: 0 });
		const [request] = await sent(mark, 'start.simple_call');
		expect(request.params).toEqual({
			access_token: expect.any(String),
			virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
			contact: '79260000000',
			operator: '79262444491',
			first_call: 'operator',
			switch_at_once: true,
			early_switching: true,
			show_virtual_phone_number: false,
			media_file_id: 2701,
			dtmf_string: '.1.2.3',
			direction: 'out',
			contact_message: { type: 'tts', value: 'Здравствуйте' },
			operator_message: { type: 'media', value: '2561' },
			operator_confirmation: '1',
			external_id: 'visit-42-1',
			virtual_phone_usage_rule: 'random',
		});
		// the call really exists: it is in the report with the external id
		const report = await env.data('get.calls_report', {
			date_from: '2020-01-01 00:00:00',
			date_till: '2020-03-01 00:00:00',
		});
		expect(report.result).toBeDefined();
	});

	it('maps virtual_phone_number_not_found to a NodeApiError with a fix hint', async () => {
		const result = await env.run(
			simpleCall({ virtualPhoneNumber: { mode: 'id', value: '74990000000' } }),
		);
		expect(result.status).toBe('error');
		const error = result.nodeError('Node') as NodeApiError;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toContain('virtual_phone_number_not_found');
		expect(error.message).toContain('74990000000');
		expect(error.description).toMatch(/virtual number of this account/);
	});

	it('passes a full international number as it is', async () => {
		await env.control('POST', 'comagic/config', { internationalCalls: true });
		const mark = await env.mark();
		const result = await env.run(simpleCall({ contact: '+7 701 234 56 78' }));
		expect(result.status).toBe('success');
		const [request] = await sent(mark, 'start.simple_call');
		expect(request.params.contact).toBe('77012345678');
	});

	it('refuses early switching without Switch at Once before calling the API', async () => {
		const mark = await env.mark();
		const result = await env.run(simpleCall({ options: { earlySwitching: true } }));
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.name).toBe('NodeOperationError');
		expect(await sent(mark, 'start.simple_call')).toHaveLength(0);
	});

	it('refuses a phone number that is not one, before calling the API', async () => {
		const mark = await env.mark();
		const result = await env.run(simpleCall({ contact: '12-34' }));
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.name).toBe('NodeOperationError');
		expect(result.nodeError('Node')?.message).toContain('Contact Phone');
		expect(await sent(mark, 'start.simple_call')).toHaveLength(0);
	});

	it('never sends a start.* again: a refused limit fails at once with one request', async () => {
		await env.control('POST', 'comagic/config', { minuteLimit: 0 });
		const mark = await env.mark();
		const result = await env.run(simpleCall());
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toContain('limit_exceeded');
		expect((result.nodeError('Node') as NodeApiError).description).toMatch(/Tariffs and options/);
		expect(await sent(mark, 'start.simple_call')).toHaveLength(1);
	});

	it('never sends a start.* again: a dropped connection fails with one request', async () => {
		await env.control('POST', 'faults', { pathPrefix: '/comagic/callapi', kind: 'drop', count: 1 });
		const mark = await env.mark();
		const result = await env.run(simpleCall());
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.name).toBe('NodeApiError');
		expect(result.nodeError('Node')?.message).toMatch(/did not answer properly/);
		expect(await sent(mark, 'start.simple_call')).toHaveLength(1);
	});

	it('Skip If Already Started finds the external id and does not call again', async () => {
		const first = await env.run(
			simpleCall({ options: { externalId: 'visit-7-1', skipIfStarted: true } }),
		);
		expect(first.json('Node')[0]).toMatchObject({ skipped: false, external_id: 'visit-7-1' });
		const mark = await env.mark();
		const second = await env.run(
			simpleCall({ options: { externalId: 'visit-7-1', skipIfStarted: true } }),
		);
		expect(second.status).toBe('success');
		expect(second.json('Node')[0]).toMatchObject({
			skipped: true,
			external_id: 'visit-7-1',
			call_session_id: first.json('Node')[0].call_session_id,
		});
		expect(await sent(mark, 'start.simple_call')).toHaveLength(0);
		expect(await sent(mark, 'get.calls_report')).toHaveLength(1);
	});

	it("refuses to dial under n8n's Retry On Fail, unless Skip If Already Started guards the repeat", async () => {
		const mark = await env.mark();
		const refused = await env.run(simpleCall(), { retryOnFail: true });
		expect(refused.status).toBe('error');
		expect(refused.nodeError('Node')?.message).toBe(
			'Retry On Fail is on for a node that starts calls',
		);
		expect(await sent(mark, 'start.simple_call')).toHaveLength(0);
		const guarded = await env.run(
			simpleCall({ options: { externalId: 'visit-9-1', skipIfStarted: true } }),
			{ retryOnFail: true },
		);
		expect(guarded.status).toBe('success');
		expect(await sent(mark, 'start.simple_call')).toHaveLength(1);
	});

	it('Skip If Already Started also sees a call still in progress', async () => {
		await env.control('POST', 'comagic/config', { callDurationMs: 60000 });
		const first = await env.run(
			simpleCall({ options: { externalId: 'visit-8-1', skipIfStarted: true } }),
		);
		const second = await env.run(
			simpleCall({ options: { externalId: 'visit-8-1', skipIfStarted: true } }),
		);
		expect(second.json('Node')[0]).toMatchObject({
			skipped: true,
			call_session_id: first.json('Node')[0].call_session_id,
		});
	});

	it('keeps failures per item with Continue On Fail, paired to their input', async () => {
		const result = await env.run(simpleCall({ contact: '={{ $json.phone }}' }), {
			items: [{ phone: '79260000001' }, { phone: 'not a phone' }, { phone: '79260000003' }],
			continueOnFail: true,
		});
		expect(result.status).toBe('success');
		const out = result.output('Node');
		expect(out).toHaveLength(3);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.call_session_id).toEqual(expect.any(Number));
		expect(out[1].json.error).toMatch(/Contact Phone/);
		expect(out[2].json.contact).toBe('79260000003');
	});
});

describe('Call: Start Employee Call', () => {
	it('calls the employee chosen from the list', async () => {
		const mark = await env.mark();
		const result = await env.run({
			resource: 'call',
			operation: 'startEmployeeCall',
			virtualPhoneNumber: vn,
			contact: '79260000000',
			employee: { mode: 'list', value: '26' },
			firstCall: 'employee',
			options: { employeeMessageText: 'Клиент на линии', employeePhone: '79260000002' },
		});
		expect(result.status).toBe('success');
		expect(result.json('Node')[0].call_session_id).toEqual(expect.any(Number));
		const [request] = await sent(mark, 'start.employee_call');
		expect(request.params).toMatchObject({
			employee: { id: 26, phone_number: '79260000002' },
			first_call: 'employee',
			employee_message: { type: 'tts', value: 'Клиент на линии' },
		});
	});

	it('explains no_active_phone_number', async () => {
		const result = await env.run({
			resource: 'call',
			operation: 'startEmployeeCall',
			virtualPhoneNumber: vn,
			contact: '79260000000',
			employee: { mode: 'id', value: '27' },
			firstCall: 'employee',
		});
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toContain('no_active_phone_number');
		expect((result.nodeError('Node') as NodeApiError).description).toMatch(/active phone number/);
	});
});

describe('Call: Start Informer Call', () => {
	const informer = (text: string, options: Record<string, unknown> = {}) => ({
		resource: 'call',
		operation: 'startInformerCall',
		virtualPhoneNumber: vn,
		contact: '79260000000',
		messageType: 'tts',
		messageText: text,
		options,
	});

	it('plays a TTS message with a dialing timeout', async () => {
		const mark = await env.mark();
		const result = await env.run(
			informer('Напоминаем о приёме завтра в 10:30', { dialingTimeout: 25 }),
		);
		expect(result.status).toBe('success');
		const [request] = await sent(mark, 'start.informer_call');
		expect(request.params).toMatchObject({
			contact_message: { type: 'tts', value: 'Напоминаем о приёме завтра в 10:30' },
			dialing_timeout: 25,
		});
		expect(request.params.first_call).toBeUndefined();
	});

	it('plays a media file', async () => {
		const mark = await env.mark();
		const result = await env.run({ ...informer(''), messageType: 'media', mediaFileId: 237 });
		expect(result.status).toBe('success');
		const [request] = await sent(mark, 'start.informer_call');
		expect(request.params.contact_message).toEqual({ type: 'media', value: '237' });
	});

	it('explains tts_text_exceeded with the tariff numbers', async () => {
		const result = await env.run(informer('а'.repeat(1001)));
		expect(result.status).toBe('error');
		const error = result.nodeError('Node') as NodeApiError;
		expect(error.message).toContain('tts_text_exceeded');
		expect(error.description).toContain('1001');
		expect(error.description).toContain('1000');
		expect(error.description).toMatch(/Shorten/);
	});
});

describe('Call: Release and Get Active', () => {
	it('lists a call in progress, releases it, and reports a second release as not found', async () => {
		await env.control('POST', 'comagic/config', { callDurationMs: 60000 });
		const started = await env.run(simpleCall());
		const id = started.json('Node')[0].call_session_id as number;

		const active = await env.run({
			resource: 'call',
			operation: 'getActive',
			options: { direction: 'in' },
		});
		expect(active.json('Node').map((c) => c.call_session_id)).toContain(id);

		const released = await env.run({
			resource: 'call',
			operation: 'release',
			callSessionId: String(id),
		});
		expect(released.json('Node')).toEqual([{ call_session_id: id, released: true }]);
		const after = await env.run({ resource: 'call', operation: 'getActive' });
		expect(after.json('Node').map((c) => c.call_session_id)).not.toContain(id);

		const again = await env.run({
			resource: 'call',
			operation: 'release',
			callSessionId: String(id),
		});
		expect(again.status).toBe('error');
		expect(again.nodeError('Node')?.message).toContain('call_session_not_found');
	});

	it('adds the remaining API points when asked', async () => {
		const result = await env.run({
			resource: 'call',
			operation: 'getActive',
			options: { includeLimits: true },
		});
		expect(result.status).toBe('success');
		const none = await env.run(simpleCall({ options: { includeLimits: true } }));
		expect(none.json('Node')[0]._limits).toMatchObject({
			minute_limit: 150,
			minute_remaining: expect.any(Number),
			day_remaining: expect.any(Number),
		});
	});
});
