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
});

const start = (contact: string) =>
	axios.post(
		h.sandbox.urls.comagicCallApi,
		{
			jsonrpc: '2.0',
			id: 1,
			method: 'start.simple_call',
			params: {
				access_token: KEY,
				first_call: 'operator',
				virtual_phone_number: COMAGIC_VIRTUAL_NUMBER,
				contact,
				operator: '79262444491',
			},
		},
		{ validateStatus: () => true },
	);
const placed = async (phone: string) =>
	((await h.control('GET', `phones?phone=${phone}`)).data[phone] ?? []).length;

describe('rpc-faults: faults for one JSON-RPC method', () => {
	it('fails exactly the next N requests of that method, places no call for them, and leaves other methods alone', async () => {
		const armed = await h.control('POST', 'comagic/rpc-faults', {
			method: 'start.simple_call',
			count: 2,
			status: 503,
		});
		expect(armed.status).toBe(200);
		// another method on the same path is not hit
		const login = await h.call('login.user', { login: 'demo', password: 'demo-password' });
		expect(login.result?.data.access_token).toEqual(expect.any(String));

		const answers = [];
		for (const phone of ['79260000001', '79260000002', '79260000003'])
			answers.push((await start(phone)).status);
		expect(answers).toEqual([503, 503, 200]);
		expect([
			await placed('79260000001'),
			await placed('79260000002'),
			await placed('79260000003'),
		]).toEqual([0, 0, 1]);
		expect((await h.control('GET', 'comagic/rpc-faults')).data.faults).toEqual([]);
		// the failed requests are in the log like any other
		const log = (await h.control('GET', 'log?module=comagic')).data.entries.filter(
			(e: { rpcMethod?: string }) => e.rpcMethod === 'start.simple_call',
		);
		expect(log).toHaveLength(3);
	});

	it('a delay with a status answers late and places nothing; a delay alone then does the work', async () => {
		await h.control('POST', 'comagic/rpc-faults', {
			method: 'start.simple_call',
			count: 1,
			delayMs: 300,
			status: 502,
		});
		await h.control('POST', 'comagic/rpc-faults', {
			method: 'start.simple_call',
			count: 1,
			delayMs: 300,
		});
		let t = Date.now();
		expect((await start('79260000011')).status).toBe(502);
		expect(Date.now() - t).toBeGreaterThanOrEqual(290);
		t = Date.now();
		expect((await start('79260000012')).status).toBe(200);
		expect(Date.now() - t).toBeGreaterThanOrEqual(290);
		expect([await placed('79260000011'), await placed('79260000012')]).toEqual([0, 1]);
	});

	it('refuses a fault it could not apply, and a reset clears them', async () => {
		for (const body of [
			{ count: 1, status: 503 },
			{ method: 'start.simple_call', count: 0, status: 503 },
			{ method: 'start.simple_call', count: 1, status: 200 },
			{ method: 'start.simple_call', count: 1 },
		])
			expect((await h.control('POST', 'comagic/rpc-faults', body)).status).toBe(400);
		await h.control('POST', 'comagic/rpc-faults', {
			method: 'start.simple_call',
			count: 5,
			status: 503,
		});
		await h.control('POST', 'reset');
		expect((await start('79260000021')).status).toBe(200);
	});
});
