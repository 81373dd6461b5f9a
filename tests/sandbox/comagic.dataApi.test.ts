import { KEY, startCoMagic, type CoMagicHarness } from './comagic.helpers';

let h: CoMagicHarness;

beforeAll(async () => {
	h = await startCoMagic({ callDurationMs: 0, minuteLimit: 10000 });
});
afterAll(async () => h.sandbox.stop());

const report = (params: Record<string, unknown>) =>
	h.data('get.calls_report', { access_token: KEY, ...params });

describe('get.calls_report paging over 30,000 calls (reference §3.1)', () => {
	// 30,000 calls over 2026-01-01 .. 2026-03-01 (Moscow time = UTC+3)
	const range = { date_from: '2026-01-01 00:00:00', date_till: '2026-03-31 23:59:59' };

	beforeAll(async () => {
		await h.control('POST', 'reset');
		const seeded = await h.control('POST', 'comagic/seed-calls', {
			count: 30000,
			from: '2025-12-31T21:00:00Z',
			till: '2026-02-28T21:00:00Z',
			lostRatio: 0.2,
			seed: 7,
			replace: true,
		});
		expect(seeded.data).toMatchObject({ generated: 30000, total: 30000 });
	});

	it('pages of 10,000 walk every call once, in start_time order, with total_items', async () => {
		const ids = new Set<number>();
		let last = '';
		for (let offset = 0; offset < 40000; offset += 10000) {
			const page = await report({ ...range, limit: 10000, offset, fields: ['id', 'start_time'] });
			expect(page.result!.metadata.total_items).toBe(30000);
			expect(page.result!.data.length).toBe(offset < 30000 ? 10000 : 0);
			for (const row of page.result!.data) {
				expect(row.start_time >= last).toBe(true);
				last = row.start_time;
				ids.add(row.id);
			}
		}
		expect(ids.size).toBe(30000);
	});

	it('default limit is 1000; default fields are the documented set', async () => {
		const page = await report(range);
		expect(page.result!.data).toHaveLength(1000);
		expect(Object.keys(page.result!.data[0]).sort()).toEqual([
			'call_records',
			'clean_talk_duration',
			'communication_id',
			'communication_type',
			'contact_phone_number',
			'cpn_country_id',
			'cpn_country_name',
			'cpn_region_id',
			'cpn_region_name',
			'direction',
			'finish_reason',
			'finish_time',
			'full_record_file_link',
			'id',
			'is_lost',
			'source',
			'start_time',
			'talk_duration',
			'total_duration',
			'total_wait_duration',
			'virtual_phone_number',
			'wait_duration',
			'wav_call_records',
		]);
		expect(page.result!.data[0].start_time).toMatch(/^2026-01-01 \d{2}:\d{2}:\d{2}$/);
	});

	it('limit above 10,000 and offset above 100,000 are invalid; offset 100,000 is allowed', async () => {
		expect((await report({ ...range, limit: 10001 })).error).toMatchObject({
			code: -32602,
			data: { mnemonic: 'invalid_parameter_value', field: 'limit', value: 10001 },
		});
		expect((await report({ ...range, offset: 100001 })).error).toMatchObject({
			data: { mnemonic: 'invalid_parameter_value', field: 'offset' },
		});
		expect((await report({ ...range, limit: 0 })).error!.data.mnemonic).toBe(
			'invalid_parameter_value',
		);
		const edge = await report({ ...range, offset: 100000 });
		expect(edge.result!.data).toEqual([]);
		expect(edge.result!.metadata.total_items).toBe(30000);
	});

	it('desc sort by start_time returns the newest first; sort by a sortable field works; start_time filter is prohibited', async () => {
		const newest = await report({
			...range,
			limit: 2,
			fields: ['id', 'start_time'],
			sort: [{ field: 'start_time', order: 'desc' }],
		});
		const oldest = await report({ ...range, limit: 1, offset: 29999, fields: ['id'] });
		expect(newest.result!.data[0].id).toBe(oldest.result!.data[0].id);
		const byCampaign = await report({
			...range,
			limit: 10000,
			fields: ['campaign_id'],
			sort: [{ field: 'campaign_id', order: 'desc' }],
		});
		const campaigns = byCampaign.result!.data.map((r: { campaign_id: number }) => r.campaign_id);
		expect(campaigns).toEqual([...campaigns].sort((a, b) => b - a));
		expect(
			(
				await report({
					...range,
					filter: { field: 'start_time', operator: '>', value: '2026-01-02 00:00:00' },
				})
			).error,
		).toMatchObject({
			code: -32602,
			message: 'Filter by parameter is prohibited',
			data: { mnemonic: 'filter_prohibited' },
		});
		expect(
			(await report({ ...range, sort: [{ field: 'talk_duration', order: 'asc' }] })).error,
		).toMatchObject({
			message: 'Sort by parameter is prohibited',
			data: { mnemonic: 'sort_prohibited' },
		});
		expect((await report({ ...range, sort: [{ field: 'nope' }] })).error!.data.mnemonic).toBe(
			'unexpected_parameters',
		);
		expect((await report({ ...range, fields: ['id', 'nope'] })).error).toMatchObject({
			data: { mnemonic: 'unexpected_parameters', value: 'nope' },
		});
	});

	it('filter trees: and/or, nested, in/like/ilike/regexp/is_null, arrays of tags', async () => {
		const count = async (filter: unknown) =>
			(await report({ ...range, limit: 1, filter })).result!.metadata.total_items as number;
		const lost = await count({ field: 'is_lost', operator: '=', value: true });
		const answered = await count({ field: 'is_lost', operator: '=', value: false });
		expect(lost + answered).toBe(30000);
		expect(lost / 30000).toBeGreaterThan(0.15);
		expect(lost / 30000).toBeLessThan(0.25);
		const vn = await count({ field: 'virtual_phone_number', operator: '=', value: '74993720692' });
		const lostOnVn = await count({
			filters: [
				{ field: 'is_lost', operator: '=', value: true },
				{ field: 'virtual_phone_number', operator: '=', value: '74993720692' },
			],
			condition: 'and',
		});
		const lostOrVn = await count({
			filters: [
				{ field: 'is_lost', operator: '=', value: true },
				{ field: 'virtual_phone_number', operator: '=', value: '74993720692' },
			],
			condition: 'or',
		});
		expect(lostOrVn).toBe(lost + vn - lostOnVn);
		expect(lostOnVn).toBeGreaterThan(0);
		const nested = await count({
			filters: [
				{ field: 'is_lost', operator: '=', value: true },
				{
					filters: [
						{ field: 'virtual_phone_number', operator: '=', value: '74993720692' },
						{ field: 'virtual_phone_number', operator: '=', value: '74951045771' },
					],
					condition: 'or',
				},
			],
			condition: 'and',
		});
		expect(nested).toBe(
			await count({
				filters: [
					{ field: 'is_lost', operator: '=', value: true },
					{ field: 'virtual_phone_number', operator: 'in', value: ['74993720692', '74951045771'] },
				],
				condition: 'and',
			}),
		);
		expect(
			await count({ field: 'virtual_phone_number', operator: 'not_in', value: ['74993720692'] }),
		).toBe(30000 - vn);
		expect(await count({ field: 'virtual_phone_number', operator: 'like', value: '%0692' })).toBe(
			vn,
		);
		expect(
			await count({ field: 'campaign_name', operator: 'ilike', value: 'яндекс%' }),
		).toBeGreaterThan(0);
		expect(await count({ field: 'contact_phone_number', operator: 'regexp', value: '^79' })).toBe(
			30000,
		);
		expect(await count({ field: 'call_api_external_id', operator: 'is_null', value: null })).toBe(
			30000,
		);
		expect(await count({ field: 'call_api_external_id', operator: '=', value: null })).toBe(30000);
		expect(await count({ field: 'talk_duration', operator: '>=', value: 15 })).toBe(answered);
		const tagged = await count({ field: 'tags', operator: 'overlap', value: [456, 457] });
		expect(tagged).toBeGreaterThan(0);
		expect(await count({ field: 'tags', operator: 'not_overlap', value: [456, 457] })).toBe(
			30000 - tagged,
		);
		expect(
			(await report({ ...range, filter: { field: 'id', operator: '~', value: 1 } })).error!.data
				.mnemonic,
		).toBe('invalid_parameter_value');
		expect(
			(await report({ ...range, filter: { filters: [], condition: 'xor' } })).error!.data.mnemonic,
		).toBe('invalid_parameter_value');
		expect(
			(await report({ ...range, filter: { field: 'nope', operator: '=', value: 1 } })).error!.data
				.mnemonic,
		).toBe('unexpected_parameters');
		expect(
			(await report({ ...range, filter: { field: 'id', operator: 'in', value: 1 } })).error!.data
				.mnemonic,
		).toBe('invalid_parameter_value');
	});

	it('binary-searched date ranges: an exact day window counts only that day', async () => {
		const day = await report({
			date_from: '2026-01-10 00:00:00',
			date_till: '2026-01-10 23:59:59',
			limit: 10000,
			fields: ['start_time'],
		});
		const rows = day.result!.data as Array<{ start_time: string }>;
		expect(rows.length).toBeGreaterThan(400);
		expect(rows.every((r) => r.start_time.startsWith('2026-01-10 '))).toBe(true);
	});
});

