/**
 * Sets up shipped templates in a running n8n the way a clinic's setup script would, for the e2e suites and npm start:
 * Data Tables through n8n's API (public API on 2.x, the internal REST route on 1.123, which has no public one),
 * credentials through the public API (the REST route where 1.123's schema check refuses a valid one), workflows/*.json
 * imported through the public API with their Settings and credentials bound, then activated (1.x) or published (2.x).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { AxiosInstance } from 'axios';

import { ROOT } from './n8n';
import { assert } from './support';

export interface SetupContext {
	http: AxiosInstance;
	apiKey: string;
	v1: boolean;
	owner: { email: string; password: string };
}

type Row = Record<string, any>;
export type Workflow = { name: string; nodes: Row[]; connections: unknown; settings: unknown };

/**
 * Every row of a Data Table through n8n's REST route (`{ data: { count, data } }`), page by page: n8n cuts a page to
 * MAX_ITEMS_PER_PAGE of @n8n/api-types (50 on 1.123, 250 on 2.x) whatever `take` asks for. `get` reads one page.
 */
export async function tableRows(
	get: (query: string) => Promise<{ status: number; data: any }>,
	what = 'reading a table',
): Promise<Row[]> {
	const rows: Row[] = [];
	for (;;) {
		const res = await get(`?take=250&skip=${rows.length}`);
		assert(
			res.status === 200,
			`${what}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`,
		);
		const { count, data } = res.data.data as { count: number; data: Row[] };
		rows.push(...data);
		if (!data.length || rows.length >= count) return rows;
	}
}

