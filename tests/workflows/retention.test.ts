/**
 * The clean-up of the missed-call callback and sale tagging tables (templates/retention.ts): only final rows older
 * than retentionDays, at most cleanupPerRun a run, reached from the schedule and never from a paid-visit post; the
 * settings checks and the sale template's refusal of visits paid before the retention period, evaluated as n8n
 * would (the expressions run with luxon and a stand-in for `$()`). The e2e run proves the removal in a real n8n.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DateTime } from 'luxon';

import { WORKFLOWS_DIR } from '../../templates/generate';
import { TEMPLATE_FILES } from '../../templates/names';

interface Node {
	name: string;
	type: string;
	parameters: Record<string, any>;
	executeOnce?: boolean;
}
interface Wf {
	nodes: Node[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}
const load = (file: string) => JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) as Wf;
const callbacks = load(TEMPLATE_FILES.missedCallCallback);
const sales = load(TEMPLATE_FILES.saleTagging);
const node = (wf: Wf, name: string) => {
	const found = wf.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`no node ${name}`);
	return found;
};
const conditions = (wf: Wf, name: string) =>
	node(wf, name).parameters.filters.conditions.map((c: any) => [
		c.keyName,
		c.condition,
		c.keyValue,
	]);

function reachable(wf: Wf, from: string, to: string): boolean {
	const seen = new Set<string>();
	const queue = [from];
	while (queue.length) {
		const name = queue.shift()!;
		if (name === to) return true;
		if (seen.has(name)) continue;
		seen.add(name);
		for (const output of wf.connections[name]?.main ?? [])
			for (const link of output ?? []) queue.push(link.node);
	}
	return false;
}

/** A Set field's `={{ … }}` as a function of the Settings values and the posted body. */
function field(wf: Wf, nodeName: string, fieldName: string) {
	const value = node(wf, nodeName).parameters.assignments.assignments.find(
		(a: any) => a.name === fieldName,
	).value as string;
	const code = value.replace(/^=\{\{/, '').replace(/\}\}$/, '');
	const run = new Function('$', '$now', 'DateTime', `return (${code});`);
	return (settings: Record<string, unknown>, body: unknown = {}) =>
		run(
			(name: string) => ({
				first: () => ({ json: name === 'Settings' ? settings : { body } }),
			}),
			DateTime.now(),
			DateTime,
		);
}

/** The template's Settings defaults. */
function defaults(wf: Wf): Record<string, unknown> {
	return Object.fromEntries(
		node(wf, 'Settings').parameters.assignments.assignments.map((a: any) => [a.name, a.value]),
	);
}

describe.each([
	['missed-call callback', callbacks, 'Every 5 minutes', 50],
	['sale tagging', sales, 'Every night', 1000],
])('%s clean-up', (_name, wf, trigger, perRun) => {
	it('keeps 45 days by default and removes a bounded batch per run', () => {
		expect([defaults(wf).retentionDays, defaults(wf).cleanupPerRun]).toEqual([45, perRun]);
		const get = node(wf, 'Old final rows').parameters;
		expect([get.operation, get.returnAll, get.limit, get.matchType]).toEqual([
			'get',
			undefined,
			"={{ $('Clean-up plan').first().json.cleanupPerRun }}",
			'allConditions',
		]);
	});

	it('deletes one row by id, and only while it is still final and older than the cut-off', () => {
		const del = node(wf, 'Remove old row').parameters;
		expect([del.operation, del.matchType]).toEqual(['deleteRows', 'allConditions']);
		const filter = conditions(wf, 'Remove old row');
		expect(filter[0]).toEqual(['id', 'eq', '={{ $json.id }}']);
		// the delete repeats every condition of the read
		expect(filter.slice(1)).toEqual(conditions(wf, 'Old final rows'));
		expect(filter).toContainEqual([
			'createdAt',
			'lt',
			"={{ $('Clean-up plan').first().json.cutoff }}",
		]);
	});

	it('runs from the schedule and answers once per run', () => {
		expect(reachable(wf, trigger, 'Remove old row')).toBe(true);
		expect(node(wf, 'Clean-up done').executeOnce).toBe(true);
	});

	it('says which setting is wrong and how to fix it', () => {
		const problem = field(wf, 'Clean-up plan', 'problem');
		const base = defaults(wf);
		expect(problem(base)).toBe('');
		expect(problem({ ...base, retentionDays: 0 })).toBe('');
		for (const bad of [-1, 2.5, '', null])
			expect(problem({ ...base, retentionDays: bad })).toMatch(
				/^Settings → retentionDays is ".*": set a whole number of days/,
			);
		for (const bad of [0, 5001, 1.5])
			expect(problem({ ...base, cleanupPerRun: bad })).toMatch(
				/^Settings → cleanupPerRun is ".*": set a whole number of rows from 1 to 5000/,
			);
	});

	it('cuts off retentionDays before now', () => {
		const cutoff = field(wf, 'Clean-up plan', 'cutoff')({ ...defaults(wf), retentionDays: 10 });
		const days = DateTime.now().diff(DateTime.fromISO(cutoff), 'days').days;
		expect(days).toBeGreaterThan(9.99);
		expect(days).toBeLessThan(10.01);
	});
});

