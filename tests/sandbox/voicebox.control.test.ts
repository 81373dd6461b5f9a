/** /_control/voicebox: campaigns, calls, config, defaults the node engineers rely on, options and describe(). */
import axios from 'axios';

import { startSandbox } from '../../sandbox';
import {
	DEFAULT_REMINDER_CAMPAIGN_ID,
	DEFAULT_REMINDER_VARIABLES,
	DEFAULT_VOICEBOX_LOGIN,
	DEFAULT_VOICEBOX_PASSWORD,
} from '../../sandbox/voicebox/defaults';
import type { Campaign } from '../../sandbox/voicebox/types';
import { basic, MOSCOW_LATE, MOSCOW_NOON, VoiceboxHarness } from './voicebox.helpers';

let vb: VoiceboxHarness;
const ORDER_CAMPAIGN = '10dada97-0000-4000-8000-000000000001';

beforeAll(async () => {
	vb = await VoiceboxHarness.start();
});
afterAll(() => vb.stop());
beforeEach(async () => {
	await vb.reset();
	await vb.setClock(MOSCOW_NOON);
});

describe('defaults', () => {
	it('one reminder campaign: name + phrase, 09:00–21:00 Moscow, queue, no callback URL', async () => {
		const { data } = await vb.control('GET', '/voicebox/campaigns');
		expect(data).toEqual([
			expect.objectContaining({
				id: DEFAULT_REMINDER_CAMPAIGN_ID,
				variables: ['name', 'phrase'],
				window: { from: '09:00', to: '21:00', timeZone: 'Europe/Moscow' },
				outsideWindow: 'queue',
				callback: expect.objectContaining({
					url: null,
					method: 'POST',
					contentType: 'application/json',
				}),
			}),
		]);
		expect(DEFAULT_REMINDER_VARIABLES).toEqual(['name', 'phrase']);
		expect([DEFAULT_VOICEBOX_LOGIN, DEFAULT_VOICEBOX_PASSWORD]).toEqual(['demo', 'demo-password']);
	});
});

describe('campaigns', () => {
	it('creates a campaign with its own variables and a callback, then calls through it', async () => {
		const created = await vb.control('POST', '/voicebox/campaigns', {
			id: ORDER_CAMPAIGN,
			name: 'Хабр1',
			variables: ['goods', 'total', 'name', 'orderid'],
			window: { from: '10:00', to: '20:00', timeZone: 'Asia/Yekaterinburg' },
			maxLines: 3,
		});
		expect(created.status).toBe(200);
		expect(created.data).toMatchObject({
			id: ORDER_CAMPAIGN,
			outsideWindow: 'queue',
			overLines: 'queue',
			callback: { url: null },
		});
		const data = {
			number: '79001234567',
			goods: ['чайник'],
			total: 1990,
			name: 'Иван',
			orderid: 42,
		};
		expect((await vb.call(data, { method: ORDER_CAMPAIGN })).status).toBe(200);
		// the reminder's variables are not this campaign's
		expect(
			(await vb.call({ number: '79001234567', name: 'x', phrase: 'y' }, { method: ORDER_CAMPAIGN }))
				.status,
		).toBe(400);
		const [call] = await vb.calls();
		expect(call.localTime).toMatch(/\+05:00$/);
		expect(
			(await vb.control('GET', `/voicebox/calls?campaignId=${ORDER_CAMPAIGN}`)).data,
		).toHaveLength(1);
		expect(
			(await vb.control('GET', `/voicebox/calls?campaignId=${DEFAULT_REMINDER_CAMPAIGN_ID}`)).data,
		).toHaveLength(0);
	});

	it('POST replaces a campaign whole; PATCH merges', async () => {
		await vb.control('PATCH', `/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`, {
			callback: { url: 'http://127.0.0.1:9/x', delayMs: 5 },
		});
		let c = (
			await vb.control<Campaign>('GET', `/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`)
		).data;
		expect(c.callback).toMatchObject({ url: 'http://127.0.0.1:9/x', delayMs: 5, method: 'POST' });
		expect(c.variables).toEqual(['name', 'phrase']);
		await vb.control('POST', '/voicebox/campaigns', {
			id: DEFAULT_REMINDER_CAMPAIGN_ID,
			variables: ['name'],
		});
		c = (await vb.control<Campaign>('GET', `/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`))
			.data;
		expect(c.callback.url).toBeNull();
		expect(c.variables).toEqual(['name']);
		expect((await vb.call({ number: '79001234567', name: 'x' })).status).toBe(200);
	});

	it('DELETE removes a campaign: its uuid becomes unknown', async () => {
		expect(
			(await vb.control('DELETE', `/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`)).status,
		).toBe(200);
		expect((await vb.remind('79001234567')).status).toBe(404);
		expect(
			(await vb.control('GET', `/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`)).status,
		).toBe(404);
	});

	it.each([
		[{}, /campaign id/],
		[{ id: 'x', variables: 'name' }, /variables/],
		[{ id: 'x', variables: ['number'] }, /built in/],
		[{ id: 'x', window: { from: '9:00' } }, /window.from/],
		[{ id: 'x', window: { to: '25:00' } }, /window.to/],
		[{ id: 'x', window: { timeZone: 'Mars/Olympus' } }, /time zone/],
		[{ id: 'x', window: { days: [0] } }, /weekdays/],
		[{ id: 'x', window: { days: [] } }, /weekdays/],
		[{ id: 'x', outsideWindow: 'later' }, /outsideWindow/],
		[{ id: 'x', maxLines: 0 }, /maxLines/],
		[{ id: 'x', overLines: 'drop' }, /overLines/],
		[{ id: 'x', callback: { url: 'ftp://x' } }, /callback.url/],
		[{ id: 'x', callback: { method: 'DELETE' } }, /callback.method/],
		[{ id: 'x', callback: { contentType: 1 } }, /contentType/],
		[{ id: 'x', callback: { duplicates: -1 } }, /duplicates/],
		[{ id: 'x', callback: { lose: 1.5 } }, /lose/],
		[{ id: 'x', callback: { loseRate: 2 } }, /loseRate/],
		[{ id: 'x', callback: { earlyStatus: 'yes' } }, /earlyStatus/],
		[{ id: 'x', callback: { headers: { a: 1 } } }, /headers/],
	])('400 for a bad campaign %j', async (body, message) => {
		const res = await vb.control('POST', '/voicebox/campaigns', body);
		expect(res.status).toBe(400);
		expect(res.data.error).toMatch(message);
		expect((await vb.control('GET', '/voicebox/campaigns')).data).toHaveLength(1);
	});
});

