import axios from 'axios';
import { DateTime } from 'luxon';
import type { IDataObject, ILoadOptionsFunctions, INode, NodeApiError } from 'n8n-workflow';

import { CoMagicApi } from '../../credentials/CoMagicApi.credentials';
import * as listSearch from '../../nodes/CoMagic/methods/listSearch';
import { getCampaigns, getTags } from '../../nodes/CoMagic/methods/loadOptions';
import { useCoMagicEnv } from './comagic.helpers';

const ZONE = 'Europe/Moscow';
const env = useCoMagicEnv();

async function answeredCall() {
	const now = DateTime.now().setZone(ZONE);
	const answer = await env.data('get.calls_report', {
		date_from: now.minus({ days: 29 }).toFormat('yyyy-MM-dd HH:mm:ss'),
		date_till: now.toFormat('yyyy-MM-dd HH:mm:ss'),
		fields: ['id', 'start_time', 'tags', 'sale_cost'],
		filter: { field: 'is_lost', operator: '=', value: false },
		limit: 1,
	});
	return answer.result.data[0] as { id: number; start_time: string };
}

async function reportRow(id: number) {
	const now = DateTime.now().setZone(ZONE);
	const answer = await env.data('get.calls_report', {
		date_from: now.minus({ days: 29 }).toFormat('yyyy-MM-dd HH:mm:ss'),
		date_till: now.toFormat('yyyy-MM-dd HH:mm:ss'),
		fields: ['id', 'tags', 'sale_cost'],
		filter: { field: 'id', operator: '=', value: id },
	});
	return answer.result.data[0] as { tags: Array<{ tag_id: number }>; sale_cost: number | null };
}

describe('Sale: Tag Sale', () => {
	it('tags a sale, and a repeat of the same sale is a soft success', async () => {
		const call = await answeredCall();
		const saleDate = DateTime.fromFormat(call.start_time, 'yyyy-MM-dd HH:mm:ss', {
			zone: ZONE,
		}).plus({ hours: 1 });
		const parameters = {
			resource: 'sale',
			operation: 'tag',
			communicationId: String(call.id),
			communicationType: 'call',
			saleDate: saleDate.toISO(),
			amount: 4500.5,
			options: { comment: 'Консультация' },
		};
		const first = await env.run(parameters);
		expect(first.status).toBe('success');
		expect(first.json('Node')[0]).toEqual({
			communication_id: call.id,
			date_time: saleDate.toFormat('yyyy-MM-dd HH:mm:ss'),
			amount: 4500.5,
			sale_id: expect.any(Number),
			alreadyTagged: false,
		});
		expect((await reportRow(call.id)).sale_cost).toBe(4500.5);

		const repeat = await env.run(parameters);
		expect(repeat.status).toBe('success');
		expect(repeat.json('Node')[0]).toMatchObject({
			communication_id: call.id,
			alreadyTagged: true,
			sale_id: null,
		});
	});

	it('refuses a comment over 255 characters before calling the API', async () => {
		const call = await answeredCall();
		const mark = await env.mark();
		const result = await env.run({
			resource: 'sale',
			operation: 'tag',
			communicationId: String(call.id),
			amount: 1,
			options: { comment: 'x'.repeat(256) },
		});
		expect(result.nodeError('Node')?.name).toBe('NodeOperationError');
		expect(result.nodeError('Node')?.message).toContain('256');
		expect((await env.rpcLog(mark)).filter((e) => e.rpcMethod === 'set.tag_sales')).toHaveLength(0);
	});

	it('explains a sale dated before the call', async () => {
		const call = await answeredCall();
		const before = DateTime.fromFormat(call.start_time, 'yyyy-MM-dd HH:mm:ss', {
			zone: ZONE,
		}).minus({ days: 1 });
		const result = await env.run({
			resource: 'sale',
			operation: 'tag',
			communicationId: String(call.id),
			saleDate: before.toISO(),
			amount: 100,
		});
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toContain('invalid_date_time');
		expect((result.nodeError('Node') as NodeApiError).description).toMatch(
			/earlier than the communication/,
		);
	});
});

