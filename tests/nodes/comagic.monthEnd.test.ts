import { DateTime } from 'luxon';

import { COMAGIC_VIRTUAL_NUMBER } from '../../sandbox/comagic/defaults';
import { useCoMagicEnv } from './comagic.helpers';

/**
 * Lookups by id on a month-end day. The node and the sandbox take "now" from Date, so the clock is moved with
 * jest's fake Date only (timers, sockets and microtasks stay real) and keeps ticking from 2026-11-30 10:11:24 MSK,
 * the day a 12-month lookup used to send 28 Feb → 30 May and meet date_interval_limit_reached.
 */
const ZONE = 'Europe/Moscow';
const NOW = DateTime.fromObject(
	{ year: 2026, month: 11, day: 30, hour: 10, minute: 11, second: 24 },
	{ zone: ZONE },
);
const FORMAT = 'yyyy-MM-dd HH:mm:ss';

const env = useCoMagicEnv();
beforeEach(async () => {
	jest.useFakeTimers({
		now: NOW.toJSDate(),
		advanceTimers: true,
		doNotFake: [
			'hrtime',
			'nextTick',
			'performance',
			'queueMicrotask',
			'setImmediate',
			'clearImmediate',
			'setInterval',
			'clearInterval',
			'setTimeout',
			'clearTimeout',
		],
	});
});
afterEach(() => jest.useRealTimers());

const reportWindows = async (since: number) =>
	(await env.rpcLog(since))
		.filter((e) => e.rpcMethod === 'get.calls_report')
		.map((e) => ({ from: String(e.body.params.date_from), till: String(e.body.params.date_till) }));

/** newest-first windows → they must tile [from, till] without gaps or overlaps */
function expectTiling(
	windows: Array<{ from: string; till: string }>,
	from: DateTime,
	till: DateTime,
) {
	const at = (t: string) => DateTime.fromFormat(t, FORMAT, { zone: ZONE }).toMillis();
	expect(windows[0].till.slice(0, 10)).toBe(till.toFormat('yyyy-MM-dd'));
	expect(windows[windows.length - 1].from.slice(0, 10)).toBe(from.toFormat('yyyy-MM-dd'));
	for (let i = 1; i < windows.length; i++) {
		expect(at(windows[i].till) + 1000).toBe(at(windows[i - 1].from));
	}
}

describe('lookups by id on a month-end day (2026-11-30)', () => {
	it('Call Log Get with the default 12 months says the call is not in the call log', async () => {
		expect(DateTime.now().setZone(ZONE).toFormat('yyyy-MM-dd')).toBe('2026-11-30');
		const mark = await env.mark();
		const result = await env.run({
			resource: 'callLog',
			operation: 'get',
			callSessionId: '999',
			simplify: true,
		});
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toBe('Call 999 is not in the call log');
		expectTiling(await reportWindows(mark), NOW.minus({ months: 12 }), NOW);
	});

	it('Recording Download by id says the same, not date_interval_limit_reached', async () => {
		const result = await env.run({
			resource: 'recording',
			operation: 'download',
			source: 'callSessionId',
			callSessionId: '999',
		});
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toBe('Call 999 is not in the call log');
	});

	it('finds a call from January in the oldest windows', async () => {
		const seeded = await env.control('POST', 'comagic/seed-calls', {
			count: 1,
			from: NOW.set({ month: 1, day: 10 }).toMillis(),
			till: NOW.set({ month: 1, day: 11 }).toMillis(),
			replace: true,
		});
		const result = await env.run({
			resource: 'callLog',
			operation: 'get',
			callSessionId: String(seeded.firstId),
			simplify: true,
		});
		expect(result.status).toBe('success');
		expect(result.json('Node')[0].id).toBe(seeded.firstId);
	});

	it('Skip If Already Started looks back 100 days in windows the API accepts', async () => {
		const call = (externalId: string) => ({
			resource: 'call',
			operation: 'startSimpleCall',
			virtualPhoneNumber: { mode: 'list', value: COMAGIC_VIRTUAL_NUMBER },
			contact: '79260000000',
			operator: '79262444491',
			firstCall: 'operator',
			options: { externalId, skipIfStarted: true, skipLookbackHours: 2400 },
		});
		const first = await env.run(call('visit-100-1'));
		expect(first.status).toBe('success');
		expect(first.json('Node')[0].skipped).toBe(false);
		const second = await env.run(call('visit-100-1'));
		expect(second.status).toBe('success');
		expect(second.json('Node')[0]).toMatchObject({
			skipped: true,
			call_session_id: first.json('Node')[0].call_session_id,
		});
	});
});
