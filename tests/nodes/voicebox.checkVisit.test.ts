/** Check Visit through WorkflowExecute: the phone to dial and why a visit cannot be dialled, as data, per item. */
import type { IDataObject, INode } from 'n8n-workflow';

import { PACKAGE, runWorkflow, singleNodeWorkflow } from '../harness';

/** Phone, Time Zone and Visit Start left at their defaults: $json.phone, $json.timeZone, $json.startAt. */
function checkVisit(
	items: IDataObject[],
	parameters: IDataObject = {},
	extra: Partial<INode> = {},
) {
	return singleNodeWorkflow(
		{
			type: `${PACKAGE}.mttVoicebox`,
			parameters: { operation: 'checkVisit', ...parameters },
			...extra,
		},
		items,
	);
}

const FUTURE = '2099-06-04T11:30:00+03:00';
const visit = {
	visitId: 'V1',
	phone: '+7 (912) 345-67-89',
	timeZone: 'Europe/Moscow',
	startAt: FUTURE,
};

async function checked(items: IDataObject[], parameters: IDataObject = {}) {
	const result = await runWorkflow(checkVisit(items, parameters));
	expect(result.status).toBe('success');
	return result.json('Node');
}

describe('Check Visit', () => {
	it('keeps the item and adds the phone to dial, the phone as given and an empty problem', async () => {
		const items = [visit, { ...visit, visitId: 'V2', phone: '8 495 123 45 67', extra: { a: 1 } }];
		const result = await runWorkflow(checkVisit(items));
		expect(result.status).toBe('success');
		expect(result.json('Node')).toEqual([
			{ ...visit, phone: '79123456789', phoneAsGiven: '+7 (912) 345-67-89', problem: '' },
			{
				...visit,
				visitId: 'V2',
				extra: { a: 1 },
				phone: '74951234567',
				phoneAsGiven: '8 495 123 45 67',
				problem: '',
			},
		]);
		expect(result.output('Node').map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it.each([
		['no phone', { phone: undefined }, 'no phone number'],
		['a null phone', { phone: null }, 'no phone number'],
		['an empty phone', { phone: '' }, 'no phone number'],
		['a blank phone', { phone: '   ' }, 'no phone number'],
		[
			'a short phone',
			{ phone: '12345' },
			'phone "12345" is not a Russian number that can be dialled',
		],
		[
			'a foreign phone',
			{ phone: '+1 212 555 0100' },
			'phone "+1 212 555 0100" is not a Russian number that can be dialled',
		],
		[
			'letters',
			{ phone: 'call the desk' },
			'phone "call the desk" is not a Russian number that can be dialled',
		],
		['no time zone', { timeZone: undefined }, 'no time zone'],
		['an empty time zone', { timeZone: '' }, 'no time zone'],
		['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'unknown time zone "Mars/Olympus"'],
		['an abbreviation', { timeZone: 'MSK' }, 'unknown time zone "MSK"'],
		['the server zone', { timeZone: 'local' }, 'unknown time zone "local"'],
		['no start', { startAt: undefined }, 'the visit start "undefined" is missing or in the past'],
		['an empty start', { startAt: '' }, 'the visit start "" is missing or in the past'],
		[
			'a past start',
			{ startAt: '2020-01-01T10:00:00+03:00' },
			'the visit start "2020-01-01T10:00:00+03:00" is missing or in the past',
		],
		[
			'a start that is not ISO',
			{ startAt: '04.06.2099 11:30' },
			'the visit start "04.06.2099 11:30" is missing or in the past',
		],
	])('%s → %s', async (_label, change, problem) => {
		const [out] = await checked([{ ...visit, ...change }]);
		expect(out.problem).toBe(problem);
	});

	it('names the first problem, in the order phone, time zone, start', async () => {
		const out = await checked([
			{ visitId: 'a', phone: '', timeZone: '', startAt: '' },
			{ visitId: 'b', phone: '123', timeZone: '', startAt: '' },
			{ visitId: 'c', phone: '9123456789', timeZone: '', startAt: '' },
			{ visitId: 'd', phone: '9123456789', timeZone: 'Nowhere', startAt: '' },
			{ visitId: 'e', phone: '9123456789', timeZone: 'Asia/Omsk', startAt: '' },
		]);
		expect(out.map((o) => o.problem)).toEqual([
			'no phone number',
			'phone "123" is not a Russian number that can be dialled',
			'no time zone',
			'unknown time zone "Nowhere"',
			'the visit start "" is missing or in the past',
		]);
	});

	it.each([
		['+7 (912) 345-67-89', '79123456789'],
		['+79123456789', '79123456789'],
		['79123456789', '79123456789'],
		['8 912 345 67 89', '79123456789'],
		['89123456789', '79123456789'],
		['9123456789', '79123456789'],
		['912-345-67-89', '79123456789'],
		['(912) 345.67.89', '79123456789'],
		['  +7 912 345 67 89  ', '79123456789'],
		['+7\u00a0912\u00a0345\u201267\u201389', '79123456789'],
		['+7 343 123-45-67', '73431234567'],
		['8 (495) 123-45-67', '74951234567'],
		['8 800 555 35 35', '78005553535'],
		['+7 912 345 67 89', '79123456789'],
		[79123456789, '79123456789'],
		[9123456789, '79123456789'],
		['+8 912 345 67 89', ''],
		['+9123456789', ''],
		['7 123 456 78 90', ''],
		['8 512 345 67 89', ''],
		['+7 212 345 67 89', ''],
		['912345678', ''],
		['891234567890', ''],
		['+7 912 345 67 89 доб. 5', ''],
		['tel:+79123456789', ''],
		['+7/912/3456789', ''],
	])('phone %j → %j', async (phone, expected) => {
		const [out] = await checked([{ ...visit, phone }]);
		expect(out.phone).toBe(expected);
		expect(out.phoneAsGiven).toBe(String(phone));
		expect(out.problem).toBe(
			expected === '' ? `phone "${String(phone)}" is not a Russian number that can be dialled` : '',
		);
	});

	it('reads the mapped parameters, not only the default fields', async () => {
		const out = await checked([{ tel: '8 912 345 67 89', tz: 'Asia/Omsk', at: FUTURE }], {
			phone: '={{ $json.tel }}',
			timeZone: '={{ $json.tz }}',
			visitStart: '={{ $json.at }}',
		});
		expect(out).toEqual([
			{
				tel: '8 912 345 67 89',
				tz: 'Asia/Omsk',
				at: FUTURE,
				phone: '79123456789',
				phoneAsGiven: '8 912 345 67 89',
				problem: '',
			},
		]);
	});

	it("reads a start without an offset in the workflow's time zone", async () => {
		// a start 30 minutes from now on London's wall clock: still ahead in London, 12 hours past in Kamchatka
		const wall = new Date(Date.now() + 30 * 60_000)
			.toLocaleString('sv-SE', { timeZone: 'Europe/London' })
			.replace(' ', 'T');
		const item = { ...visit, startAt: wall };
		const inLondon = await runWorkflow(checkVisit([item]), { timezone: 'Europe/London' });
		expect(inLondon.json('Node')[0].problem).toBe('');
		const inKamchatka = await runWorkflow(checkVisit([item]), { timezone: 'Asia/Kamchatka' });
		expect(inKamchatka.json('Node')[0].problem).toBe(
			`the visit start "${wall}" is missing or in the past`,
		);
	});

	it('a problem is an output item, not an error, with or without Continue On Fail', async () => {
		const items = [{ ...visit, phone: '' }, visit];
		for (const onError of [undefined, 'continueRegularOutput', 'continueErrorOutput'] as const) {
			const result = await runWorkflow(checkVisit(items, {}, onError ? { onError } : {}));
			expect(result.status).toBe('success');
			const out = result.output('Node');
			expect(out.map((o) => [o.json.problem, o.json.error, o.pairedItem])).toEqual([
				['no phone number', undefined, { item: 0 }],
				['', undefined, { item: 1 }],
			]);
		}
	});
});
