import type { IDataObject } from 'n8n-workflow';

import type { WebhookDriver } from '../harness/webhook';
import { comagic, SECRET } from './triggers.helpers';

const ICP = { mode: 'interactive', defaultAnswer: '{"returned_code": 9}', timeBudgetMs: 400 };
const query = {
	token: SECRET,
	cdr_id: '123',
	start_time: '1200',
	input_result: '2',
	numa: '74952345678',
	numb: '74951234567',
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The nodes after the trigger: answer `json` after `delayMs`, or fail. */
function workflowAnswering(json: IDataObject | 'fail' | 'empty', delayMs = 0) {
	const seen: IDataObject[] = [];
	const state = { finished: false };
	const run = async (items: { json: IDataObject }[]) => {
		seen.push(items[0].json);
		await wait(delayMs);
		state.finished = true;
		if (json === 'fail') throw new Error('node failed');
		return json === 'empty' ? [] : [json];
	};
	return { run, seen, state };
}

describe('CoMagic Trigger, interactive call processing', () => {
	let driver: WebhookDriver;
	afterEach(async () => {
		await driver?.idle();
		await driver?.close();
	});

	it('GET request: the workflow sees typed parameters and its redirect is the synchronous answer', async () => {
		const wf = workflowAnswering({
			phones: ['74950000001', 74950000002],
			text: 'Соединяю',
			route: 'x',
		});
		driver = await comagic(ICP, { workflow: wf.run });
		const res = await driver.send({ method: 'GET', query });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ phones: ['74950000001', '74950000002'], text: 'Соединяю' });
		expect(wf.seen[0]).toMatchObject({
			event: 'interactive_call',
			cdrId: 123,
			callerPhone: '74952345678',
			calledPhone: '74951234567',
			input: '2',
			startTime: '1200',
		});
		expect((wf.seen[0].raw as IDataObject).token).toBeUndefined();
		expect(driver.logs).toEqual([]);
	});

	it('POST JSON request with returned_code answer', async () => {
		const wf = workflowAnswering({ returned_code: 3 });
		driver = await comagic(ICP, { workflow: wf.run });
		const { token, ...params } = query;
		const res = await driver.send({ query: { token }, body: { ...params, call_session_id: 555 } });
		expect(res.json).toEqual({ returned_code: 3 });
		expect(wf.seen[0]).toMatchObject({ callSessionId: 555, cdrId: 123 });
	});

	it('message-only answer passes', async () => {
		driver = await comagic(ICP, { workflow: workflowAnswering({ message_name: '10sec.mp3' }).run });
		const res = await driver.send({ method: 'GET', query });
		expect(res.json).toEqual({ message_name: '10sec.mp3' });
	});

	it("a failing workflow still answers 200 with the default answer, and n8n's own write is absorbed", async () => {
		driver = await comagic(ICP, { workflow: workflowAnswering('fail').run });
		const res = await driver.send({ method: 'GET', query });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ returned_code: 9 });
		expect(res.call?.responseError).toBeUndefined();
		expect(driver.logs).toHaveLength(1);
		expect(driver.logs[0].message).toMatch(/default interactive answer \(error/);
	});

	it('an answer that is not valid (or no data) is replaced by the default answer', async () => {
		driver = await comagic(ICP, { workflow: workflowAnswering({ foo: 'bar' }).run });
		expect((await driver.send({ method: 'GET', query })).json).toEqual({ returned_code: 9 });
		await driver.close();
		driver = await comagic(ICP, { workflow: workflowAnswering('empty').run });
		expect((await driver.send({ method: 'GET', query })).json).toEqual({ returned_code: 9 });
		await driver.close();
		driver = await comagic(ICP, {
			workflow: workflowAnswering({ phones: [], returned_code: 2 }).run,
		});
		expect((await driver.send({ method: 'GET', query })).json).toEqual({ returned_code: 9 });
	});

	// Ordering, not wall-clock figures: the answer must arrive while the workflow is still running.
	it('a slow workflow: the default answer goes out at the time budget; the late answer is dropped quietly', async () => {
		const wf = workflowAnswering({ returned_code: 1 }, 2000);
		driver = await comagic(ICP, { workflow: wf.run });
		const res = await driver.send({ method: 'GET', query });
		expect(res.json).toEqual({ returned_code: 9 });
		expect(wf.state.finished).toBe(false);
		await driver.idle();
		expect(wf.state.finished).toBe(true);
		expect(res.call?.responseError).toBeUndefined();
		expect(driver.logs.map((l) => l.message)).toEqual([
			expect.stringMatching(/timeout: no answer within 400 ms/),
		]);
	});

	it('an answer inside the budget is not replaced', async () => {
		const wf = workflowAnswering({ returned_code: 4 }, 50);
		driver = await comagic({ ...ICP, timeBudgetMs: 10000 }, { workflow: wf.run });
		const res = await driver.send({ method: 'GET', query });
		expect(res.json).toEqual({ returned_code: 4 });
		expect(wf.state.finished).toBe(true);
		await driver.idle();
		expect(driver.logs).toEqual([]);
	});

	it('wrong secret → 401 and the workflow never runs', async () => {
		const wf = workflowAnswering({ returned_code: 1 });
		driver = await comagic(ICP, { workflow: wf.run });
		const res = await driver.send({ method: 'GET', query: { ...query, token: 'nope' } });
		expect(res.status).toBe(401);
		expect(wf.seen).toHaveLength(0);
	});
});