describe('calls and queue control', () => {
	it('GET calls/:id, 404 for an unknown id, tick places due calls', async () => {
		await vb.setClock(MOSCOW_LATE);
		const { data } = await vb.remind('79001234567', { guid: 'g' });
		const one = await vb.control('GET', `/voicebox/calls/${data.id}`);
		expect(one.data).toMatchObject({ id: data.id, state: 'queued', guid: 'g' });
		expect((await vb.control('GET', '/voicebox/calls/nope')).status).toBe(404);
		expect((await vb.control('POST', '/voicebox/tick')).data).toEqual({ queued: 1 });
		await vb.setClock('2026-11-24T06:00:01.000Z');
		expect((await vb.control('POST', '/voicebox/tick')).data).toEqual({ queued: 0 });
	});

	it('404 JSON for an unknown control endpoint', async () => {
		const res = await vb.control('GET', '/voicebox/nothing');
		expect(res.status).toBe(404);
		expect(res.data.error).toMatch(/no voicebox control endpoint/);
	});
});

describe('options and describe()', () => {
	it('startSandbox options set credentials, campaigns and config; describe() prints a working curl', async () => {
		const sandbox = await startSandbox({
			port: 0,
			voicebox: {
				login: 'clinic',
				password: 'p@ss:wörd',
				config: { durationMs: 1 },
				campaigns: [{ id: ORDER_CAMPAIGN, variables: [], outsideWindow: 'place' }],
			},
		});
		try {
			const post = (auth: string) =>
				axios.post(
					sandbox.urls.voicebox,
					{ method: ORDER_CAMPAIGN, data: { number: '79001234567' } },
					{ headers: { Authorization: auth }, validateStatus: () => true },
				);
			expect((await post(basic('clinic', 'p@ss:wörd'))).status).toBe(200);
			expect((await post(basic(DEFAULT_VOICEBOX_LOGIN, DEFAULT_VOICEBOX_PASSWORD))).status).toBe(
				401,
			);
			const lines = sandbox.describe().filter((l) => l.includes('/voicebox/'));
			const curl = lines.find((l) => l.startsWith('curl '));
			expect(curl).toContain(`${sandbox.baseUrl}/voicebox/api/v1/sb`);
			expect(curl).toContain(DEFAULT_REMINDER_CAMPAIGN_ID);
			expect(curl).toContain(Buffer.from('demo:demo-password').toString('base64'));
		} finally {
			await sandbox.stop();
		}
	});

	it('the curl line of describe() works against the default sandbox', async () => {
		const curl = vb.sandbox
			.describe()
			.find((l) => l.startsWith('curl ') && l.includes('/voicebox/'))!;
		const auth = /Authorization: (Basic \S+)'/.exec(curl)![1];
		const body = /-d '([^']+)'/.exec(curl)![1];
		const res = await axios.post(vb.sandbox.urls.voicebox, body, {
			headers: { Authorization: auth, 'Content-Type': 'application/json' },
			validateStatus: () => true,
		});
		expect(res.status).toBe(200);
	});
});
