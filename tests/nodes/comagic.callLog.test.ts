import { DateTime } from 'luxon';
import type { NodeApiError } from 'n8n-workflow';

import { useCoMagicEnv } from './comagic.helpers';

const ZONE = 'Europe/Moscow';
const env = useCoMagicEnv();

const iso = (dt: DateTime) => dt.toISO({ includeOffset: true }) as string;
const reportRequests = async (since: number) =>
	(await env.rpcLog(since))
		.filter((e) => e.rpcMethod === 'get.calls_report')
		.map((e) => e.body.params);

async function seed(
	count: number,
	from: DateTime,
	till: DateTime,
	extra: Record<string, unknown> = {},
) {
	return await env.control('POST', 'comagic/seed-calls', {
		count,
		from: from.toMillis(),
		till: till.toMillis(),
		replace: true,
		...extra,
	});
}

const getMany = (parameters: Record<string, unknown>) => ({
	resource: 'callLog',
	operation: 'getMany',
	...parameters,
});
const getOne = (parameters: Record<string, unknown>) => ({
	resource: 'callLog',
	operation: 'get',
	...parameters,
});

describe('Call Log: Get Many', () => {
	it('reads a 4-month range as two windows of at most 3 months, without gaps or repeats', async () => {
		const till = DateTime.now().setZone(ZONE).minus({ hours: 1 }).startOf('second');
		const from = till.minus({ months: 4 });
		await seed(3000, from, till);
		const mark = await env.mark();
		const result = await env.run(
			getMany({
				period: 'custom',
				dateFrom: iso(from),
				dateTill: iso(till),
				returnAll: true,
				simplify: false,
				fields: ['id', 'start_time'],
			}),
		);
		expect(result.status).toBe('success');
		const rows = result.json('Node');
		expect(rows).toHaveLength(3000);
		expect(new Set(rows.map((r) => r.id)).size).toBe(3000);
		expect(Object.keys(rows[0]).sort()).toEqual(['id', 'start_time']);
		const requests = await reportRequests(mark);
		expect(requests).toHaveLength(2);
		const [first, second] = requests;
		const parse = (t: unknown) =>
			DateTime.fromFormat(String(t), 'yyyy-MM-dd HH:mm:ss', { zone: ZONE });
		expect(first.date_from).toBe(from.toFormat('yyyy-MM-dd HH:mm:ss'));
		expect(parse(first.date_till) <= parse(first.date_from).plus({ months: 3 })).toBe(true);
		expect(parse(second.date_from).toMillis()).toBe(parse(first.date_till).toMillis() + 1000);
		expect(second.date_till).toBe(till.toFormat('yyyy-MM-dd HH:mm:ss'));
		expect(requests.every((p) => p.limit === 10000 && p.offset === 0)).toBe(true);
	});

	it('pages 25,000 calls by 10,000 and waits out the minute limit when it runs out', async () => {
		await env.control('POST', 'comagic/config', { minuteLimit: 2 });
		const now = DateTime.now().setZone(ZONE);
		const from = now.minus({ days: 20 });
		const till = now.minus({ minutes: 5 });
		await seed(25000, from, till);
		// the sandbox clock 55 s into a minute: two pages pass, the third meets a spent minute with its reset ~4 s away
		const minute = Math.floor(Date.now() / 60000) * 60000;
		await env.control('POST', 'clock', { set: new Date(minute + 55000).toISOString() });
		const mark = await env.mark();
		const started = Date.now();
		const result = await env.run(
			getMany({
				period: 'custom',
				dateFrom: iso(from),
				dateTill: iso(till),
				returnAll: true,
				simplify: true,
				options: { includeLimits: true },
			}),
		);
		expect(result.status).toBe('success');
		const rows = result.json('Node');
		expect(rows).toHaveLength(25000);
		expect(new Set(rows.map((r) => r.id)).size).toBe(25000);
		const requests = await reportRequests(mark);
		// pages at offsets 0, 10,000, then 20,000 refused once and sent again after the reset
		expect(requests.map((p) => p.offset)).toEqual([0, 10000, 20000, 20000]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
		expect(rows[0]._limits).toMatchObject({ minute_limit: 2 });
	}, 40000);

	it('fails a read at once when waiting is turned off', async () => {
		await env.control('POST', 'comagic/config', { minuteLimit: 0 });
		const mark = await env.mark();
		const result = await env.run(
			getMany({
				period: 'lastDays',
				days: 3,
				returnAll: true,
				options: { maxLimitWait: 0 },
			}),
		);
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toContain('limit_exceeded');
		expect(await reportRequests(mark)).toHaveLength(1);
	});

	it('asks only for Limit rows', async () => {
		const mark = await env.mark();
		const result = await env.run(
			getMany({
				period: 'lastDays',
				days: 30,
				returnAll: false,
				limit: 25,
			}),
		);
		expect(result.json('Node')).toHaveLength(25);
		const requests = await reportRequests(mark);
		expect(requests).toHaveLength(1);
		expect(requests[0].limit).toBe(25);
	});

	it('turns the filters into one Data API filter tree', async () => {
		const mark = await env.mark();
		const result = await env.run(
			getMany({
				period: 'lastDays',
				days: 30,
				returnAll: true,
				filters: {
					lostOnly: true,
					direction: 'in',
					virtualPhoneNumber: '74951045771',
					campaignId: '123',
					rawFilter: '{"field": "wait_duration", "operator": ">=", "value": 10}',
				},
				simplify: false,
				fields: [
					'id',
					'is_lost',
					'direction',
					'virtual_phone_number',
					'campaign_id',
					'wait_duration',
				],
			}),
		);
		expect(result.status).toBe('success');
		const rows = result.json('Node');
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) {
			expect(row).toMatchObject({
				is_lost: true,
				direction: 'in',
				virtual_phone_number: '74951045771',
				campaign_id: 123,
			});
			expect(row.wait_duration as number).toBeGreaterThanOrEqual(10);
		}
		const [request] = await reportRequests(mark);
		expect(request.filter).toEqual({
			condition: 'and',
			filters: [
				{ field: 'is_lost', operator: '=', value: true },
				{ field: 'direction', operator: '=', value: 'in' },
				{ field: 'virtual_phone_number', operator: '=', value: '74951045771' },
				{ field: 'campaign_id', operator: '=', value: 123 },
				{ field: 'wait_duration', operator: '>=', value: 10 },
			],
		});
	});

	it('explains date_interval_limit_reached when the account allows shorter ranges', async () => {
		await env.control('POST', 'comagic/config', { maxReportMonths: 1 });
		const result = await env.run(
			getMany({
				period: 'lastDays',
				days: 60,
				returnAll: true,
			}),
		);
		expect(result.status).toBe('error');
		const error = result.nodeError('Node') as NodeApiError;
		expect(error.message).toContain('date_interval_limit_reached');
		expect(error.description).toMatch(/3 months/);
	});

	it('explains filter_prohibited from a raw filter', async () => {
		const result = await env.run(
			getMany({
				period: 'today',
				returnAll: true,
				filters: {
					rawFilter: '{"field": "start_time", "operator": ">", "value": "2026-01-01 00:00:00"}',
				},
			}),
		);
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toContain('filter_prohibited');
		expect((result.nodeError('Node') as NodeApiError).description).toMatch(/cannot filter/);
	});

	it('rejects a raw filter that is not JSON before calling the API', async () => {
		const mark = await env.mark();
		const result = await env.run(
			getMany({
				period: 'today',
				returnAll: true,
				filters: { rawFilter: '{field: ' },
			}),
		);
		expect(result.nodeError('Node')?.name).toBe('NodeOperationError');
		expect(await reportRequests(mark)).toHaveLength(0);
	});
});

