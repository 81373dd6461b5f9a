/**
 * n8n's APIs as the setup command, npm start and the e2e suites use them: Data Tables (the public API on 2.x, the
 * internal REST route on 1.123, which has no public one), credentials through the public API (the REST route where
 * 1.123's schema check refuses a valid one), workflows through the public API, activated (1.x) or published (2.x).
 */
import type { AxiosInstance } from 'axios';

import type { Workflow } from './workflowFile';

function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

export interface SetupContext {
	http: AxiosInstance;
	apiKey: string;
	v1: boolean;
	owner: { email: string; password: string };
}

type Row = Record<string, any>;

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
	/** a public-API list, page by page (`{ data, nextCursor }`) */
	const paged = async (path: string, what: string): Promise<Row[]> => {
		const rows: Row[] = [];
		let cursor = '';
		do {
			const sep = path.includes('?') ? '&' : '?';
			const res = await api(
				'GET',
				`${path}${sep}limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			assert(res.status === 200, fail(what, res));
			rows.push(...(res.data.data as Row[]));
			cursor = res.data.nextCursor ?? '';
		} while (cursor);
		return rows;
	};

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
			await this.useSession(String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]);
		},
		/**
		 * A session signed in elsewhere: n8n in production mode allows 5 logins a minute, so the setup signs in once
		 * (preflight.ts) and hands the cookie on.
		 */
		async useSession(session: string) {
			cookie = session;
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
		/** Every table with its columns: the public API on 2.x, the owner's REST route on 1.123. */
		async tables(): Promise<
			Array<{ id: string; name: string; columns: Array<{ name: string; type: string }> }>
		> {
			if (!ctx.v1) {
				const list = await paged('/data-tables', 'listing Data Tables');
				return list.map((t) => ({ id: String(t.id), name: t.name, columns: t.columns ?? [] }));
			}
			const res = await rest('GET', `/projects/${projectId}/data-tables`);
			assert(res.status === 200, fail('listing Data Tables', res));
			const list = (Array.isArray(res.data.data) ? res.data.data : res.data.data.data) as Row[];
			return Promise.all(
				list.map(async (t) => {
					const columns = await rest('GET', `/projects/${projectId}/data-tables/${t.id}/columns`);
					assert(columns.status === 200, fail(`reading the columns of ${t.name}`, columns));
					return { id: String(t.id), name: t.name, columns: (columns.data.data ?? []) as Row[] };
				}),
			) as Promise<
				Array<{ id: string; name: string; columns: Array<{ name: string; type: string }> }>
			>;
		},
		async addColumn(tableId: string, name: string, type: string): Promise<void> {
			const res = ctx.v1
				? await rest('POST', `/projects/${projectId}/data-tables/${tableId}/columns`, {
						name,
						type,
					})
				: await api('POST', `/data-tables/${tableId}/columns`, { name, type });
			assert(res.status < 300, fail(`adding column ${name}`, res));
		},
		/** The table of this name, created when there is none: running a setup twice makes no second table. */
		async table(name: string, columns: Record<string, string>): Promise<string> {
			const found = (await this.tables()).find((t) => t.name === name);
			if (!found) return this.createTable(name, columns);
			// a table made by an older version of the templates gets the columns added since
			const have = new Set(found.columns.map((c) => c.name));
			for (const [column, type] of Object.entries(columns)) {
				if (!have.has(column)) await this.addColumn(found.id, column, type);
			}
			return found.id;
		},
		/** Credentials without their data: the public API on 2.x, the owner's REST route on 1.123 (no public list). */
		async credentials(): Promise<Array<{ id: string; name: string; type: string }>> {
			if (!ctx.v1) return (await paged('/credentials', 'listing credentials')) as any;
			const res = await rest('GET', '/credentials');
			assert(res.status === 200, fail('listing credentials', res));
			return res.data.data;
		},
		/** Workflows of exactly this name (n8n's filter also matches a longer name), with nodes. */
		async workflowsNamed(name: string): Promise<Row[]> {
			const list = await paged(`/workflows?name=${encodeURIComponent(name)}`, 'listing workflows');
			return list.filter((w) => w.name === name);
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
		/** Adds rows as they are (the owner's REST route: 1.123 has no public Data Table API). */
		async insert(tableId: string, data: Row[]): Promise<void> {
			const res = await rest('POST', `/projects/${projectId}/data-tables/${tableId}/insert`, {
				data,
				returnType: 'count',
			});
			assert(res.status < 300, fail('adding rows', res));
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
		async activate(id: string) {
			const res = await api('POST', `/workflows/${id}/${ctx.v1 ? 'activate' : 'publish'}`);
			assert(res.status < 300, fail('activating', res));
			if (!ctx.v1) await this.live(id);
		},
		/**
		 * n8n 2.x's workflow publication service (N8N_USE_WORKFLOW_PUBLICATION_SERVICE, on by default in 2.41) puts a
		 * published version live from an outbox after the publish call has answered: until then webhooks still run
		 * the version before. Waits until n8n's publication status (the editor's `publication-status` route) has
		 * nothing in flight, and fails when a trigger did not start. Where n8n has no such status (the service off,
		 * no session), it returns at once: the publish call then was the whole publication.
		 */
		async live(id: string, timeoutMs = 120_000) {
			const until = Date.now() + timeoutMs;
			for (;;) {
				const res = cookie ? await rest('GET', `/workflows/${id}/publication-status`) : undefined;
				if (res?.status !== 200) return;
				const { status, triggers } = res.data.data as {
					status: string;
					triggers: Array<{ status: string; errorMessage?: string | null }>;
				};
				const failed = triggers.filter((t) => t.status === 'failed');
				assert(
					failed.length === 0,
					`publishing workflow ${id}: n8n could not start ${failed.length} trigger(s): ${failed
						.map((t) => t.errorMessage ?? 'no reason given')
						.join('; ')}`,
				);
				if (status !== 'in_progress') return;
				assert(
					Date.now() < until,
					`publishing workflow ${id}: still in progress after ${timeoutMs} ms`,
				);
				await new Promise((r) => setTimeout(r, 250));
			}
		},
		/**
		 * Puts a new version in place of a workflow; `activate` puts it live (1.x: deactivated first, which it requires,
		 * then activated; 2.x: published, or the old published version would keep running).
		 */
		async replace(id: string, wf: Workflow, activate: boolean) {
			if (ctx.v1) await api('POST', `/workflows/${id}/deactivate`);
			const res = await api('PUT', `/workflows/${id}`, {
				name: wf.name,
				nodes: wf.nodes,
				connections: wf.connections,
				settings: wf.settings,
			});
			assert(res.status < 300, fail(`updating ${wf.name}`, res));
			if (activate) await this.activate(id);
		},
		/** what a clinic does when it edits Settings in the editor and saves: the active version changes */
		update(id: string, wf: Workflow) {
			return this.replace(id, wf, true);
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