describe('final rows', () => {
	it('callbacks: called, not needed and failed; never waiting (empty) or calling', () => {
		expect(conditions(callbacks, 'Old final rows')).toEqual([
			['status', 'isNotEmpty', undefined],
			['status', 'neq', 'calling'],
			['status', 'neq', "={{ '' }}"],
			['createdAt', 'lt', "={{ $('Clean-up plan').first().json.cutoff }}"],
		]);
	});

	it('sales: tagged only; a released (empty) or tagging row stays', () => {
		expect(conditions(sales, 'Old final rows')).toEqual([
			['status', 'eq', 'tagged'],
			['createdAt', 'lt', "={{ $('Clean-up plan').first().json.cutoff }}"],
		]);
	});
});

describe('missed-call callback retention against the call log it reads', () => {
	const problem = field(callbacks, 'Clean-up plan', 'problem');
	it('refuses a retention no longer than lookbackHours: the lost call would be read again and rung twice', () => {
		const base = defaults(callbacks);
		expect(problem({ ...base, retentionDays: 1, lookbackHours: 24 })).toMatch(
			/retentionDays \(1\) must be longer than lookbackHours \(24 h\).*at least 2, or 0/,
		);
		expect(problem({ ...base, retentionDays: 2, lookbackHours: 24 })).toBe('');
		expect(problem({ ...base, retentionDays: 0, lookbackHours: 72 })).toBe('');
	});
});

describe('sale tagging', () => {
	it('a paid visit post never reaches the clean-up; the clean-up never tags', () => {
		expect(reachable(sales, 'Paid visit', 'Tag sale')).toBe(true);
		expect(reachable(sales, 'Paid visit', 'Remove old row')).toBe(true); // through Settings …
		expect(node(sales, 'Paid visit?').parameters.conditions.conditions[0].leftValue).toBe(
			"={{ $('Paid visit').isExecuted }}",
		);
		// … only on the IF's false output, which a post never takes
		expect(sales.connections['Paid visit?'].main[0].map((l) => l.node)).toEqual(['Check request']);
		expect(sales.connections['Paid visit?'].main[1].map((l) => l.node)).toEqual(['Clean-up plan']);
		for (const trigger of ['Every night', 'Clean up now']) {
			expect([trigger, reachable(sales, trigger, 'Remove old row')]).toEqual([trigger, true]);
		}
	});

	it('refuses a visit paid before the retention period: its row may be gone, a repeat could not be recognised', () => {
		const problem = field(sales, 'Check request', 'problem');
		const settings = defaults(sales);
		const post = (paidAt: string | undefined, s = settings) =>
			problem(s, { visitId: 'V1', amount: 100, phone: '+7 912 345-67-89', paidAt });
		const ago = (days: number) => DateTime.now().minus({ days }).toISO()!;
		expect(post(ago(46))).toMatch(
			/^paidAt ".*" is more than 45 days ago \(Settings → retentionDays\)/,
		);
		expect(post(ago(46).slice(0, 10))).toMatch(/is more than 45 days ago/);
		expect(post(ago(44))).toBe('');
		expect(post(ago(44).slice(0, 10))).toBe('');
		expect(post(undefined)).toBe('');
		expect(post(ago(400), { ...settings, retentionDays: 0 })).toBe('');
	});
});
