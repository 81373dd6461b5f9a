/**
 * Moves ledger rows into the past. n8n sets a Data Table row's createdAt when the row is inserted and no API
 * changes it, but the report counts a visit on the day its row was created: a test or benchmark of past days has to
 * write n8n's SQLite database itself. It does so through python3's sqlite3 module (python3 is on every machine this
 * project runs on; the sqlite3 command is not), while n8n runs: SQLite takes the write like any other.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import type { N8n } from './n8n';

// visitId has no index: the moves go through a keyed temporary table, one pass over the rows instead of one per
// move (a month of a soak is 9,000 moves into a table of 20,000 rows, and n8n waits for the write lock meanwhile)
const PYTHON = `
import json, sqlite3, sys
job = json.load(sys.stdin)
db = sqlite3.connect(job["file"], timeout=30)
table = '"data_table_user_%s"' % job["table"]
with db:
    db.execute('CREATE TEMP TABLE moves ("k" TEXT PRIMARY KEY, "at" TEXT)')
    db.executemany('INSERT OR REPLACE INTO moves VALUES (?, ?)', [(m["visitId"], m["at"]) for m in job["moves"]])
    changed = db.execute(
        'UPDATE %s SET "createdAt" = (SELECT "at" FROM moves WHERE moves."k" = %s."%s") '
        'WHERE "%s" IN (SELECT "k" FROM moves)' % (table, table, job["key"], job["key"])
    ).rowcount
print(changed)
`;

const QUERY = `
import json, sqlite3, sys
job = json.load(sys.stdin)
db = sqlite3.connect("file:%s?mode=ro" % job["file"], uri=True, timeout=30)
print(json.dumps(db.execute(job["sql"], job["params"]).fetchall()))
`;

const databaseFile = (n8n: N8n) => join(n8n.userFolder, '.n8n', 'database.sqlite');

/** Rows of a read-only query on n8n's SQLite database (e.g. what its executions take), as arrays of values. */
export function querySqlite(n8n: N8n, sql: string, params: unknown[] = []): unknown[][] {
	const job = { file: databaseFile(n8n), sql, params };
	const out = execFileSync('python3', ['-c', QUERY], { input: JSON.stringify(job) });
	return JSON.parse(out.toString()) as unknown[][];
}

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
		file: databaseFile(n8n),
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
