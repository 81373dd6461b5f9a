/**
 * Every shipped template loads in n8n-workflow's Workflow class: each node type resolves (this package's real
 * types, n8n's base nodes as stubs by name: n8n-nodes-base is not a dependency here), our nodes carry only
 * parameters their types define, each `={{ … }}` segment compiles as JavaScript after n8n's own template split and
 * extension transform, `$('Node')` names exist, connections point at existing nodes, no credential ids, and the
 * ledger columns used are the ledger's. The files are exactly what `npm run templates` (templates/generate.ts) writes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	ExpressionParser,
	NodeConnectionTypes,
	Workflow,
	type INode,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { extendTransform } from 'n8n-workflow/dist/cjs/extensions/expression-extension';

import { normalizeRuPhone } from '../../nodes/shared/phone';
import { NODE_TYPES, TestNodeTypes } from '../harness/nodeTypes';
import { normalisePhone } from '../../templates/expressions';
import { templateText, WORKFLOWS_DIR } from '../../templates/generate';
import { allTemplates } from '../../templates/index';
import { TABLE_COLUMNS_BY_SETTING } from '../../templates/names';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const known = require('../../scripts/known-n8n-nodes.json') as Record<string, number>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateWorkflow } = require('../../scripts/validate-workflows') as {
	validateWorkflow(text: string): string[];
};

/** n8n's base nodes by name only: enough to resolve the type; their parameters are checked by the e2e run. */
function stub(type: string, version: number): INodeType {
	const description: INodeTypeDescription = {
		displayName: type,
		name: type.split('.')[1],
		group: ['transform'],
		version,
		description: 'stub',
		defaults: { name: type },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};
	return { description };
}

const TYPES = new TestNodeTypes({
	...NODE_TYPES,
	...Object.fromEntries(
		Object.entries(known)
			.filter(([type]) => type !== '//')
			.map(([type, version]) => [type, stub(type, version)]),
	),
});

const shipped = readdirSync(WORKFLOWS_DIR)
	.filter((f) => f.endsWith('.json'))
	.sort();
const load = (file: string) => JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8'));

/** Every string parameter value with its path. */
function strings(value: unknown, path: string, out: Array<[string, string]> = []): Array<[string, string]> {
	if (typeof value === 'string') out.push([path, value]);
	else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
	else if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
	}
	return out;
}

/** Problems of one `=`-expression: unclosed `{{`, code that n8n cannot transform or JavaScript cannot compile. */
function expressionProblems(text: string): string[] {
	const problems: string[] = [];
	for (const chunk of ExpressionParser.splitExpression(text.slice(1))) {
		if (chunk.type !== 'code') continue;
		if (!chunk.hasClosingBrackets) problems.push(`unclosed {{ in ${text.slice(0, 80)}`);
		const code = chunk.text.trim();
		const transformed = extendTransform(code)?.code ?? code;
		try {
			new Function(`return (${transformed});`);
		} catch (error) {
			problems.push(`${(error as Error).message} in {{ ${code.slice(0, 120)} }}`);
		}
	}
	return problems;
}

