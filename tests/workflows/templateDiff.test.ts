/**
 * `npm run templates -- --diff exported.json` (templates/diff.ts): an edited copy of a generated workflow shows
 * exactly the edit, by node name, and nothing of what an n8n export changes anyway.
 */
import { diffWorkflows } from '../../templates/diff';
import { allTemplates } from '../../templates/index';
import { TEMPLATE_FILES } from '../../templates/names';

type Node = {
	name: string;
	type: string;
	position: [number, number];
	parameters: Record<string, any>;
	credentials?: Record<string, { id?: string; name: string }>;
};
type Workflow = {
	name: string;
	nodes: Node[];
	connections: Record<string, any>;
	[key: string]: unknown;
};

/** A generated template as n8n exports it: new ids, moved nodes, credential ids, versionId, meta, pinData. */
function exported(): Workflow {
	const workflow = structuredClone(allTemplates()[TEMPLATE_FILES.appointmentReminder]) as Workflow;
	Object.assign(workflow, {
		id: 'w1',
		versionId: 'v1',
		meta: { instanceId: 'i1' },
		pinData: {},
		active: false,
	});
	workflow.nodes.forEach((node, i) => {
		Object.assign(node, { id: `n${i}`, position: [node.position[0] + 20, node.position[1] - 20] });
		for (const credential of Object.values(node.credentials ?? {})) credential.id = '17';
	});
	return workflow;
}

const node = (workflow: Workflow, name: string) => workflow.nodes.find((n) => n.name === name)!;

describe('templates --diff', () => {
	const template = allTemplates()[TEMPLATE_FILES.appointmentReminder];

	it('finds nothing in an export that only moved what n8n moves', () => {
		expect(diffWorkflows(template, exported())).toEqual([]);
	});

	it('shows exactly the edit: a parameter, a node added and removed, their connections', () => {
		const edited = exported();
		node(edited, 'Settings').parameters.assignments.assignments[9].value = 5;
		edited.nodes = edited.nodes.filter((n) => n.name !== 'No visits');
		edited.connections['Clinic error?'].main[1] = [];
		edited.nodes.push({
			name: 'Log',
			type: 'n8n-nodes-base.noOp',
			position: [0, 0],
			parameters: {},
		});
		edited.connections['Clinic error?'].main[1].push({ node: 'Log', type: 'main', index: 0 });

		expect(diffWorkflows(template, edited)).toEqual([
			'+ node "Log" (n8n-nodes-base.noOp)',
			'- node "No visits" (n8n-nodes-base.noOp)',
			'~ node "Settings"',
			'    parameters.assignments.assignments[9].value: 3 → 5',
			'+ connection "Clinic error?"[1] → "Log"[0]',
			'- connection "Clinic error?"[1] → "No visits"[0]',
		]);
	});

	it('shows a changed credential name and, when asked, positions', () => {
		const edited = exported();
		node(edited, 'Call patient').credentials!.mttVoiceboxApi.name = 'Other account';
		expect(diffWorkflows(template, edited)).toEqual([
			'~ node "Call patient"',
			'    credentials.mttVoiceboxApi.name: "MTT Voicebox account" → "Other account"',
		]);
		const moved = diffWorkflows(template, exported(), { positions: true });
		expect(moved).toContain('~ node "Settings"');
		expect(moved).toContain('    position[0]: -560 → -540');
	});
});
