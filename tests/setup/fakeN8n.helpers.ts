/**
 * An n8n in memory with the calls the setup's plan makes (setup/n8nClient.ts): Data Tables, credentials,
 * workflows. Enough to plan, apply and plan again without a real n8n; the e2e suite runs the same against real ones.
 */
import type { planSetup } from '../../setup/plan';
import type { Workflow } from '../../setup/workflowFile';

type Row = Record<string, any>;
export type StoredWorkflow = Workflow & { id: string; active: boolean };

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function fakeN8n() {
	let next = 1;
	const tables: Array<{
		id: string;
		name: string;
		columns: Array<{ name: string; type: string }>;
	}> = [];
	const credentials: Array<{ id: string; name: string; type: string; data: Row }> = [];
	const workflows: StoredWorkflow[] = [];
	/** every write, in order: what a run changed */
	const writes: string[] = [];
	const find = (id: string) => {
		const wf = workflows.find((w) => w.id === id);
		if (!wf) throw new Error(`no workflow ${id}`);
		return wf;
	};

	const client = {
		async tables() {
			return copy(tables);
		},
		async createTable(name: string, columns: Record<string, string>) {
			const id = `table-${next++}`;
			tables.push({
				id,
				name,
				columns: Object.entries(columns).map(([n, type]) => ({ name: n, type })),
			});
			writes.push(`create table ${name}`);
			return id;
		},
		async addColumn(tableId: string, name: string, type: string) {
			tables.find((t) => t.id === tableId)!.columns.push({ name, type });
			writes.push(`add column ${name}`);
		},
		async credentials() {
			return credentials.map(({ id, name, type }) => ({ id, name, type }));
		},
		async credential(name: string, type: string, data: Row) {
			const id = `cred-${next++}`;
			credentials.push({ id, name, type, data: copy(data) });
			writes.push(`create credential ${name}`);
			return { id, name };
		},
		async workflowsNamed(name: string) {
			return copy(workflows.filter((w) => w.name === name));
		},
		async create(wf: Workflow) {
			const id = `wf-${next++}`;
			workflows.push({ ...copy(wf), id, active: false });
			writes.push(`create workflow ${wf.name}`);
			return id;
		},
		async activate(id: string) {
			find(id).active = true;
			writes.push(`activate ${id}`);
		},
		async replace(id: string, wf: Workflow, activate: boolean) {
			const stored = find(id);
			Object.assign(
				stored,
				copy({ nodes: wf.nodes, connections: wf.connections, settings: wf.settings }),
			);
			if (activate) stored.active = true;
			writes.push(`replace ${id}`);
		},
	};
	return {
		client: client as unknown as Parameters<typeof planSetup>[0],
		tables,
		credentials,
		workflows,
		writes,
		/** the stored workflow of this name */
		named(name: string): StoredWorkflow {
			const wf = workflows.find((w) => w.name === name);
			if (!wf) throw new Error(`no workflow "${name}"`);
			return wf;
		},
	};
}
