import type { IDataObject, INode } from 'n8n-workflow';

import { apiError, hintFor, redact, transportError } from '../../nodes/CoMagic/transport/errors';
import { getAllItems, getReportRows } from '../../nodes/CoMagic/transport/paging';
import type { CoMagicClient } from '../../nodes/CoMagic/transport/client';
import { allStrings } from '../nodes/comagic.helpers';

const node: INode = {
	id: '1',
	name: 'CoMagic',
	type: 'n8n-nodes-comagic-voicebox.coMagic',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const TOKEN = 'sessiontoken-0123456789abcdef';

describe('error mapping', () => {
	it('fills hints from error.data.params', () => {
		expect(
			hintFor({
				data: {
					mnemonic: 'tts_text_exceeded',
					params: { tts_message_max_length: 1000, sent_tts_message_length: 1200 },
				},
			}),
		).toMatch(/1200 characters long; the tariff allows 1000/);
		expect(
			hintFor({ data: { mnemonic: 'ip_not_whitelisted', params: { ip: '1.2.3.4' } } }),
		).toContain('1.2.3.4');
		expect(hintFor({ data: { mnemonic: 'no_such_mnemonic' } })).toBeUndefined();
	});

	it('builds a NodeApiError whose kept body has no echoed value and no secret', () => {
		const error = apiError(
			node,
			{
				code: -32602,
				message: `Data supplied is of wrong type ${TOKEN}`,
				data: {
					mnemonic: 'data_type_error',
					field: 'access_token',
					value: TOKEN,
					params: { echo: TOKEN },
				},
			},
			{ method: 'get.tags', itemIndex: 2, secrets: [TOKEN] },
		);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'CoMagic get.tags: Data supplied is of wrong type *** (data_type_error)',
		);
		expect(error.description).toContain('access_token');
		expect(error.context.itemIndex).toBe(2);
		expect(error.context.mnemonic).toBe('data_type_error');
		expect(allStrings(error).join('\n')).not.toContain(TOKEN);
	});

	it("shows the API's own code as the error code, not the HTTP 200 the error came in", () => {
		const error = apiError(
			node,
			{
				code: -32602,
				message: 'Max value of requested date interval is 3 months',
				data: { mnemonic: 'date_interval_limit_reached' },
			},
			{ method: 'get.calls_report', secrets: [] },
		);
		expect(error.httpCode).toBe('-32602');
		expect(error.message).toContain('(date_interval_limit_reached)');
	});

	it('explains a call direction the security rules refuse (-32002), whatever its mnemonic', () => {
		const hint = hintFor({ code: -32002, data: { mnemonic: 'some_direction_mnemonic' } });
		expect(hint).toMatch(/international/);
		expect(hint).toMatch(/Security rules and settings → API/);
		// the blacklist shares the code group and keeps its own hint
		expect(hintFor({ code: -32002, data: { mnemonic: 'contact_in_blacklist' } })).toMatch(
			/blacklist/,
		);
	});

	it('drops the request config (with the token in its body) from a transport failure', () => {
		const axiosLike = Object.assign(new Error(`socket hang up`), {
			code: 'ECONNRESET',
			config: { data: JSON.stringify({ params: { access_token: TOKEN } }), url: 'http://x' },
			request: { body: TOKEN },
		});
		const wrapped = Object.assign(new Error('The connection to the server was closed'), {
			httpCode: 'ECONNRESET',
			cause: axiosLike,
		});
		const error = transportError(node, wrapped, {
			method: 'get.tags',
			url: 'http://x',
			secrets: [TOKEN],
		});
		expect(error.message).toBe(
			'CoMagic get.tags: the API at http://x did not answer properly (no connection)',
		);
		expect(error.description).toContain('ECONNRESET');
		expect(allStrings(error).join('\n')).not.toContain(TOKEN);
	});

	it('reports an HTTP status', () => {
		const error = transportError(
			node,
			{ message: 'Request failed', httpCode: '502' },
			{ method: 'm', url: 'u', secrets: [] },
		);
		expect(error.message).toContain('HTTP 502');
		expect(error.httpCode).toBe('502');
	});

	it('redacts every secret occurrence', () => {
		expect(redact(`a ${TOKEN} b ${TOKEN}`, [TOKEN])).toBe('a *** b ***');
	});
});

/** A scripted Data API: rows by window, answering like get.* with total_items; records each request. */
function fakeClient(rowsFor: (params: IDataObject) => IDataObject[]) {
	const requests: IDataObject[] = [];
	const client = {
		zone: 'Europe/Moscow',
		async request(_api: string, _method: string, params: IDataObject) {
			requests.push(params);
			const all = rowsFor(params);
			const offset = Number(params.offset ?? 0);
			const limit = Number(params.limit ?? 1000);
			if (offset > 100000 || limit > 10000)
				throw new Error(`paging cap broken: ${offset}/${limit}`);
			return { data: all.slice(offset, offset + limit), metadata: { total_items: all.length } };
		},
	};
	return { client: client as unknown as CoMagicClient, requests };
}

const rows = (n: number, prefix = 0) => Array.from({ length: n }, (_, i) => ({ id: prefix + i }));

describe('paging', () => {
	it('reads exactly ceil(total / 10,000) pages and stops on total_items', async () => {
		const { client, requests } = fakeClient(() => rows(25000));
		const out = await getAllItems(client, 'get.x', {}, { returnAll: true, itemIndex: 0 });
		expect(out).toHaveLength(25000);
		expect(requests.map((r) => [r.offset, r.limit])).toEqual([
			[0, 10000],
			[10000, 10000],
			[20000, 10000],
		]);
	});

	it('asks for no more than the limit', async () => {
		const { client, requests } = fakeClient(() => rows(25000));
		const out = await getAllItems(
			client,
			'get.x',
			{},
			{ returnAll: false, limit: 12345, itemIndex: 0 },
		);
		expect(out).toHaveLength(12345);
		expect(requests.map((r) => r.limit)).toEqual([10000, 2345]);
	});

	it('halves a window that holds more rows than offset paging reaches', async () => {
		// 150,000 rows spread over one day: 1 row per 0.576 s
		const startMs = Date.UTC(2026, 0, 1, 0, 0, 0) - 3 * 3600000;
		const perSecond = 150000 / 86400;
		const { client, requests } = fakeClient((params) => {
			const toMs = (t: unknown) => Date.parse(`${String(t).replace(' ', 'T')}+03:00`);
			const a = Math.ceil(((toMs(params.date_from) - startMs) / 1000) * perSecond);
			const b = Math.ceil(((toMs(params.date_till) + 1000 - startMs) / 1000) * perSecond);
			return rows(Math.max(0, Math.min(150000, b) - Math.max(0, a)), Math.max(0, a));
		});
		const out = await getReportRows(
			client,
			'get.calls_report',
			{},
			[{ from: '2026-01-01 00:00:00', till: '2026-01-01 23:59:59' }],
			{ returnAll: true, itemIndex: 0 },
		);
		expect(out).toHaveLength(150000);
		expect(new Set(out.map((r) => r.id)).size).toBe(150000);
		// one probe of the whole day, then 8 pages for each 75,000-row half
		expect(requests).toHaveLength(1 + 8 + 8);
		expect(requests[1]).toMatchObject({
			date_from: '2026-01-01 00:00:00',
			date_till: '2026-01-01 11:59:59',
		});
	});
});
