/**
 * The shipped reminder sends nothing outside n8n after reading the ledger unless a claim of its own came first
 * (docs/architecture.md, "The reminder ledger"): no path from a ledger read to a call start or a result write avoids
 * the conditional update that one execution alone wins. The e2e run proves the effect in a real n8n; this keeps the
 * shape from drifting when the template is edited.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { WORKFLOWS_DIR } from '../../templates/generate';
import { TEMPLATE_FILES } from '../../templates/names';

interface Node {
	name: string;
	type: string;
	parameters: Record<string, any>;
}
const workflow = JSON.parse(
	readFileSync(join(WORKFLOWS_DIR, TEMPLATE_FILES.appointmentReminder), 'utf8'),
) as { nodes: Node[]; connections: Record<string, { main: Array<Array<{ node: string }>> }> };
const node = (name: string) => workflow.nodes.find((n) => n.name === name)!;

/** Whether `to` can be reached from `from` without passing through `via`. */
function reachableAvoiding(from: string, to: string, via: string): boolean {
	const seen = new Set<string>();
	const queue = [from];
	while (queue.length) {
		const name = queue.shift()!;
		if (name === to) return true;
		if (name === via || seen.has(name)) continue;
		seen.add(name);
		for (const output of workflow.connections[name]?.main ?? []) {
			for (const link of output ?? []) queue.push(link.node);
		}
	}
	return false;
}

/** A claim: a Data Table update with all conditions, whose filter names the state it expects. */
function claimFilter(name: string): Array<[string, string, string]> {
	const p = node(name).parameters;
	expect([name, node(name).type, p.operation, p.matchType]).toEqual([
		name,
		'n8n-nodes-base.dataTable',
		'update',
		'allConditions',
	]);
	return p.filters.conditions.map((c: any) => [c.keyName, c.condition, c.keyValue]);
}

/** Each of these updates applies only while this execution still holds the row's write claim. */
function expectHeldByThisExecution(...names: string[]) {
	for (const name of names) {
		expect([name, claimFilter(name)]).toEqual([
			name,
			expect.arrayContaining([
				['resultState', 'eq', 'writing'],
				['writeClaim', 'eq', '={{ String($execution.id) }}'],
			]),
		]);
	}
}

describe('the reminder claims before every outside effect', () => {
	it.each([
		['Due rows', 'Call patient', 'Claim row'],
		['Results to write', 'Write to clinic', 'Claim write'],
	])('no path from "%s" to "%s" avoids "%s"', (from, to, via) => {
		expect(reachableAvoiding(from, to, 'no such node')).toBe(true);
		expect(reachableAvoiding(from, to, via)).toBe(false);
	});

	it('no call without the window checked at the tick: only "Call now?"\'s true output reaches the claim', () => {
		expect(reachableAvoiding('Due rows', 'Call patient', 'Window open now?')).toBe(false);
		expect(reachableAvoiding('Due rows', 'Claim row', 'Call now?')).toBe(false);
		const [callNow, notNow] = workflow.connections['Call now?'].main;
		expect([callNow.map((l) => l.node), notNow.map((l) => l.node)]).toEqual([
			['Claim row'],
			['Not now: wait for the window'],
		]);
		expect(node('Window open now?').parameters).toMatchObject({
			operation: 'planNextAttempt',
			attemptsMade: '={{ 0 }}',
		});
		// the row waits (or ends) only while it is still due with the attempts the tick read: a claim won elsewhere stays
		expect(claimFilter('Not now: wait for the window')).toEqual(
			expect.arrayContaining([
				['status', 'eq', 'due'],
				['attempts', 'eq', "={{ $('Check fresh visit').item.json.attempts }}"],
			]),
		);
	});

	it('the write claim takes a pending result for this execution; the record applies only while it holds it', () => {
		expect(claimFilter('Claim write')).toEqual(
			expect.arrayContaining([['resultState', 'eq', 'pending']]),
		);
		const claimed = node('Claim write').parameters.columns.value;
		expect([claimed.resultState, claimed.writeClaim]).toEqual([
			'writing',
			'={{ String($execution.id) }}',
		]);
		expectHeldByThisExecution('Record write', 'Clinic system down: write next tick');
	});

	it('a write claim left by a dead tick goes back to pending only after staleWriteMinutes', () => {
		expect(claimFilter('Release stale write claims')).toEqual([
			['resultState', 'eq', 'writing'],
			['writeClaimMs', 'lte', expect.stringContaining('staleWriteMinutes * 60000')],
		]);
		expect(node('Release stale write claims').parameters.columns.value.resultState).toBe('pending');
	});

	it('a write tried before (a resultError: a dead tick, a failed batch) asks the clinic system before writing again', () => {
		// the released claim keeps its reason, so the next claim knows the clinic may hold the result already
		expect(node('Release stale write claims').parameters.columns.value.resultError).toBeTruthy();
		expect(reachableAvoiding('Won the write claim?', 'Write to clinic', 'no such node')).toBe(true);
		const recheck = workflow.connections['Tried before?'].main;
		expect(recheck[0].map((l) => l.node)).toEqual(['Result lookup']);
		expect(reachableAvoiding('Result lookup', 'Write to clinic', 'Clinic holds this result?')).toBe(
			false,
		);
		expect(
			workflow.connections['Clinic holds this result?'].main.map((o) => o.map((l) => l.node)),
		).toEqual([['Record found written'], ['Result for clinic']]);
		expectHeldByThisExecution('Record found written', 'Clinic system down: check next tick');
		// a failed read puts back only the rechecked claims, never a fresh one this execution is still writing
		expect(claimFilter('Clinic system down: check next tick')).toContainEqual([
			'resultError',
			'isNotEmpty',
			undefined,
		]);
	});
});