/** Talks to n8n the way a clinic's setup script would. */
export function n8nSetup(ctx: SetupContext) {
	const { http } = ctx;
	let cookie = '';
	let projectId = '';
	const api = (method: string, path: string, data: unknown = method === 'GET' ? undefined : {}) =>
		http.request({ method, url: `/api/v1${path}`, data, headers: { 'X-N8N-API-KEY': ctx.apiKey } });
	const rest = (method: string, path: string, data?: unknown) =>
		http.request({ method, url: `/rest${path}`, data, headers: { cookie } });
	const fail = (what: string, res: { status: number; data: unknown }) =>
		`${what}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`;

	return {
		api,
		/** the owner's session after login(): for the REST routes a suite reads itself */
		session: () => ({ cookie, projectId }),
		async login() {
			const res = await http.post('/rest/login', {
				emailOrLdapLoginId: ctx.owner.email,
				password: ctx.owner.password,
			});
			assert(res.status === 200, fail('login', res));
			cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0];
			projectId = (await rest('GET', '/projects/personal')).data.data.id;
		},
		/** 1.123 has only the internal REST route; 2.x the public API (same body) */
		async createTable(name: string, columns: Record<string, string>): Promise<string> {
			const body = {
				name,
				columns: Object.entries(columns).map(([n, type]) => ({ name: n, type })),
			};
			const res = ctx.v1
				? await rest('POST', `/projects/${projectId}/data-tables`, body)
				: await api('POST', '/data-tables', body);
			const id = res.data?.data?.id ?? res.data?.id;
			assert(id, fail(`creating table ${name}`, res));
			return String(id);
		},
		/** The table of this name, created when there is none: running a setup twice makes no second table. */
		async table(name: string, columns: Record<string, string>): Promise<string> {
			const res = await rest('GET', `/projects/${projectId}/data-tables`);
			assert(res.status === 200, fail('listing tables', res));
			const list = (Array.isArray(res.data.data) ? res.data.data : res.data.data.data) as Row[];
			const found = list.find((t) => t.name === name);
			if (!found) return this.createTable(name, columns);
			// a table made by an older version of the templates gets the columns added since
			const path = `/projects/${projectId}/data-tables/${found.id}/columns`;
			const existing = await rest('GET', path);
			assert(existing.status === 200, fail(`reading the columns of ${name}`, existing));
			const have = new Set(((existing.data.data ?? []) as Row[]).map((c) => c.name));
			for (const [column, type] of Object.entries(columns)) {
				if (have.has(column)) continue;
				const added = await rest('POST', path, { name: column, type });
				assert(added.status < 300, fail(`adding column ${column} to ${name}`, added));
			}
			return String(found.id);
		},
		/** Deletes every row (n8n refuses a delete without a condition; every row's id is ≥ 1). */
		async clear(tableId: string): Promise<void> {
			const filter = { type: 'and', filters: [{ columnName: 'id', condition: 'gte', value: 1 }] };
			const res = await rest(
				'DELETE',
				`/projects/${projectId}/data-tables/${tableId}/rows?filter=${encodeURIComponent(JSON.stringify(filter))}`,
			);
			assert(res.status < 300, fail('emptying a table', res));
		},
		rows(tableId: string): Promise<Row[]> {
			return tableRows((query) =>
				rest('GET', `/projects/${projectId}/data-tables/${tableId}/rows${query}`),
			);
		},
		async credential(
			name: string,
			type: string,
			data: Record<string, unknown>,
		): Promise<{ id: string; name: string }> {
			// n8n may add a domain restriction to a credential; its public-API schema then wants the choice spelled out
			const schema = await api('GET', `/credentials/schema/${type}`);
			const restricted = 'allowedHttpRequestDomains' in (schema.data?.properties ?? {});
			const body = {
				name,
				type,
				data: { ...data, ...(restricted ? { allowedHttpRequestDomains: 'all' } : {}) },
			};
			const res = await api('POST', '/credentials', body);
			if (res.data?.id) return { id: res.data.id, name: res.data.name };
			// n8n 1.123's public-API schema refuses fields that depend on another field's value (CoMagic's
			// "authentication"); there the owner's REST route is used, the one n8n's credential dialog posts to
			assert(ctx.v1 && res.status === 400, fail(`credential ${name}`, res));
			const viaRest = await rest('POST', '/credentials', body);
			assert(viaRest.data?.data?.id, fail(`credential ${name} (REST)`, viaRest));
			return { id: viaRest.data.data.id, name: viaRest.data.data.name };
		},
		async create(wf: Workflow): Promise<string> {
			const res = await api('POST', '/workflows', wf);
			assert(res.data?.id, fail(`importing ${wf.name}`, res));
			return res.data.id as string;
		},
		/** Imports the workflow, or updates the one of the same name (deactivated first on 1.x, which requires it). */
		async put(wf: Workflow): Promise<string> {
			const res = await api('GET', `/workflows?name=${encodeURIComponent(wf.name)}`);
			const found = ((res.data?.data ?? []) as Row[]).find((w) => w.name === wf.name);
			if (!found) return this.create(wf);
			if (ctx.v1) await api('POST', `/workflows/${found.id}/deactivate`);
			const updated = await api('PUT', `/workflows/${found.id}`, {
				name: wf.name,
				nodes: wf.nodes,
				connections: wf.connections,
				settings: wf.settings,
			});
			assert(updated.status < 300, fail(`updating ${wf.name}`, updated));
			return String(found.id);
		},
		async activate(id: string) {
			const res = await api('POST', `/workflows/${id}/${ctx.v1 ? 'activate' : 'publish'}`);
			assert(res.status < 300, fail('activating', res));
		},
		/** what a clinic does when it edits Settings in the editor and saves: the active version changes */
		async update(id: string, wf: Workflow) {
			if (ctx.v1) await api('POST', `/workflows/${id}/deactivate`);
			const res = await api('PUT', `/workflows/${id}`, {
				name: wf.name,
				nodes: wf.nodes,
				connections: wf.connections,
				settings: wf.settings,
			});
			assert(res.status < 300, fail('updating', res));
			await this.activate(id);
		},
		async executions(workflowId: string): Promise<Row[]> {
			const res = await api(
				'GET',
				`/executions?workflowId=${workflowId}&includeData=true&limit=100`,
			);
			assert(res.status === 200, fail('executions', res));
			return res.data.data as Row[];
		},
	};
}

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
