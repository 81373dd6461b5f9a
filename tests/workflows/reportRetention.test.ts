/**
 * The report's clean-up and usage estimate, run as n8n runs its Code nodes (the shipped JSON's code, with `$()`,
 * `$input` and static data stubbed): which old days the clean-up may remove, which result states leave, that
 * ?fresh=1 never recounts a day whose rows may be gone, the Settings checks, and the id probes' row counts. The e2e
 * run (tests/e2e/report.ts) does the same against a real n8n; this keeps the logic from drifting.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DateTime } from 'luxon';

import { WORKFLOWS_DIR } from '../../templates/generate';
import { TEMPLATE_FILES } from '../../templates/names';
import { BYTES_PER_ROW } from '../../templates/reminderReport';

interface Node {
	name: string;
	type: string;
	parameters: Record<string, any>;
}
type Item = { json: Record<string, any>; error?: Error };
const workflow = JSON.parse(
	readFileSync(join(WORKFLOWS_DIR, TEMPLATE_FILES.reminderReport), 'utf8'),
) as { nodes: Node[]; connections: Record<string, { main: Array<Array<{ node: string }>> }> };
const node = (name: string) => workflow.nodes.find((n) => n.name === name)!;

/** Runs one Code node: `nodes` are the other nodes' outputs, `pairs[i]` the item of `paired` that input i answers. */
function runCode(
	name: string,
	ctx: {
		nodes: Record<string, Item[]>;
		input?: Item[];
		pairs?: number[];
		paired?: string;
		staticData?: Record<string, any>;
	},
): Item[] {
	const $ = (n: string) => {
		if (
			!(n in ctx.nodes) &&
			n !== 'Report page' &&
			n !== 'Clean up now' &&
			n !== 'Data table usage'
		)
			throw new Error(`${name} reads ${n}, which did not run`);
		return {
			isExecuted: n in ctx.nodes,
			first: () => ctx.nodes[n][0],
			all: () => ctx.nodes[n],
			itemMatching: (i: number) => {
				expect(n).toBe(ctx.paired);
				return ctx.nodes[n][ctx.pairs![i]];
			},
		};
	};
	const input = ctx.input ?? [];
	const fn = new Function(
		'$',
		'$input',
		'$getWorkflowStaticData',
		'DateTime',
		node(name).parameters.jsCode,
	);
	return fn($, { all: () => input, first: () => input[0] }, () => ctx.staticData ?? {}, DateTime);
}

const ZONE = 'Europe/Moscow';
const settings = (extra: Record<string, unknown> = {}) => ({
	json: {
		ledgerTableId: 't1',
		clinicTimeZone: ZONE,
		defaultDays: 7,
		maxDays: 366,
		retentionDays: 45,
		cleanupDaysPerRun: 2,
		dataTablesLimitMb: 50,
		callbackTableId: '',
		salesTableId: '',
		...extra,
	},
});
const ago = (n: number) =>
	DateTime.now().setZone(ZONE).startOf('day').minus({ days: n }).toISODate()!;