/** The nodes linked from output `index` of `name`. */
const linked = (name: string, index: number) =>
	(workflow.connections[name]?.main[index] ?? []).map((link) => link.node);

describe('a year of operation: the drain and answers the ledger could not take', () => {
	it('no tick dials or writes a result without passing "Calls paused?", whose paused output does neither', () => {
		for (const read of ['Due rows', 'Results to write'])
			expect(reachableAvoiding('Which entry?', read, 'Calls paused?')).toBe(false);
		const [paused] = linked('Calls paused?', 0);
		for (const effect of ['Call patient', 'Write to clinic'])
			expect(reachableAvoiding(paused, effect, 'no such node')).toBe(false);
		expect(linked('Calls paused?', 1).sort()).toEqual(['Due rows', 'Results to write']);
	});

	it('the drain status reads the ledger only: no path from it to a call or a write', () => {
		const [first] = linked('Which entry?', 1);
		expect(first).toBe('Calls in flight');
		for (const effect of ['Call patient', 'Write to clinic', 'Claim row'])
			expect(reachableAvoiding(first, effect, 'no such node')).toBe(false);
	});

	it('an answer the ledger could not record goes to the clinic system and fails the execution', () => {
		expect(node('Record answer')).toMatchObject({ onError: 'continueErrorOutput' });
		expect(linked('Record answer', 1)).toEqual(['Answer to clinic directly']);
		// n8n 2.x passes the input item on through the main output instead: the switch sends it the same way
		const keys = node('Answer recorded?').parameters.rules.values.map((r: any) => r.outputKey);
		expect(linked('Answer recorded?', keys.indexOf('ledger did not take it'))).toEqual([
			'Answer to clinic directly',
		]);
		expect(
			reachableAvoiding('Answer to clinic directly', 'Write answer to clinic', 'no such node'),
		).toBe(true);
		for (const end of ['Answer kept in clinic system only', 'Answer not recorded: tell staff'])
			expect(node(end).type).toBe('n8n-nodes-base.stopAndError');
		expect(node('Voicebox status').parameters.options.respond).toBe('lastNode');
	});

	it('a result the clinic system already holds closes the row before any call, written, while it is still due', () => {
		const rules = node('Dial?').parameters.rules.values.map((r: any) => r.outputKey);
		expect(rules.indexOf('answered in clinic')).toBeGreaterThan(
			rules.indexOf('clinic unreachable'),
		);
		expect(rules.indexOf('answered in clinic')).toBeLessThan(rules.indexOf('withdrawn'));
		expect(linked('Dial?', rules.indexOf('answered in clinic'))).toEqual([
			'Take answer from clinic system',
		]);
		expect(claimFilter('Take answer from clinic system')).toEqual(
			expect.arrayContaining([['status', 'eq', 'due']]),
		);
		expect(node('Take answer from clinic system').parameters.columns.value.resultState).toBe(
			'written',
		);
		expect(
			reachableAvoiding('Take answer from clinic system', 'Call patient', 'no such node'),
		).toBe(false);
	});
});

describe('the reminder import', () => {
	const conditions = (name: string) =>
		node(name).parameters.filters.conditions.map((c: any) => [c.keyName, c.condition]);

	it('counts every row of the day as imported, started or not: an overlapping import leaves those visits alone', () => {
		expect(conditions('Imported rows')).toEqual([['createdAt', 'gte']]);
		expect(workflow.connections['Imported rows'].main[0].map((l) => l.node)).toEqual([
			'New or changed visits',
		]);
	});

	it('forgets only rows still not started an hour after they were kept, once a read, before reading the ledger', () => {
		const forget = node('Forget stalled rows') as Node & {
			executeOnce?: boolean;
			alwaysOutputData?: boolean;
		};
		expect([forget.parameters.operation, forget.parameters.matchType]).toEqual([
			'deleteRows',
			'allConditions',
		]);
		expect(forget.parameters.filters.conditions).toEqual([
			expect.objectContaining({ keyName: 'createdAt', condition: 'gte' }),
			{
				keyName: 'createdAt',
				condition: 'lte',
				keyValue: '={{ $now.minus({ minutes: 60 }).toUTC().toISO() }}',
			},
			{ keyName: 'status', condition: 'isEmpty' },
		]);
		expect([forget.executeOnce, forget.alwaysOutputData]).toEqual([true, true]);
		expect(workflow.connections['Got visits?'].main[0].map((l) => l.node)).toContain(
			'Forget stalled rows',
		);
		expect(reachableAvoiding('Got visits?', 'Imported rows', 'Forget stalled rows')).toBe(false);
	});
});

describe('execution data of the tick templates', () => {
	it.each([TEMPLATE_FILES.appointmentReminder, TEMPLATE_FILES.missedCallCallback])(
		'%s saves failed executions only (a quiet tick saved would be ~150 KB every minute)',
		(file) => {
			const shipped = JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8'));
			expect(shipped.settings.saveDataSuccessExecution).toBe('none');
			expect(shipped.settings.saveDataErrorExecution).toBeUndefined();
		},
	);
});