describe('Call Log: Get', () => {
	it('finds a call by its session id with one request when it is recent', async () => {
		const sample = await env.data('get.calls_report', {
			date_from: DateTime.now().setZone(ZONE).minus({ days: 10 }).toFormat('yyyy-MM-dd HH:mm:ss'),
			date_till: DateTime.now().setZone(ZONE).toFormat('yyyy-MM-dd HH:mm:ss'),
			limit: 1,
			fields: ['id', 'contact_phone_number'],
		});
		const call = sample.result.data[0];
		const mark = await env.mark();
		const result = await env.run(
			getOne({
				callSessionId: String(call.id),
				simplify: true,
			}),
		);
		expect(result.status).toBe('success');
		expect(result.json('Node')).toHaveLength(1);
		expect(result.json('Node')[0]).toMatchObject({
			id: call.id,
			contact_phone_number: call.contact_phone_number,
		});
		expect(await reportRequests(mark)).toHaveLength(1);
	});

	it('searches older windows and says when the call is not there', async () => {
		const mark = await env.mark();
		const result = await env.run(
			getOne({
				callSessionId: '999',
				simplify: true,
				options: { lookbackMonths: 7 },
			}),
		);
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toContain('999');
		// 7 months back = windows of 3 + 3 + 1 months
		expect(await reportRequests(mark)).toHaveLength(3);
	});
});
