/**
 * The shipped reminder sends nothing outside n8n after reading the ledger unless a claim of its own came first
 * (ARCHITECTURE.md, "The reminder ledger"): no path from a ledger read to a call start or a result write avoids the
 * conditional update that one execution alone wins. The e2e run proves the effect in a real n8n; this keeps the
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

describe('the reminder claims before every outside effect', () => {
	it.each([
		['Due rows', 'Call patient', 'Claim row'],
		['Results to write', 'Write to clinic', 'Claim write'],
	])('no path from "%s" to "%s" avoids "%s"', (from, to, via) => {
		expect(reachableAvoiding(from, to, 'no such node')).toBe(true);
		expect(reachableAvoiding(from, to, via)).toBe(false);
	});

	it('the write claim takes a pending result for this execution; the record applies only while it holds it', () => {
		expect(claimFilter('Claim write')).toEqual(
			expect.arrayContaining([['resultState', 'eq', "={{ 'pending' }}"]]),
		);
		const claimed = node('Claim write').parameters.columns.value;
		expect([claimed.resultState, claimed.writeClaim]).toEqual([
			"={{ 'writing' }}",
			'={{ String($execution.id) }}',
		]);
		for (const name of ['Record write', 'Clinic system down: write next tick']) {
			expect([name, claimFilter(name)]).toEqual([
				name,
				expect.arrayContaining([
					['resultState', 'eq', "={{ 'writing' }}"],
					['writeClaim', 'eq', '={{ String($execution.id) }}'],
				]),
			]);
		}
	});

	it('a write claim left by a dead tick goes back to pending only after staleWriteMinutes', () => {
		expect(claimFilter('Release stale write claims')).toEqual([
			['resultState', 'eq', "={{ 'writing' }}"],
			['writeClaimMs', 'lte', expect.stringContaining('staleWriteMinutes * 60000')],
		]);
		expect(node('Release stale write claims').parameters.columns.value.resultState).toBe(
			"={{ 'pending' }}",
		);
	});
});