describe('seed generator', () => {
	it('is deterministic for a seed and differs between seeds', async () => {
		const page = async (seed: number) => {
			await h.control('POST', 'comagic/seed-calls', {
				count: 500,
				from: '2026-05-01T00:00:00Z',
				till: '2026-05-02T00:00:00Z',
				seed,
				replace: true,
			});
			const res = await report({
				date_from: '2026-05-01 00:00:00',
				date_till: '2026-05-03 00:00:00',
				limit: 500,
				fields: [
					'start_time',
					'contact_phone_number',
					'is_lost',
					'talk_duration',
					'virtual_phone_number',
					'tags',
				],
			});
			expect(res.result!.metadata.total_items).toBe(500);
			return res.result!.data;
		};
		const a = await page(11);
		expect(await page(11)).toEqual(a);
		expect(await page(12)).not.toEqual(a);
	});
});

describe('get.calls_report dates (reference §3.1)', () => {
	it('more than 3 months → date_interval_limit_reached; exactly 3 months is fine', async () => {
		const over = await report({
			date_from: '2026-01-01 00:00:00',
			date_till: '2026-04-01 00:00:01',
		});
		expect(over.error).toMatchObject({
			code: -32602,
			message: 'Max value of requested date interval is 3 months',
			data: { mnemonic: 'date_interval_limit_reached' },
		});
		expect(
			(
				await report({
					date_from: '2026-01-01 00:00:00',
					date_till: '2026-04-01 00:00:00',
					limit: 1,
				})
			).result,
		).toBeDefined();
	});

	it('wrong formats and reversed ranges are invalid_parameter_value; dates are required', async () => {
		expect(
			(await report({ date_from: '2026-01-01T00:00:00Z', date_till: '2026-01-02 00:00:00' })).error,
		).toMatchObject({ data: { mnemonic: 'invalid_parameter_value', field: 'date_from' } });
		expect(
			(await report({ date_from: '2026-02-30 00:00:00', date_till: '2026-03-02 00:00:00' })).error!
				.data.field,
		).toBe('date_from');
		expect(
			(await report({ date_from: '2026-01-02 00:00:00', date_till: '2026-01-01 00:00:00' })).error!
				.data.field,
		).toBe('date_till');
		expect((await report({ date_from: '2026-01-02 00:00:00' })).error).toMatchObject({
			data: { mnemonic: 'required_parameter_missed', field: 'date_till' },
		});
	});
});

