import { KEY, startCoMagic, type CoMagicHarness } from './comagic.helpers';

let h: CoMagicHarness;

beforeAll(async () => {
	h = await startCoMagic({ callDurationMs: 0, minuteLimit: 10000 });
});
afterAll(async () => h.sandbox.stop());

describe('GET /_control/comagic/sales: the sales the account took', () => {
	it('lists each set.tag_sales it accepted, with its communication, and none it refused', async () => {
		expect((await h.control('GET', 'comagic/sales')).data).toEqual({ sales: [] });
		const call = await h.control('POST', 'comagic/inbound-call', {
			contact_phone_number: '79161112233',
			talkMs: 0,
			wait: true,
		});
		const id = Number(call.data.call_session_id);
		const sale = {
			access_token: KEY,
			communication_id: id,
			communication_type: 'call',
			date_time: h.dataTime({ minutes: 1 }),
			transaction_value: 3500,
		};
		const first = await h.data('set.tag_sales', sale);
		expect(first.result!.data).toEqual({ id: expect.any(Number) });
		// a repeat is refused (duplicate_entity by default) and so not listed
		expect((await h.data('set.tag_sales', sale)).error!.data.mnemonic).toBe('duplicate_entity');
		expect((await h.data('set.tag_sales', { ...sale, communication_id: 5 })).error).toBeDefined();
		const { data } = await h.control('GET', 'comagic/sales');
		expect(data.sales).toEqual([
			{
				id: first.result!.data.id,
				communication_id: id,
				date_time: sale.date_time,
				transaction_value: 3500,
				comment: null,
			},
		]);
	});
});
