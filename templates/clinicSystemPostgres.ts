/**
 * The clinic-system sub-workflow for a clinic whose system sits on PostgreSQL (workflows/clinic-system-postgres.json):
 * the same trigger, Settings, Action switch and output fields as clinicSystem.ts, with n8n's Postgres node in place of
 * the HTTP requests. The statements are read from workflows/clinic-postgres.sql (section 4), so the SQL a clinic
 * loads and the queries the workflow runs are one text.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { Graph, setNode, type Json, type WfNode } from './build';
import { CLINIC_ACTIONS, clinicSystemFrame, type ClinicAction } from './clinicSystemFrame';
import { S } from './expressions';

export const CLINIC_SQL_FILE = 'clinic-postgres.sql';
/** The credential the Postgres nodes name (type `postgres`); a template carries no credential id. */
export const CLINIC_POSTGRES_CREDENTIAL = 'Clinic PostgreSQL';

/**
 * The statements of section 4 of the SQL file, by action: each starts at its `/* reminder:<action> *\/` line (the
 * marker also names the statement in pg_stat_statements and pg_stat_activity) and runs on while the comment lines
 * stay indented.
 */
export function clinicStatements(
	sql = readFileSync(resolve(__dirname, '../workflows', CLINIC_SQL_FILE), 'utf8'),
): Record<ClinicAction, string> {
	const lines = sql.split('\n');
	const found: Partial<Record<ClinicAction, string>> = {};
	for (const action of CLINIC_ACTIONS) {
		const start = lines.findIndex((l) => l === `--   /* reminder:${action} */`);
		if (start < 0) throw new Error(`${CLINIC_SQL_FILE}: no statement for ${action}`);
		const body: string[] = [];
		for (let i = start; i < lines.length && lines[i].startsWith('--   '); i++)
			body.push(lines[i].slice(5));
		found[action] = body.join('\n');
	}
	return found as Record<ClinicAction, string>;
}

/**
 * n8n's Postgres node (typeVersion 2.6: n8n 1.123 and 2.x both have it) running one statement per input item:
 * "Independent" batching runs each item's query on its own, pairs its rows with that item and, with
 * continueRegularOutput, turns a failed query into an error item for that item only (the others still run). The
 * parameters are one expression that yields an array: n8n passes an array as the query's values unchanged, where a
 * comma-separated text would split a note at its commas (n8n docs, Postgres node: Query Parameters).
 */
function postgresQuery(
	name: string,
	position: [number, number],
	query: string,
	values: string,
	perItemErrors: boolean,
): Omit<WfNode, 'id'> {
	return {
		name,
		type: 'n8n-nodes-base.postgres',
		typeVersion: 2.6,
		position,
		...(perItemErrors ? { onError: 'continueRegularOutput' as const } : {}),
		credentials: { postgres: { name: CLINIC_POSTGRES_CREDENTIAL } },
		parameters: {
			operation: 'executeQuery',
			query,
			options: {
				connectionTimeout: `={{ ${S}.connectionTimeoutSeconds }}`,
				queryBatching: 'independently',
				queryReplacement: `={{ ${values} }}`,
			},
		},
	};
}

/** The text of a database error item (n8n puts the message next to an `error` object; our rows have no `error`). */
const DB_ERROR =
	"($json.error !== undefined ? String($json.message || ($json.error && $json.error.message) || 'database error') : '')";

const OVERVIEW_CLINIC = `## Clinic system on PostgreSQL for appointment reminders

The only place that knows the clinic's system: here, its PostgreSQL database, read and written with n8n's Postgres node. No HTTP service is needed. The reminder calls it with one or more items, all with the same **action**, and expects one answer per item, in the same order, with its visitId (each query runs once per item and always returns one row, so it does):
- \`dueVisits\` {date} → one item per visit: visitId, phone, timeZone (IANA), startAt (ISO with the patient's offset), specialty, doctor, patientName, status, due;
- \`getVisit\` {visitId} → one item: found (false when there is no such visit), error, the same fields, and reminderOutcome: the final reminder result the clinic already holds, or empty;
- \`writeResult\` {visitId, outcome, code, attempts, callId, note} → written, statusCode (200 written, 400 bad input, 404 no visit, 409 refused after a final result), error;
- \`findPatient\` {phone} and \`screenPop\` {extension, phone, …} for call routing, with the fields of the HTTP version.

**Set up:** load \`clinic-postgres.sql\` (shipped next to this file) into the clinic's database; define the view **reminder_visits** (and **reminder_patients** for routing) over your own tables; rewrite **reminder_apply_to_visit()** so confirmed/cancelled change the visit in your table (a view cannot be updated); create a Postgres credential named **Clinic PostgreSQL** for a role with the grants listed in the file. Results go to **reminder_results** (one row per visit) through **reminder_write_result()**, which keeps the repeat rule: the same result again is a success marked duplicate, a different one after a final one is refused (409); \`reminder_options.refuse_repeats\` makes it strict. Every write is logged in **reminder_write_log**.

A database error answers that item with its error (a write is then retried on the next tick); a failed dueVisits read fails the call, and the reminder tries again on its next tick. The queries use parameters only ($1, $2…); edit them in the SQL file and here together.

Outcomes written: confirmed, cancelled, operator, unreached (staff must call; never cancel the visit for it), failed (the row was skipped, the note says why).`;