describe('directories and tags (reference §3.3, §3.6)', () => {
	beforeAll(async () => {
		await h.control('POST', 'reset');
	});

	it('get.employees / virtual_numbers / campaigns / tags with total_items, fields, filter and sort', async () => {
		const employees = await h.data('get.employees', { access_token: KEY });
		expect(employees.result!.metadata.total_items).toBe(3);
		expect(employees.result!.data[0]).toMatchObject({
			id: 25,
			full_name: 'Иванов Иван Петрович',
			phone_numbers: [expect.objectContaining({ phone_number: '79260000001', status: 'active' })],
		});
		const vns = await h.data('get.virtual_numbers', {
			access_token: KEY,
			fields: ['virtual_phone_number'],
			filter: { field: 'virtual_phone_number', operator: '=', value: '74993720692' },
		});
		expect(vns.result!.data).toEqual([{ virtual_phone_number: '74993720692' }]);
		const campaigns = await h.data('get.campaigns', {
			access_token: KEY,
			filter: { field: 'status', operator: '=', value: 'active' },
			sort: [{ field: 'id', order: 'desc' }],
		});
		expect(campaigns.result!.data.map((c: { id: number }) => c.id)).toEqual([124, 123]);
		const tags = await h.data('get.tags', {
			access_token: KEY,
			sort: [{ field: 'name' }],
			limit: 2,
			offset: 1,
		});
		expect(tags.result!.metadata.total_items).toBe(5);
		expect(tags.result!.data).toHaveLength(2);
		expect(
			(await h.data('get.tags', { access_token: KEY, sort: [{ field: 'id' }] })).error!.data
				.mnemonic,
		).toBe('sort_prohibited');
		expect(
			(await h.data('get.tags', { access_token: KEY, fields: ['color'] })).error!.data.mnemonic,
		).toBe('unexpected_parameters');
	});

	const firstCall = async () =>
		(
			await report({
				date_from: h.dataTime({ days: -31 }),
				date_till: h.dataTime(),
				limit: 1,
				fields: ['id', 'start_time', 'tags'],
				filter: { field: 'tags', operator: 'is_null', value: null },
			})
		).result!.data[0] as { id: number; start_time: string };

	it('set/unset.tag_communications: duplicate and unknown entities', async () => {
		const call = await firstCall();
		const params = {
			access_token: KEY,
			communication_id: call.id,
			communication_type: 'call',
			tag_id: 458,
		};
		const set = await h.data('set.tag_communications', params);
		expect(set.result!.data).toEqual({});
		expect(set.result!.metadata.total_items).toBeUndefined();
		expect((await h.data('set.tag_communications', params)).error).toMatchObject({
			code: -32602,
			message: 'Duplicate entity',
			data: { mnemonic: 'duplicate_entity' },
		});
		expect(
			(await h.data('set.tag_communications', { ...params, tag_id: 9999 })).error!.data.mnemonic,
		).toBe('entity_not_found');
		expect(
			(await h.data('set.tag_communications', { ...params, communication_id: 1 })).error!.data
				.mnemonic,
		).toBe('entity_not_found');
		expect(
			(await h.data('set.tag_communications', { ...params, communication_type: 'sms' })).error!.data
				.mnemonic,
		).toBe('invalid_parameter_value');
		const { communication_id: _, ...noId } = params;
		expect((await h.data('set.tag_communications', noId)).error!.data.mnemonic).toBe(
			'required_parameter_missed',
		);
		const tagged = (
			await report({
				date_from: h.dataTime({ days: -31 }),
				date_till: h.dataTime(),
				fields: ['tags'],
				filter: { field: 'id', operator: '=', value: call.id },
			})
		).result!.data[0];
		expect(tagged.tags.map((t: { tag_id: number }) => t.tag_id)).toEqual([458]);
		expect((await h.data('unset.tag_communications', params)).result!.data).toEqual({});
		expect((await h.data('unset.tag_communications', params)).error!.data.mnemonic).toBe(
			'entity_not_found',
		);
	});

	it('set.tag_sales: validation, sale id, sale fields in the report, repeat behaviour', async () => {
		const call = await firstCall();
		const sale = {
			access_token: KEY,
			communication_id: call.id,
			communication_type: 'call',
			date_time: call.start_time,
			transaction_value: 1500.5,
			comment: 'Приём терапевта',
		};
		expect(
			(await h.data('set.tag_sales', { ...sale, transaction_value: '1500' })).error!.data.mnemonic,
		).toBe('data_type_error');
		expect(
			(await h.data('set.tag_sales', { ...sale, transaction_value: -1 })).error!.data.mnemonic,
		).toBe('invalid_parameter_value');
		expect(
			(await h.data('set.tag_sales', { ...sale, comment: 'x'.repeat(256) })).error,
		).toMatchObject({ data: { mnemonic: 'invalid_parameter_value', field: 'comment' } });
		expect(
			(await h.data('set.tag_sales', { ...sale, date_time: '2020-01-01 00:00:00' })).error,
		).toMatchObject({ code: -32602, data: { mnemonic: 'invalid_date_time', field: 'date_time' } });
		expect(
			(await h.data('set.tag_sales', { ...sale, date_time: '2026-01-01' })).error!.data.mnemonic,
		).toBe('invalid_parameter_value');
		const { date_time: _, ...noDate } = sale;
		expect((await h.data('set.tag_sales', noDate)).error!.data).toMatchObject({
			mnemonic: 'required_parameter_missed',
			field: 'date_time',
		});
		expect(
			(await h.data('set.tag_sales', { ...sale, communication_id: 5 })).error!.data.mnemonic,
		).toBe('entity_not_found');
		const first = await h.data('set.tag_sales', sale);
		expect(first.result!.data).toEqual({ id: expect.any(Number) });
		const row = (
			await report({
				date_from: h.dataTime({ days: -31 }),
				date_till: h.dataTime(),
				fields: ['sale_cost', 'sale_date', 'tags'],
				filter: { field: 'id', operator: '=', value: call.id },
			})
		).result!.data[0];
		expect(row).toMatchObject({
			sale_cost: 1500.5,
			sale_date: call.start_time,
			tags: [expect.objectContaining({ tag_id: 1, tag_name: 'Продажа' })],
		});
		// default: the same sale again is a duplicate_entity
		expect((await h.data('set.tag_sales', sale)).error!.data.mnemonic).toBe('duplicate_entity');
		await h.control('POST', 'comagic/config', { repeatSale: 'same_id' });
		expect((await h.data('set.tag_sales', sale)).result!.data).toEqual(first.result!.data);
		await h.control('POST', 'comagic/config', { repeatSale: 'new_sale' });
		expect((await h.data('set.tag_sales', sale)).result!.data.id).toBeGreaterThan(
			first.result!.data.id,
		);
		// a different sale on the same call is a new sale
		await h.control('POST', 'comagic/config', { repeatSale: 'duplicate_entity' });
		expect(
			(await h.data('set.tag_sales', { ...sale, transaction_value: 2000 })).result!.data.id,
		).toEqual(expect.any(Number));
	});
});

