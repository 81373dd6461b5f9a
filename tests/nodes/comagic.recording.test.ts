import { DateTime } from 'luxon';

import { useCoMagicEnv } from './comagic.helpers';

const ZONE = 'Europe/Moscow';
const env = useCoMagicEnv();

async function someCall(lost: boolean) {
	const now = DateTime.now().setZone(ZONE);
	const answer = await env.data('get.calls_report', {
		date_from: now.minus({ days: 29 }).toFormat('yyyy-MM-dd HH:mm:ss'),
		date_till: now.toFormat('yyyy-MM-dd HH:mm:ss'),
		fields: ['id', 'is_lost', 'call_records', 'full_record_file_link'],
		filter: { field: 'is_lost', operator: '=', value: lost },
		limit: 1,
	});
	return answer.result.data[0] as {
		id: number;
		call_records: string[];
		full_record_file_link: string | null;
	};
}

const download = (extra: Record<string, unknown>) => ({
	resource: 'recording',
	operation: 'download',
	...extra,
});

describe('Recording: Download', () => {
	it('downloads the MP3 of a call as binary, without sending the token to the media host', async () => {
		const call = await someCall(false);
		const { entries: before = [] } = await env.control('GET', 'log');
		const since = before.length ? before[before.length - 1].seq : 0;
		const result = await env.run(
			download({ callSessionId: String(call.id), format: 'mp3', which: 'first' }),
		);
		expect(result.status).toBe('success');
		const [item] = result.output('Node');
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			call_session_id: call.id,
			record_hash: call.call_records[0],
			format: 'mp3',
		});
		expect(item.binary?.data.mimeType).toBe('audio/mpeg');
		expect(item.binary?.data.fileName).toBe(`${call.id}_1.mp3`);
		const bytes = Buffer.from(item.binary!.data.data, 'base64');
		expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfb]));
		expect(item.json.size).toBe(bytes.length);
		const { entries = [] } = await env.control('GET', `log?since=${since}`);
		const media = entries.filter((e) => e.url.startsWith('/system/media/talk/'));
		expect(media).toHaveLength(1);
		expect(media[0].url).toBe(`/system/media/talk/${call.id}/${call.call_records[0]}/`);
		expect(JSON.stringify(media[0])).not.toContain('sandbox-comagic-key');
	});

	it('downloads WAV when asked', async () => {
		const call = await someCall(false);
		const result = await env.run(
			download({ callSessionId: String(call.id), format: 'wav', which: 'all' }),
		);
		expect(result.status).toBe('success');
		const items = result.output('Node');
		expect(items).toHaveLength(call.call_records.length);
		expect(items[0].binary?.data.mimeType).toBe('audio/wav');
		expect(Buffer.from(items[0].binary!.data.data, 'base64').subarray(0, 4).toString('ascii')).toBe(
			'RIFF',
		);
	});

	it('downloads from a recording link', async () => {
		const call = await someCall(false);
		expect(call.full_record_file_link).toEqual(expect.any(String));
		const result = await env.run(download({ source: 'link', link: call.full_record_file_link }));
		expect(result.status).toBe('success');
		expect(result.output('Node')[0].binary?.data.mimeType).toBe('audio/mpeg');
	});

	it('says a lost call has no recording', async () => {
		const call = await someCall(true);
		const result = await env.run(download({ callSessionId: String(call.id) }));
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toContain('has no MP3 recording');
	});

	it('reports a link that is gone as an API error', async () => {
		const result = await env.run(
			download({
				source: 'link',
				link: `${env.sandbox.baseUrl}/system/media/talk/1/0123456789abcdef0123456789abcdef/`,
			}),
		);
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.name).toBe('NodeApiError');
		expect(result.nodeError('Node')?.message).toMatch(/could not be downloaded/);
	});

	it('downloads the recording of a call the node itself started', async () => {
		const started = await env.run({
			resource: 'call',
			operation: 'startSimpleCall',
			virtualPhoneNumber: { mode: 'id', value: '74993720692' },
			contact: '79260000000',
			operator: '79262444491',
			firstCall: 'operator',
		});
		const id = started.json('Node')[0].call_session_id as number;
		const result = await env.run(download({ callSessionId: String(id) }));
		expect(result.status).toBe('success');
		expect(result.output('Node')[0].json.call_session_id).toBe(id);
	});
});