const OVERVIEW_CLINIC_RU = `## МИС клиники на PostgreSQL для напоминаний

Единственное место, которое знает МИС клиники: здесь — её базу PostgreSQL, которую читает и пишет узел Postgres из n8n. HTTP-сервис не нужен. Напоминание вызывает его с одним или несколькими элементами с одинаковым **action** и ждёт по ответу на каждый элемент, в том же порядке, с его visitId (каждый запрос выполняется для своего элемента и всегда возвращает одну строку):
- \`dueVisits\` {date} → по элементу на визит: visitId, phone, timeZone (IANA), startAt (ISO со смещением пациента), specialty, doctor, patientName, status, due;
- \`getVisit\` {visitId} → один элемент: found (false, если визита нет), error, те же поля и reminderOutcome — окончательный итог, уже записанный в МИС, или пусто;
- \`writeResult\` {visitId, outcome, code, attempts, callId, note} → written, statusCode (200 записано, 400 неверные данные, 404 нет визита, 409 отказ после окончательного итога), error;
- \`findPatient\` {phone} и \`screenPop\` {extension, phone, …} — для маршрутизации звонков, с теми же полями, что в HTTP-версии.

**Настройка:** загрузите \`clinic-postgres.sql\` (лежит рядом с этим файлом) в базу клиники; опишите представление **reminder_visits** (и **reminder_patients** для маршрутизации) поверх своих таблиц; перепишите функцию **reminder_apply_to_visit()**, чтобы confirmed/cancelled меняли визит в вашей таблице (представление обновить нельзя); создайте учётные данные Postgres с именем **Clinic PostgreSQL** для роли с правами из файла. Итоги пишутся в **reminder_results** (одна строка на визит) функцией **reminder_write_result()**: тот же итог повторно — успех с пометкой duplicate, другой после окончательного — отказ (409); \`reminder_options.refuse_repeats\` включает строгий режим. Каждая запись попадает в журнал **reminder_write_log**.

Ошибка базы даёт ответ с ошибкой для этого элемента (запись повторится на следующем тике); ошибка чтения dueVisits прерывает вызов, и напоминание повторит его на следующем тике. Запросы только с параметрами ($1, $2…); меняйте их в SQL-файле и здесь вместе.

Результаты: confirmed, cancelled, operator, unreached (позвонить администратору; визит не отменяется), failed (строка пропущена, причина в note).`;