// How fast this is lives in `npm run bench`; here only what is returned.
describe('100,000 calls', () => {
	it('seeds 100k calls, pages them 10,000 at a time, and answers a narrow window exactly', async () => {
		await h.control('POST', 'reset');
		const seeded = await h.control('POST', 'comagic/seed-calls', {
			count: 100000,
			from: '2025-10-31T21:00:00Z',
			till: '2026-01-28T21:00:00Z',
			seed: 3,
			replace: true,
		});
		expect(seeded.data.generated).toBe(100000);
		const ids = new Set<number>();
		for (let offset = 0; offset <= 100000; offset += 10000) {
			const page = await report({
				date_from: '2025-11-01 00:00:00',
				date_till: '2026-01-31 23:59:59',
				limit: 10000,
				offset,
				fields: ['id', 'start_time', 'is_lost', 'call_records'],
			});
			expect(page.result!.metadata.total_items).toBe(100000);
			for (const row of page.result!.data) ids.add(row.id);
		}
		expect(ids.size).toBe(100000);
		const narrow = await report({
			date_from: '2025-12-01 10:00:00',
			date_till: '2025-12-01 10:59:59',
			limit: 10000,
			fields: ['id', 'start_time'],
		});
		const times = narrow.result!.data.map((r: { start_time: string }) => r.start_time);
		expect(times.length).toBe(narrow.result!.metadata.total_items);
		expect(times.length).toBeGreaterThan(0);
		expect(
			times.every((t: string) => t >= '2025-12-01 10:00:00' && t <= '2025-12-01 10:59:59'),
		).toBe(true);
	}, 60000);
});
