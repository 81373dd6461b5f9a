/**
 * A template as a workflow: the shipped file read for import, and the edits a setup makes to it (a Settings field, a
 * credential binding).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

type Row = Record<string, any>;
export type Workflow = { name: string; nodes: Row[]; connections: unknown; settings: unknown };

const ROOT = resolve(__dirname, '..');

/** The shipped file, with only what n8n's import drops removed. */
export function readTemplate(file: string): Workflow {
	const wf = JSON.parse(readFileSync(join(ROOT, 'workflows', file), 'utf8'));
	for (const key of ['id', 'active', 'versionId', 'pinData', 'meta', 'tags', 'shared'])
		delete wf[key];
	return wf;
}

/**
 * The tick templates ship saving only failed executions (a quiet reminder tick is ~150 KB of execution data, mostly
 * the workflow itself: bench/README.md, soak). A suite or benchmark that reads what successful executions did turns
 * saving on for its copy, as a clinic would in *Workflow settings* to debug.
 */
export function saveSuccessfulExecutions(wf: Workflow): void {
	wf.settings = { ...(wf.settings as Row), saveDataSuccessExecution: 'all' };
}

/** Sets one field of a template's Settings node, as a clinic does in the editor. */
export function setSetting(wf: Workflow, name: string, value: unknown): void {
	const node = wf.nodes.find((n) => n.name === 'Settings');
	const field = node?.parameters.assignments.assignments.find((a: Row) => a.name === name);
	if (!field) throw new Error(`${wf.name}: Settings has no field ${name}`);
	field.value = value;
}

/** Points every node of the template that uses a credential of this type at the one created for it. */
export function bindCredential(
	wf: Workflow,
	type: string,
	credential: { id: string; name: string },
): void {
	const nodes = wf.nodes.filter((n) => n.credentials?.[type]);
	if (nodes.length === 0) throw new Error(`${wf.name}: no node uses a ${type} credential`);
	for (const node of nodes) node.credentials[type] = credential;
}