export function clinicSystemPostgresWorkflow(): Json {
	const sql = clinicStatements();
	const g = new Graph('clinic-system-postgres');
	g.note('Overview', [-1000, -420], 560, 780, OVERVIEW_CLINIC, 4);
	g.note('Overview (RU)', [-1000, 400], 560, 820, OVERVIEW_CLINIC_RU, 4);
	const branch = clinicSystemFrame(
		g,
		[['connectionTimeoutSeconds', 'number', 10]],
		`### Settings
connectionTimeoutSeconds: how long to wait for the database. The database itself is the **Clinic PostgreSQL** credential.

Таймаут подключения к базе; сама база — учётные данные **Clinic PostgreSQL**.`,
	);
	const visitFields = (): Array<[string, 'string' | 'boolean', string]> => [
		['phone', 'string', "={{ $json.phone ?? '' }}"],
		['timeZone', 'string', "={{ $json.time_zone ?? '' }}"],
		['startAt', 'string', "={{ $json.start_iso ?? '' }}"],
		['specialty', 'string', "={{ $json.specialty ?? '' }}"],
		['doctor', 'string', "={{ $json.doctor ?? '' }}"],
		['patientName', 'string', "={{ $json.patient_name ?? '' }}"],
		['status', 'string', "={{ $json.status ?? '' }}"],
		['due', 'boolean', '={{ $json.due === true }}'],
		// the final reminder result the clinic system already holds (the reminder reconciles its ledger from it)
		['reminderOutcome', 'string', "={{ $json.final_outcome ?? '' }}"],
	];
	// a failed read of the day fails the call as a whole, as the HTTP version does: the reminder's next tick reads again
	const dueSql = g.add(
		postgresQuery('Get due visits', [400, 0], sql.dueVisits, "[String($json.date ?? '')]", false),
	);
	const dueOut = g.add(
		setNode(
			'Due visit',
			[640, 0],
			[['visitId', 'string', "={{ String($json.visit_id ?? '') }}"], ...visitFields()],
		),
	);
	const oneSql = g.add(
		postgresQuery('Get visit', [400, 200], sql.getVisit, "[String($json.visitId ?? '')]", true),
	);
	const oneOut = g.add(
		setNode(
			'Visit',
			[640, 200],
			[
				['visitId', 'string', "={{ $('Settings').item.json.visitId }}"],
				['found', 'boolean', '={{ $json.error === undefined && $json.found === true }}'],
				['error', 'string', `={{ ${DB_ERROR} }}`],
				...visitFields(),
			],
		),
	);
	const writeSql = g.add(
		postgresQuery(
			'Write result',
			[400, 400],
			sql.writeResult,
			"[String($json.visitId ?? ''), String($json.outcome ?? ''), $json.code === '' || $json.code === null || $json.code === undefined || !Number.isFinite(Number($json.code)) ? null : Number($json.code), Number($json.attempts || 0), $json.callId ? String($json.callId) : null, $json.note ? String($json.note).slice(0, 1000) : null]",
			true,
		),
	);
	const writeOut = g.add(
		setNode(
			'Write status',
			[640, 400],
			[
				['visitId', 'string', "={{ $('Settings').item.json.visitId }}"],
				['written', 'boolean', '={{ $json.error === undefined && $json.written === true }}'],
				// a database error is no answer (0): the reminder writes again on its next tick
				[
					'statusCode',
					'number',
					'={{ $json.error === undefined ? Number($json.status_code || 0) : 0 }}',
				],
				['error', 'string', `={{ ${DB_ERROR} || String($json.error_text ?? '') }}`],
			],
		),
	);
	// call routing: the caller's card, and the screen pop for an operator's extension
	const patientSql = g.add(
		postgresQuery(
			'Get patient by phone',
			[400, 600],
			sql.findPatient,
			"[String($json.phone ?? '')]",
			true,
		),
	);
	const patientOut = g.add(
		setNode(
			'Patient',
			[640, 600],
			[
				['phone', 'string', "={{ $('Settings').item.json.phone }}"],
				['found', 'boolean', '={{ $json.error === undefined && $json.found === true }}'],
				['error', 'string', `={{ ${DB_ERROR} }}`],
				['patientName', 'string', "={{ $json.patient_name ?? '' }}"],
				['nextVisitId', 'string', "={{ $json.next_visit_id ?? '' }}"],
				['nextVisitAt', 'string', "={{ $json.next_visit_at ?? '' }}"],
				['nextVisitSpecialty', 'string', "={{ $json.next_visit_specialty ?? '' }}"],
				['nextVisitDoctor', 'string', "={{ $json.next_visit_doctor ?? '' }}"],
				['administratorName', 'string', "={{ $json.administrator_name ?? '' }}"],
				['administratorPhone', 'string', "={{ $json.administrator_phone ?? '' }}"],
				['administratorExtension', 'string', "={{ $json.administrator_extension ?? '' }}"],
			],
		),
	);
	const popSql = g.add(
		postgresQuery(
			'Save screen pop',
			[400, 800],
			sql.screenPop,
			"[String($json.extension ?? ''), String($json.phone ?? ''), $json.event ?? null, $json.callSessionId === undefined || $json.callSessionId === null ? null : String($json.callSessionId), $json.newPatient === true || $json.newPatient === 'true', $json.patientName || null, $json.nextVisitAt || null, $json.nextVisitSpecialty || null, $json.nextVisitDoctor || null, $json.campaignId === undefined || $json.campaignId === null ? null : String($json.campaignId), $json.campaignName || null, $json.employeeName || null, $json.title || null]",
			true,
		),
	);
	const popOut = g.add(
		setNode(
			'Screen pop status',
			[640, 800],
			[
				['extension', 'string', "={{ String($('Settings').item.json.extension ?? '') }}"],
				['delivered', 'boolean', '={{ $json.error === undefined && $json.seq !== undefined }}'],
				[
					'statusCode',
					'number',
					'={{ $json.error === undefined && $json.seq !== undefined ? 200 : 0 }}',
				],
				['error', 'string', `={{ ${DB_ERROR} }}`],
			],
		),
	);
	const branches: Record<ClinicAction, string> = {
		dueVisits: dueSql,
		getVisit: oneSql,
		writeResult: writeSql,
		findPatient: patientSql,
		screenPop: popSql,
	};
	for (const action of CLINIC_ACTIONS) branch(action, branches[action]);
	g.link(dueSql, dueOut);
	g.link(oneSql, oneOut);
	g.link(writeSql, writeOut);
	g.link(patientSql, patientOut);
	g.link(popSql, popOut);
	return g.workflow('Clinic system on PostgreSQL for appointment reminders');
}
