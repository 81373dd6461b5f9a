/**
 * The sub-workflow item contract (contract/clinic-system-items.schema.json) against the shipped workflows: each
 * Clinic system variant's (workflows/clinic-system*.json) output Set nodes assign exactly the schema's output fields, and the templates' request Set nodes
 * (an `action` field) send exactly its input fields, with the same types. Static: reads workflows/*.json.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	ACTIONS,
	CONTRACT_VERSION,
	ITEM_SCHEMA,
	itemFields,
	outcomes,
	validateItem,
	type Action,
} from '../../contract/validate';

interface Assignment {
	name: string;
	type: string;
	value: unknown;
}
interface WfNode {
	name: string;
	type: string;
	parameters: Record<string, any>;
}

const workflow = (file: string): { nodes: WfNode[] } =>
	JSON.parse(readFileSync(join(__dirname, '../../workflows', file), 'utf8'));
const assignments = (node: WfNode): Assignment[] => node.parameters.assignments?.assignments ?? [];
const isSet = (node: WfNode) => node.type === 'n8n-nodes-base.set';
/** field → the Set node's type, for comparing with the schema's JSON types */
const fieldsOf = (node: WfNode) =>
	Object.fromEntries(assignments(node).map((a) => [a.name, a.type]));
const schemaTypes = (action: Action, direction: 'input' | 'output') =>
	Object.fromEntries(
		Object.entries(itemFields(action, direction)).map(([k, types]) => [
			k,
			types.filter((t) => t !== 'null')[0],
		]),
	);

const OUTPUT_NODES: Record<Action, string> = {
	dueVisits: 'Due visit',
	getVisit: 'Visit',
	writeResult: 'Write status',
	findPatient: 'Patient',
	screenPop: 'Screen pop status',
};
const CALLERS = [
	'appointment-reminder.json',
	'incoming-call-screen-pop.json',
	'interactive-routing.json',
];

// every shipped variant of the sub-workflow (HTTP, and any other such as a database one) speaks the same items
const VARIANTS = readdirSync(join(__dirname, '../../workflows')).filter((f) =>
	/^clinic-system.*\.json$/.test(f),
);

describe.each(VARIANTS)('Clinic system (workflows/%s) answers', (file) => {
	const clinic = workflow(file);

	it.each(ACTIONS)(
		'%s: the output Set node assigns exactly the schema output fields, with their types',
		(action) => {
			const node = clinic.nodes.find((n) => n.name === OUTPUT_NODES[action]);
			expect(node && isSet(node)).toBe(true);
			// only the listed fields leave the sub-workflow: nothing of the HTTP answer rides along
			expect(node!.parameters.includeOtherFields).toBe(false);
			expect(fieldsOf(node!)).toEqual(schemaTypes(action, 'output'));
		},
	);

	it("answers each item with the key it was asked for, not the clinic system's echo", () => {
		// Settings passes the input item through, so $('Settings').item is the item being answered
		expect(clinic.nodes.find((n) => n.name === 'Settings')?.parameters.includeOtherFields).toBe(
			true,
		);
		const keys: Array<[Action, string]> = [
			['getVisit', 'visitId'],
			['writeResult', 'visitId'],
			['findPatient', 'phone'],
			['screenPop', 'extension'],
		];
		for (const [action, key] of keys) {
			const node = clinic.nodes.find((n) => n.name === OUTPUT_NODES[action])!;
			const value = String(assignments(node).find((a) => a.name === key)?.value);
			expect({ [action]: value }).toEqual({
				[action]: expect.stringContaining(`$('Settings').item.json.${key}`),
			});
		}
	});

	it('routes exactly the schema actions', () => {
		const rules = JSON.stringify(clinic.nodes.find((n) => n.name === 'Action')?.parameters ?? {});
		for (const action of ACTIONS) expect(rules).toContain(`$json.action === '${action}'`);
		expect(rules.match(/\$json\.action === '/g)).toHaveLength(ACTIONS.length);
		expect(Object.keys(ITEM_SCHEMA.definitions).sort()).toEqual(
			ACTIONS.flatMap((a) => [`${a}Input`, `${a}Output`]).sort(),
		);
	});
});

describe('the templates send', () => {
	const sent = new Map<string, WfNode[]>();
	for (const file of CALLERS) {
		for (const node of workflow(file).nodes.filter(isSet)) {
			const action = assignments(node).find((a) => a.name === 'action');
			if (!action) continue;
			sent.set(String(action.value), [
				...(sent.get(String(action.value)) ?? []),
				{ ...node, name: `${file}: ${node.name}` },
			]);
		}
	}

	it('only the schema actions, and each of them', () => {
		expect([...sent.keys()].sort()).toEqual([...ACTIONS].sort());
	});

	it.each(ACTIONS)(
		'%s: every request Set node sends exactly the schema input fields, with their types',
		(action) => {
			for (const node of sent.get(action) ?? []) {
				expect(node.parameters.includeOtherFields).toBe(false);
				expect({ [node.name]: fieldsOf(node) }).toEqual({
					[node.name]: schemaTypes(action, 'input'),
				});
			}
		},
	);
});

it('the HTTP variant is among the checked ones', () => {
	expect(VARIANTS).toContain('clinic-system.json');
});

describe('the item schema', () => {
	it('has the HTTP contract version', () => {
		expect(ITEM_SCHEMA['x-contractVersion']).toBe(CONTRACT_VERSION);
	});

	it("ties outcomes to the HTTP contract: writeResult sends any outcome, reminderOutcome is '' or a final one", () => {
		const def = ITEM_SCHEMA.definitions as Record<string, any>;
		expect(def.writeResultInput.properties.outcome.enum).toEqual(outcomes());
		const interim = ['hung_up', 'no_answer'];
		for (const out of ['dueVisitsOutput', 'getVisitOutput']) {
			expect(def[out].properties.reminderOutcome.enum).toEqual([
				'',
				...outcomes().filter((o) => !interim.includes(o)),
			]);
		}
	});

	it('accepts what the sub-workflow answers and refuses a missing key', () => {
		const visit = {
			visitId: 'V1',
			found: true,
			error: '',
			phone: '+7 (912) 345-67-89',
			timeZone: 'Asia/Yekaterinburg',
			startAt: '2026-11-23T10:00:00+05:00',
			specialty: 'Терапевт',
			doctor: 'Иванов Иван Иванович',
			patientName: 'Петрова Анна Сергеевна',
			status: 'scheduled',
			due: true,
			reminderOutcome: '',
		};
		expect(validateItem('getVisit', 'output', visit).errors).toEqual([]);
		const { visitId: _id, ...withoutKey } = visit;
		expect(validateItem('getVisit', 'output', withoutKey).ok).toBe(false);
		expect(validateItem('getVisit', 'output', { ...visit, reminderOutcome: 'no_answer' }).ok).toBe(
			false,
		);
		expect(validateItem('dueVisits', 'input', { action: 'dueVisits', date: '2026-11-23' }).ok).toBe(
			true,
		);
		expect(validateItem('dueVisits', 'input', { action: 'dueVisits', date: 'tomorrow' }).ok).toBe(
			false,
		);
	});
});
