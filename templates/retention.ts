/**
 * Retention for a template's Data Table, shared by the missed-call callback and sale tagging templates: final rows
 * older than Settings → retentionDays are removed, at most Settings → cleanupPerRun per run. n8n caps all Data Tables
 * together (N8N_DATA_TABLES_MAX_SIZE_BYTES); past the cap every insert, update and upsert of every table fails.
 *
 * The age is the system column createdAt: a date column, so the Data Table filter compares it as an instant on both
 * n8n lines and databases (a string column such as lostAt or paidAt would compare as text, wrong across UTC offsets).
 * Bounded because Delete Rows outputs every row it removes: *Old final rows* reads at most cleanupPerRun rows, and
 * *Remove old row* deletes each by id, repeating the final and age conditions so it can never remove anything else.
 */
import {
	Graph,
	ifNode,
	setNode,
	switchNode,
	tableDelete,
	tableGet,
	type Condition,
	type TableRef,
} from './build';
import { S } from './expressions';

export interface Retention {
	table: TableRef;
	/** conditions (all must hold) that make a row final: nothing the workflow does can change it any more */
	final: Array<[string, Condition, string?]>;
	/** top-left of the branch */
	at: [number, number];
	/** what "final" means here, for the section note: English, then Russian */
	finalText: [string, string];
	/** a further check of the settings, an expression in `d` (retentionDays, a whole number ≥ 0): '' or what to fix */
	extraProblem?: string;
}

const PLAN = "$('Clean-up plan').first().json";

/** Checks of the two settings, each saying what to fix. */
function problem(extra: string | undefined): string {
	return `((r, n) => {
	const whole = (v) => v !== null && v !== undefined && String(v).trim() !== '' && Number.isInteger(Number(v));
	if (!whole(r) || Number(r) < 0) return 'Settings → retentionDays is "' + r + '": set a whole number of days, e.g. 45, or 0 to keep every row';
	if (!whole(n) || Number(n) < 1 || Number(n) > 5000) return 'Settings → cleanupPerRun is "' + n + '": set a whole number of rows from 1 to 5000 (the Data Table node outputs every row it removes)';
	const d = Number(r);
	return ${extra ?? "''"};
})(${S}.retentionDays, ${S}.cleanupPerRun)`.replace(/\n\t*/g, ' ');
}

/**
 * Adds the clean-up branch; returns the name of its first node (link the Settings node, or whatever decides that
 * this run cleans up, to it) and of its last (one item: what was removed).
 */
export function addRetention(g: Graph, opts: Retention): { start: string; done: string } {
	const [x, y] = opts.at;
	g.note(
		'Clean-up note',
		[x - 20, y - 300],
		1700,
		260,
		`### Clean-up / Очистка
Rows that are final (${opts.finalText[0]}) and older than retentionDays (by createdAt, when the row was made) are removed, at most cleanupPerRun per run, so a table with a year of history drains over a few runs instead of one huge run; 0 keeps every row. n8n caps all Data Tables together: past the cap every write of every table fails. Settings that make no sense stop the run with what to fix.

Финальные строки (${opts.finalText[1]}) старше retentionDays (по createdAt — когда строка создана) удаляются, не больше cleanupPerRun за запуск: таблица с историей за год очищается за несколько запусков, а не одним огромным; 0 — хранить всё. n8n ограничивает общий размер всех Data Tables: сверх лимита не проходит ни одна запись ни в одну таблицу. Неверные настройки останавливают запуск с подсказкой.`,
	);
	const plan = g.add(
		setNode(
			'Clean-up plan',
			[x, y],
			[
				['retentionDays', 'number', `={{ Number(${S}.retentionDays) }}`],
				['cleanupPerRun', 'number', `={{ Number(${S}.cleanupPerRun) }}`],
				['problem', 'string', `={{ ${problem(opts.extraProblem)} }}`],
				// an instant n8n turns into a Date for the createdAt filter; '' when the settings are wrong (not used)
				[
					'cutoff',
					'string',
					`={{ Number.isInteger(Number(${S}.retentionDays)) ? $now.minus({ days: Number(${S}.retentionDays) }).toUTC().toISO() : '' }}`,
				],
			],
		),
	);
	const what = g.add(
		switchNode(
			'Clean up?',
			[x + 240, y],
			[
				['settings wrong', '!!$json.problem'],
				['keep every row', '$json.retentionDays === 0'],
			],
			'clean up',
		),
	);
	const wrong = g.add({
		name: 'Clean-up settings wrong',
		type: 'n8n-nodes-base.stopAndError',
		typeVersion: 1,
		position: [x + 480, y + 200],
		parameters: { errorMessage: '={{ $json.problem }}' },
	});
	const due: Array<[string, Condition, string?]> = [
		...opts.final,
		['createdAt', 'lt', `${PLAN}.cutoff`],
	];
	const rows = g.add({
		...tableGet(
			'Old final rows',
			[x + 480, y - 20],
			opts.table,
			due,
			'all',
			`${PLAN}.cleanupPerRun`,
		),
		alwaysOutputData: true,
	});
	const any = g.add(ifNode('Any to remove?', [x + 720, y - 20], '$json.id !== undefined'));
	const remove = g.add({
		...tableDelete('Remove old row', [x + 960, y - 120], opts.table, [
			['id', 'eq', '$json.id'],
			...due,
		]),
		// one empty item when another run removed the rows first, so the summary still runs
		alwaysOutputData: true,
	});
	const REMOVED =
		"$('Remove old row').isExecuted ? $('Remove old row').all().filter((i) => i.json.id !== undefined).length : 0";
	const done = g.add({
		...setNode(
			'Clean-up done',
			[x + 1200, y - 20],
			[
				['removed', 'number', `={{ ${REMOVED} }}`],
				['retentionDays', 'number', `={{ ${PLAN}.retentionDays }}`],
				['cleanupPerRun', 'number', `={{ ${PLAN}.cleanupPerRun }}`],
				['createdBefore', 'string', `={{ ${PLAN}.cutoff }}`],
			],
		),
		executeOnce: true,
	});
	g.chain(plan, what);
	g.link(what, wrong, 0);
	g.link(what, done, 1);
	g.link(what, rows, 2);
	g.link(rows, any);
	g.link(any, remove, 0);
	g.link(any, done, 1);
	g.link(remove, done);
	return { start: plan, done };
}