/** a kept day: t[0] is the day's visits (the first of Build page's tally keys), c the rows removed so far */
const keptDay = (visits: number, c?: number) => ({
	t: [visits, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
	g: {},
	x: [],
	...(c === undefined ? {} : { c }),
});
const staticData = () => ({
	reportDays: {
		key: `t1|${ZONE}|days-1`,
		days: {
			[ago(60)]: keptDay(5),
			[ago(59)]: keptDay(4),
			[ago(58)]: keptDay(0),
			[ago(57)]: keptDay(3, 1),
			[ago(50)]: keptDay(2, 2),
			[ago(10)]: keptDay(3),
		},
	},
});

describe('the report clean-up', () => {
	it('removes only days kept before it started, older than retentionDays, never-cleaned first, at most cleanupDaysPerRun', () => {
		const [out] = runCode('Read period', {
			nodes: { Settings: [settings()] },
			staticData: staticData(),
		});
		expect(out.json.ok).toBe(true);
		expect(out.json.cleanup).toBe(true);
		// 58: no visits, 50: every row already removed, 10: within retention
		expect(out.json.removeDays.map((d: any) => d.day)).toEqual([ago(60), ago(59)]);
		expect(out.json.remainingOldDays).toBe(1);
		const day = out.json.removeDays[0];
		expect([day.fromIso, day.untilIso]).toEqual([
			DateTime.fromISO(ago(60), { zone: ZONE }).toUTC().toISO(),
			DateTime.fromISO(ago(59), { zone: ZONE }).toUTC().toISO(),
		]);
		const [more] = runCode('Read period', {
			nodes: { Settings: [settings({ cleanupDaysPerRun: 14 })] },
			staticData: staticData(),
		});
		// a day that kept rows (57: 1 of 3 removed) comes after the days never cleaned
		expect(more.json.removeDays.map((d: any) => d.day)).toEqual([ago(60), ago(59), ago(57)]);
		const [none] = runCode('Read period', {
			nodes: { Settings: [settings({ retentionDays: 0 })] },
			staticData: staticData(),
		});
		expect(none.json.removeDays).toEqual([]);
	});

	it('counts at most cleanupDaysPerRun days not kept yet per run', () => {
		const [out] = runCode('Read period', {
			nodes: { Settings: [settings()] },
			staticData: staticData(),
		});
		// the period starts maxDays back; the first two days not kept are the ones read
		expect(out.json.from).toBe(ago(365));
		expect(out.json.to).toBe(ago(364));
		expect(out.json.liveFrom).toBe(ago(365));
	});

	it('a page with ?fresh=1 recounts recent kept days but never one whose rows may have been removed', () => {
		const page = { json: { query: { from: ago(60), to: ago(10), fresh: '1' } } };
		const [out] = runCode('Read period', {
			nodes: { Settings: [settings()], 'Report page': [page] },
			staticData: staticData(),
		});
		expect(out.json.cleanup).toBe(false);
		expect(out.json.keptHere).toEqual([ago(60), ago(59), ago(58), ago(57), ago(50)]);
		const [plain] = runCode('Read period', {
			nodes: {
				Settings: [settings()],
				'Report page': [{ json: { query: { from: ago(60), to: ago(10) } } }],
			},
			staticData: staticData(),
		});
		expect(plain.json.keptHere).toEqual([ago(60), ago(59), ago(58), ago(57), ago(50), ago(10)]);
		expect(plain.json.removeDays).toEqual([]);
	});

	it.each([
		[{ retentionDays: 366 }, /retentionDays/],
		[{ retentionDays: 3 }, /retentionDays/],
		[{ retentionDays: 'soon' }, /retentionDays/],
		[{ cleanupDaysPerRun: 0 }, /cleanupDaysPerRun/],
		[{ dataTablesLimitMb: 0 }, /dataTablesLimitMb/],
	])('refuses Settings %j with an error that names the field', (extra, names) => {
		const [out] = runCode('Read period', { nodes: { Settings: [settings(extra)] } });
		expect(out.json.ok).toBe(false);
		expect(`${out.json.title} ${out.json.detail}`).toMatch(names);
	});

	it('removes written, refused and withdrawn (none) results only; the delete needs every condition', () => {
		const period = { json: { removeDays: [{ day: ago(60), fromIso: 'a', untilIso: 'b' }] } };
		const out = runCode('Rows to remove', {
			nodes: { 'Read period': [period] },
			input: [{ json: { ok: true } }],
		});
		expect(out.map((i) => i.json.resultState)).toEqual(['written', 'refused', 'none']);
		expect(
			runCode('Rows to remove', {
				nodes: { 'Read period': [period] },
				input: [{ json: { ok: false } }],
			}),
		).toEqual([{ json: { none: true } }]);
		const p = node('Remove final rows').parameters;
		expect([p.operation, p.matchType]).toEqual(['deleteRows', 'allConditions']);
		expect(p.filters.conditions.map((c: any) => [c.keyName, c.condition, c.keyValue])).toEqual([
			['createdAt', 'gte', '={{ $json.fromIso }}'],
			['createdAt', 'lt', '={{ $json.untilIso }}'],
			['status', 'eq', 'done'],
			['resultState', 'eq', '={{ $json.resultState }}'],
		]);
	});

	it('every path to Remove final rows passes Build page (the totals are kept first)', () => {
		const reach = (from: string, avoid: string) => {
			const seen = new Set<string>();
			const queue = [from];
			while (queue.length) {
				const name = queue.shift()!;
				if (name === 'Remove final rows') return true;
				if (name === avoid || seen.has(name)) continue;
				seen.add(name);
				for (const out of workflow.connections[name]?.main ?? [])
					for (const l of out ?? []) queue.push(l.node);
			}
			return false;
		};
		for (const trigger of ['Every hour', 'Clean up now', 'Report page']) {
			expect([trigger, reach(trigger, 'Build page')]).toEqual([trigger, false]);
		}
		expect(reach('Every hour', 'no such node')).toBe(true);
	});
});

/** The three probe rounds against tables given as sets of ids; a table named 'missing' fails every read. */
function estimate(tables: Record<string, number[] | 'missing'>) {
	const ids: Record<string, number[] | 'missing'> = {};
	const extra: Record<string, unknown> = {};
	for (const [setting, rows] of Object.entries(tables)) {
		extra[setting] = `id-${setting}`;
		ids[`id-${setting}`] = rows;
	}
	const nodes: Record<string, Item[]> = { Settings: [settings(extra)] };
	const get = (probes: Item[]) => {
		const out: Item[] = [];
		const pairs: number[] = [];
		probes.forEach((p, i) => {
			const rows = ids[p.json.probeTableId];
			if (rows === 'missing') {
				out.push({ json: p.json, error: new Error('Could not find data table') });
				return;
			}
			const hit = rows.find((id) => id >= p.json.lo && id < p.json.hi);
			if (hit !== undefined) {
				out.push({ json: { id: hit } });
				pairs[out.length - 1] = i;
			}
		});
		return { out: out.length ? out : [{ json: {} }], pairs };
	};
	const rounds: Array<[string, string]> = [
		['Usage probes', 'Top window'],
		['Top window', 'Single ids'],
		['Single ids', 'Data table usage'],
	];
	nodes['Usage probes'] = runCode('Usage probes', { nodes });
	for (const [probes, next] of rounds) {
		const { out, pairs } = get(nodes[probes]);
		nodes[next] = runCode(next, { nodes, input: out, pairs, paired: probes });
	}
	return nodes['Data table usage'][0].json;
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('the Data Table usage estimate', () => {
	it('counts dense tables, tables with removed days and empty ones within 5 %, without reading them', () => {
		const ledger = [17, 2000, 2001, ...range(30000, 41000)];
		const u = estimate({
			ledgerTableId: ledger,
			callbackTableId: range(1, 1234),
			salesTableId: [],
		});
		const rows = Object.fromEntries(u.tables.map((t: any) => [t.table, t.rows]));
		expect(Math.abs(rows.ledger - ledger.length) / ledger.length).toBeLessThan(0.05);
		expect(Math.abs(rows.callbacks - 1234) / 1234).toBeLessThan(0.05);
		expect(rows.sales).toBe(0);
		expect(u.bytes).toBe(
			rows.ledger * BYTES_PER_ROW.ledger + rows.callbacks * BYTES_PER_ROW.callbacks,
		);
		expect(u.limitBytes).toBe(50 * 1048576);
		expect(u.percent).toBe(Math.round((100 * u.bytes) / u.limitBytes));
	});

	it('a small table is counted exactly; a table that cannot be read is named with its error', () => {
		const u = estimate({ ledgerTableId: range(1, 40), salesTableId: 'missing' });
		expect(u.tables).toEqual([
			expect.objectContaining({ table: 'ledger', rows: 40, error: null }),
			expect.objectContaining({ table: 'sales', rows: 0, error: 'Could not find data table' }),
		]);
	});
});
