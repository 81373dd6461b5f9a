/**
 * Moves ledger rows into the past. n8n sets a Data Table row's createdAt when the row is inserted and no API
 * changes it, but the report counts a visit on the day its row was created: a test or benchmark of past days has to
 * write n8n's SQLite database itself. It does so through python3's sqlite3 module (python3 is on every machine this
 * project runs on; the sqlite3 command is not), while n8n runs: SQLite takes the write like any other.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import type { N8n } from './n8n';

const PYTHON = `
import json, sqlite3, sys
job = json.load(sys.stdin)
db = sqlite3.connect(job["file"], timeout=30)
with db:
    db.executemany(
        'UPDATE "data_table_user_%s" SET "createdAt" = ? WHERE "%s" = ?' % (job["table"], job["key"]),
        [(m["at"], m["visitId"]) for m in job["moves"]],
    )
print(db.total_changes)
`;

/**
 * Sets createdAt of the rows whose `key` column (visitId unless named) holds these values; returns how many rows
 * changed. SQLite databases only.
 */
export function backdateRows(
	n8n: N8n,
	tableId: string,
	moves: Array<{ visitId: string; createdAt: Date }>,
	key = 'visitId',
): number {
	if (!/^[A-Za-z0-9]+$/.test(tableId)) throw new Error(`not a Data Table id: ${tableId}`);
	if (!/^[A-Za-z]\w*$/.test(key)) throw new Error(`not a column name: ${key}`);
	const job = {
		file: join(n8n.userFolder, '.n8n', 'database.sqlite'),
		table: tableId,
		key,
		// how n8n itself writes a date into SQLite: UTC, "YYYY-MM-DD HH:MM:SS.sss"
		moves: moves.map((m) => ({
			visitId: m.visitId,
			at: m.createdAt.toISOString().replace('T', ' ').replace('Z', ''),
		})),
	};
	const out = execFileSync('python3', ['-c', PYTHON], { input: JSON.stringify(job) });
	return Number(out.toString().trim());
}
