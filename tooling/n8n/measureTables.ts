/**
 * Bytes per row of the three template tables, as n8n itself counts them (`GET /rest/data-tables-global/limits`):
 * `npx ts-node --transpile-only tooling/n8n/measureTables.ts [version] [rows] [--inserted]`. Boots a bare n8n of that version,
 * creates the ledger, missed-call and sales tables, inserts `rows` realistic finished rows into each (the values
 * the templates write) and prints sizeBytes / rows per table. The figures the report's usage estimate uses
 * (templates/reminderReport.ts, BYTES_PER_ROW) come from this script.
 */
import { parseArgs } from './args';
import { DEFAULT_E2E_N8N } from './versions';
import { bootN8n, createApiKey, OWNER, ownerCookie } from './n8n';
import { n8nSetup } from '../../setup/n8nClient';
import { CALLBACK_COLUMNS, LEDGER_COLUMNS, SALE_COLUMNS } from '../../templates/names';
import { lifecycleSteps, sampleRows } from './tableRows';

async function main() {
	const { names, flags } = parseArgs();
	const version = names[0] ?? DEFAULT_E2E_N8N;
	const count = Number(names[1] ?? 3000);
	/** `--inserted`: finished rows inserted as they are, without the updates a live row goes through */
	const lifecycle = !('inserted' in flags);
	const n8n = await bootN8n({ version, installPackage: false });
	try {
		const apiKey = await createApiKey(n8n.http, await ownerCookie(n8n.http));
		const setup = n8nSetup({ http: n8n.http, apiKey, v1: n8n.v1, owner: OWNER });
		await setup.login();
		const { cookie, projectId } = setup.session();
		const tables = {
			ledger: [LEDGER_COLUMNS],
			callbacks: [CALLBACK_COLUMNS],
			sales: [SALE_COLUMNS],
		} as const;
		const ids: Record<string, string> = {};
		for (const [name, [columns]] of Object.entries(tables)) {
			ids[name] = await setup.createTable(`measure_${name}`, columns as Record<string, string>);
			const rows = sampleRows(name as 'ledger', count);
			const { insert, updates } = lifecycle
				? lifecycleSteps(name as 'ledger', rows)
				: { insert: rows, updates: [] };
			for (let i = 0; i < insert.length; i += 500) {
				const res = await n8n.http.post(
					`/rest/projects/${projectId}/data-tables/${ids[name]}/insert`,
					{ data: insert.slice(i, i + 500), returnType: 'count' },
					{ headers: { cookie }, timeout: 120_000 },
				);
				if (res.status >= 300)
					throw new Error(`insert: ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`);
			}
			// every row at once through one update per step: each row grows in place as the ticks make it grow
			const all = { type: 'and', filters: [{ columnName: 'id', condition: 'gte', value: 1 }] };
			for (const data of updates) {
				const res = await n8n.http.patch(
					`/rest/projects/${projectId}/data-tables/${ids[name]}/rows`,
					{ filter: all, data },
					{ headers: { cookie }, timeout: 120_000 },
				);
				if (res.status >= 300)
					throw new Error(`update: ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`);
			}
		}
		const limits = (await n8n.http.get('/rest/data-tables-global/limits', { headers: { cookie } }))
			.data.data;
		for (const [name, id] of Object.entries(ids)) {
			const size = Number(limits.dataTables[id]?.sizeBytes ?? 0);
			console.log(
				`${version} ${lifecycle ? 'lifecycle' : 'inserted'} ${name}: ${size} bytes / ${count} rows = ${(size / count).toFixed(1)} bytes per row`,
			);
		}
		console.log(`${version} totalBytes ${limits.totalBytes}`);
	} finally {
		await n8n.dispose();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