describe('Tag: Add, Remove, Get Many', () => {
	it('adds a tag and removes it; a repeat of either is a soft success with a flag', async () => {
		const call = await answeredCall();
		const tag = (operation: string) => ({
			resource: 'tag',
			operation,
			communicationId: String(call.id),
			communicationType: 'call',
			tag: { mode: 'list', value: '458' },
		});
		const added = await env.run(tag('add'));
		expect(added.json('Node')[0]).toEqual({
			communication_id: call.id,
			tag_id: 458,
			tagged: true,
			alreadyTagged: false,
		});
		expect((await reportRow(call.id)).tags.map((t) => t.tag_id)).toContain(458);
		const again = await env.run(tag('add'));
		expect(again.status).toBe('success');
		expect(again.json('Node')[0].alreadyTagged).toBe(true);

		const removed = await env.run(tag('remove'));
		expect(removed.json('Node')[0]).toEqual({
			communication_id: call.id,
			tag_id: 458,
			removed: true,
			notTagged: false,
		});
		expect((await reportRow(call.id)).tags.map((t) => t.tag_id)).not.toContain(458);
		const twice = await env.run(tag('remove'));
		expect(twice.status).toBe('success');
		expect(twice.json('Node')[0]).toEqual({
			communication_id: call.id,
			tag_id: 458,
			removed: true,
			notTagged: true,
		});
		expect(twice.output('Node')[0].pairedItem).toEqual({ item: 0 });
	});

	it('still fails removing a tag the account does not have, or from an unknown communication', async () => {
		const call = await answeredCall();
		const remove = (communicationId: string, tagId: string) => ({
			resource: 'tag',
			operation: 'remove',
			communicationId,
			communicationType: 'call',
			tag: { mode: 'id', value: tagId },
		});
		const unknownTag = await env.run(remove(String(call.id), '999999'));
		expect(unknownTag.status).toBe('error');
		expect(unknownTag.nodeError('Node')?.message).toContain('entity_not_found');
		const unknownCall = await env.run(remove('12345', '458'));
		expect(unknownCall.status).toBe('error');
		expect(unknownCall.nodeError('Node')?.message).toContain('entity_not_found');
	});

	it.each([
		['tag', 5],
		['employee', 3],
		['virtualNumber', 3],
		['campaign', 3],
	])('%s: Get Many returns all, or up to the limit', async (resource, total) => {
		const all = await env.run({ resource, operation: 'getMany', returnAll: true });
		expect(all.status).toBe('success');
		expect(all.json('Node')).toHaveLength(total);
		expect(all.json('Node')[0].id).toEqual(expect.any(Number));
		const two = await env.run({ resource, operation: 'getMany', returnAll: false, limit: 2 });
		expect(two.json('Node')).toHaveLength(2);
	});
});

describe('dropdowns (listSearch / loadOptions)', () => {
	/** The load-options context n8n gives, reduced to what the methods use, with real HTTP and real authenticate. */
	function loadOptionsContext(): ILoadOptionsFunctions {
		const credentials = env.keyCredentials() as IDataObject;
		const type = new CoMagicApi();
		const node = { name: 'CoMagic', credentials: {} } as unknown as INode;
		return {
			getNode: () => node,
			getCredentials: async () => credentials,
			helpers: {
				httpRequestWithAuthentication: async (
					_type: string,
					options: { url: string; body: unknown },
				) => {
					const authed = await type.authenticate(credentials as never, options as never);
					return (await axios.post(authed.url, authed.body)).data;
				},
			},
		} as unknown as ILoadOptionsFunctions;
	}

	it('searches employees by name', async () => {
		const { results } = await listSearch.searchEmployees.call(loadOptionsContext(), 'мария');
		expect(results).toEqual([{ name: 'Петрова Мария (26)', value: '26' }]);
	});

	it('lists virtual numbers with their names', async () => {
		const { results } = await listSearch.searchVirtualNumbers.call(loadOptionsContext());
		expect(results).toContainEqual({ name: '74993720692 — Основной', value: '74993720692' });
		expect(results).toHaveLength(3);
	});

	it('lists tags and campaigns for plain dropdowns', async () => {
		expect(await getTags.call(loadOptionsContext())).toContainEqual({
			name: 'Целевой',
			value: '456',
		});
		expect(await getCampaigns.call(loadOptionsContext())).toContainEqual({
			name: 'Яндекс.Директ',
			value: '123',
		});
		const { results } = await listSearch.searchTags.call(loadOptionsContext(), 'запись');
		expect(results).toEqual([{ name: 'Запись на приём', value: '458' }]);
	});
});