describe('shipped templates', () => {
	it('are the two reminder workflows, exactly as the generator writes them', () => {
		const generated = allTemplates();
		expect(shipped).toEqual(Object.keys(generated).sort());
		for (const [file, workflow] of Object.entries(generated)) {
			expect([file, readFileSync(join(WORKFLOWS_DIR, file), 'utf8')]).toEqual([file, templateText(workflow)]);
		}
	});

	describe.each(shipped)('%s', (file) => {
		const raw = load(file);
		const nodes = raw.nodes as INode[];
		const names = new Set(nodes.map((n) => n.name));

		it('passes the build validation (types, webhookIds, no credential ids or secrets)', () => {
			expect(validateWorkflow(readFileSync(join(WORKFLOWS_DIR, file), 'utf8'))).toEqual([]);
		});

		it('loads in the Workflow class: every node type resolves, connections point at nodes', () => {
			const copy = JSON.parse(JSON.stringify(raw));
			const workflow = new Workflow({
				id: file,
				name: raw.name,
				nodes: copy.nodes,
				connections: copy.connections,
				active: false,
				nodeTypes: TYPES,
				settings: raw.settings,
			});
			for (const node of nodes) {
				expect([node.name, TYPES.getByNameAndVersion(node.type, node.typeVersion)]).toEqual([
					node.name,
					expect.objectContaining({ description: expect.anything() }),
				]);
			}
			for (const [from, outputs] of Object.entries(workflow.connectionsBySourceNode)) {
				expect(workflow.getNode(from)).not.toBeNull();
				for (const branch of outputs.main ?? []) {
					for (const link of branch ?? []) expect([from, workflow.getNode(link.node)?.name]).toEqual([from, link.node]);
				}
			}
			// every node but the sticky notes and the triggers has an incoming connection
			const targets = new Set(Object.keys(workflow.connectionsByDestinationNode));
			const orphans = nodes.filter(
				(n) =>
					!n.type.endsWith('stickyNote') && !/trigger|webhook/i.test(n.type) && !targets.has(n.name),
			);
			expect(orphans.map((n) => n.name)).toEqual([]);
		});

		it("this package's nodes carry only parameters their type defines", () => {
			for (const node of nodes.filter((n) => n.type in NODE_TYPES)) {
				const copy = JSON.parse(JSON.stringify(node)) as INode;
				new Workflow({ nodes: [copy], connections: {}, active: false, nodeTypes: TYPES });
				const unknown = Object.keys(node.parameters).filter((k) => !(k in copy.parameters));
				expect([node.name, unknown]).toEqual([node.name, []]);
			}
		});

		it('every expression compiles after n8n splits and transforms it; $() names exist', () => {
			const problems: string[] = [];
			for (const node of nodes) {
				for (const [path, value] of strings(node.parameters, node.name)) {
					if (!value.startsWith('=')) continue;
					problems.push(...expressionProblems(value).map((p) => `${path}: ${p}`));
					for (const [, ref] of value.matchAll(/\$\('([^']+)'\)/g)) {
						if (!names.has(ref)) problems.push(`${path}: $('${ref}') is not a node`);
					}
				}
			}
			expect(problems).toEqual([]);
		});

		it('Data Table nodes use only their table\'s columns and say "all conditions" when they update or delete', () => {
			for (const node of nodes.filter((n) => n.type === 'n8n-nodes-base.dataTable')) {
				const p = node.parameters as any;
				// the table is named by the Settings field that holds its id, or (the report's usage probes) by the item,
				// and then only the system columns every table has may be used
				const setting = /json\.(\w+TableId)\b/.exec(String(p.dataTableId?.value ?? ''))?.[1] ?? '';
				const anyTable = setting === 'probeTableId';
				expect([node.name, anyTable || setting in TABLE_COLUMNS_BY_SETTING]).toEqual([node.name, true]);
				const columns = new Set([...Object.keys(anyTable ? {} : TABLE_COLUMNS_BY_SETTING[setting]), 'id', 'createdAt', 'updatedAt']);
				const used = [
					...(p.filters?.conditions ?? []).map((c: any) => c.keyName),
					...Object.keys(p.columns?.value ?? {}),
				];
				expect([node.name, used.filter((c: string) => !columns.has(c))]).toEqual([node.name, []]);
				// "Any Condition" is the node's default: a claim would change, a delete remove, rows matching any one
				if (['update', 'deleteRows'].includes(p.operation))
					expect([node.name, p.matchType]).toEqual([node.name, 'allConditions']);
			}
		});
	});

	it('an expression with a syntax error is caught (the check can fail)', () => {
		expect(expressionProblems('={{ $json.a + }}')).not.toEqual([]);
		expect(expressionProblems('={{ $json.a ')).not.toEqual([]);
		expect(expressionProblems("={{ $json.a.isEmpty() ? 'x' : 'y' }}")).toEqual([]);
	});
});

describe('the phone check inside the templates', () => {
	const inTemplate = new Function('p', `return ${normalisePhone('p')};`) as (p: unknown) => string;
	it.each([
		'+7 (912) 345-67-89',
		'8 912 345 67 89',
		'9123456789',
		'8(912)3456789',
		'7-912-345-67-89',
		'+8 912 345 67 89',
		'345-67-89',
		'+7 (012) 345-67-89',
		'',
		'   ',
		null,
		'phone: 89123456789',
		'8\u00a0912\u2012345\u201267\u201289',
	])('agrees with the nodes\u2019 normaliser for %j', (input) => {
		const node = normalizeRuPhone(input);
		expect(inTemplate(input)).toBe(node.ok ? node.phone : '');
	});
});
