/**
 * The clinic peer on a real PostgreSQL (Debian's, started by services.ts): workflows/clinic-postgres.sql loaded as
 * shipped into a database of its own, owned by a plain login role that n8n's "Clinic PostgreSQL" credential uses (not
 * the superuser), visits made by the sandbox's own generator (sandbox/clinic/seed.ts via ClinicState) so the data
 * match the sandbox clinic's, and the run judged from PostgreSQL's own records: reminder_results, the visits' status
 * and staff flag, and reminder_write_log.
 *
 * Faults are test-only objects added after the shipped SQL: a BEFORE INSERT trigger on reminder_write_log (every
 * write logs, so a write can fail or hang there and roll back whole) and the reference view wrapped with a check that
 * fails one getVisit read. Each fault fires once; its hit counter is a sequence, which a rollback does not undo.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DateTime } from 'luxon';

import { DEFAULT_CLINIC_TIME_ZONE } from '../../../sandbox/clinic/catalog';
import { ClinicState } from '../../../sandbox/clinic/state';
import { CLINIC_POSTGRES_CREDENTIAL, CLINIC_SQL_FILE } from '../../../templates/clinicSystemPostgres';
import { CLINIC_SYSTEM_VARIANTS } from '../../../templates/names';
import { bindCredential, readTemplate, type Workflow } from '../../../setup/workflowFile';
import type { ClinicPeer, PeerVisit, PeerWrite } from '../reminders';
import { startPostgres, type Postgres } from '../../../tooling/n8n/services';

const SQL_PATH = resolve(__dirname, '../../../workflows', CLINIC_SQL_FILE);
const DATABASE = 'clinic';
const ROLE = 'clinic_reminders';

/** psql of the newest Debian server package (the client of the server services.ts started). */
function psqlBinary(): string {
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root)
		? readdirSync(root).filter((d) => existsSync(join(root, d, 'bin', 'psql'))).sort((a, b) => Number(b) - Number(a))
		: [];
	return majors.length ? join(root, majors[0], 'bin', 'psql') : 'psql';
}

/**
 * The test-only fault hooks. e2e_fault() fires a fault at most once (its sequence's first value); a read fault only
 * in the getVisit statement (its /* reminder:getVisit *\/ marker in current_query()), not in the day's read.
 */
const FAULT_SQL = String.raw`
CREATE TABLE e2e_faults (id serial PRIMARY KEY, action text NOT NULL, visit_id text NOT NULL, kind text NOT NULL, seconds integer NOT NULL DEFAULT 0);
CREATE FUNCTION e2e_add_fault(p_action text, p_visit_id text, p_kind text, p_seconds integer) RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE new_id integer;
BEGIN
	INSERT INTO e2e_faults (action, visit_id, kind, seconds) VALUES (p_action, p_visit_id, p_kind, p_seconds) RETURNING id INTO new_id;
	EXECUTE format('CREATE SEQUENCE %I', 'e2e_fault_hits_' || new_id);
	RETURN new_id;
END $fn$;
CREATE FUNCTION e2e_fault(p_action text, p_visit_id text) RETURNS boolean
LANGUAGE plpgsql AS $fn$
DECLARE f e2e_faults%ROWTYPE;
BEGIN
	FOR f IN SELECT * FROM e2e_faults WHERE action = p_action AND visit_id = p_visit_id ORDER BY id LOOP
		IF nextval(format('%I', 'e2e_fault_hits_' || f.id)) = 1 THEN
			IF f.kind = 'hold' THEN
				PERFORM pg_sleep(f.seconds);
				RETURN true;
			END IF;
			RAISE EXCEPTION 'e2e fault: the clinic database failed the % of visit %', p_action, p_visit_id;
		END IF;
	END LOOP;
	RETURN true;
END $fn$;
CREATE FUNCTION e2e_faults_left() RETURNS SETOF e2e_faults
LANGUAGE sql AS $fn$
	SELECT f.* FROM e2e_faults AS f WHERE pg_sequence_last_value(format('%I', 'e2e_fault_hits_' || f.id)::regclass) IS NULL
$fn$;
CREATE FUNCTION e2e_write_fault() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
	PERFORM e2e_fault('write', NEW.visit_id);
	RETURN NEW;
END $fn$;
CREATE TRIGGER e2e_write_fault BEFORE INSERT ON reminder_write_log FOR EACH ROW EXECUTE FUNCTION e2e_write_fault();
CREATE FUNCTION e2e_read_ok(p_visit_id text) RETURNS boolean
LANGUAGE plpgsql AS $fn$
BEGIN
	IF position('reminder:getVisit' IN current_query()) > 0 THEN
		PERFORM e2e_fault('read', p_visit_id);
	END IF;
	RETURN true;
END $fn$;
DO $do$
BEGIN
	EXECUTE format('CREATE OR REPLACE VIEW reminder_visits AS SELECT * FROM (%s) AS v WHERE e2e_read_ok(v.visit_id)',
		rtrim(pg_get_viewdef('reminder_visits'::regclass), '; '));
END $do$;
`;

export interface PostgresClinic extends ClinicPeer {
	server: Postgres;
	/** runs SQL as the clinic's role; `vars` are psql variables (:'name' in the script, quoted by psql) */
	sql(script: string, vars?: Record<string, string>): string;
	stop(): Promise<void>;
}

export async function startPostgresClinic(): Promise<PostgresClinic> {
	const server = await startPostgres();
	const psql = psqlBinary();
	const password = `clinic-${Math.random().toString(36).slice(2)}`;
	const run = (
		db: string,
		user: string,
		pass: string,
		args: string[],
		input?: string,
		vars: Record<string, string> = {},
	): string => {
		try {
			return execFileSync(
				psql,
				[
					'-h', server.host, '-p', String(server.port), '-U', user, '-d', db, '-X', '-q', '-At',
					'-v', 'ON_ERROR_STOP=1',
					...Object.entries(vars).flatMap(([k, v]) => ['-v', `${k}=${v}`]),
					...args,
				],
				{ input, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PGPASSWORD: pass } },
			).toString();
		} catch (error) {
			const e = error as { stderr?: Buffer; message: string };
			throw new Error(`psql: ${e.stderr?.toString().trim() || e.message}`);
		}
	};
	// the superuser makes the role and its database; everything after runs as that role
	run('postgres', server.user, server.password, ['-f', '-'], `
CREATE ROLE ${ROLE} LOGIN PASSWORD :'pw';
CREATE DATABASE ${DATABASE} OWNER ${ROLE};
-- a backend notices its client is gone within a second and rolls back (a write whose sender died is never applied)
ALTER ROLE ${ROLE} SET client_connection_check_interval = '1s';
`, { pw: password });
	const sql = (script: string, vars: Record<string, string> = {}) =>
		run(DATABASE, ROLE, password, ['-f', '-'], script, vars);
	run(DATABASE, ROLE, password, ['-f', SQL_PATH]);
	sql(FAULT_SQL);

	const seedBase = 20_261_205;
	let state = new ClinicState(seedBase);
	let credential: { id: string; name: string } | undefined;
	const json = <T>(script: string, vars: Record<string, string> = {}): T => JSON.parse(sql(script, vars).trim() || 'null') as T;
	const insertVisits = (rows: Array<Record<string, unknown>>) =>
		sql(
			`INSERT INTO clinic_visits (visit_id, patient_name, phone, time_zone, start_at, specialty, doctor, status)
SELECT visit_id, patient_name, phone, time_zone, start_at, specialty, doctor, status
FROM json_populate_recordset(NULL::clinic_visits, :'rows');`,
			{ rows: JSON.stringify(rows) },
		);

	return {
		name: 'postgres',
		server,
		sql,
		clinicSystemFile: CLINIC_SYSTEM_VARIANTS.postgres,
		async reset() {
			sql('TRUNCATE clinic_visits, clinic_patients, reminder_results, reminder_write_log, reminder_screen_pops; DELETE FROM e2e_faults;');
			state = new ClinicState(seedBase);
		},
		async seed(request) {
			const nowIso = new Date().toISOString();
			const visits = state.seed(request, nowIso, false);
			insertVisits(
				visits.map((v) => ({
					visit_id: v.id,
					patient_name: v.patient.fullName,
					phone: v.phone,
					time_zone: v.timeZone,
					start_at: v.startAt,
					specialty: v.specialty,
					doctor: v.doctor,
					status: v.status,
				})),
			);
			return visits.length;
		},
		async strict(on) {
			sql('UPDATE reminder_options SET refuse_repeats = :\'on\'::boolean;', { on: String(on) });
		},
		async addVisit(body) {
			// as the sandbox's POST /_control/clinic/visits: a generated visit with the chosen fields; a mistyped zone is
			// stored as typed and its start read in the clinic's zone
			const readZone = body.badTimeZone ? DEFAULT_CLINIC_TIME_ZONE : body.timeZone;
			const local = DateTime.fromISO(body.startAt, { setZone: true }).setZone(readZone);
			if (!local.isValid) throw new Error(`visit ${body.id}: bad startAt ${body.startAt}`);
			const [generated] = state.seed({ count: 1, date: local.toISODate()! }, new Date().toISOString(), false);
			insertVisits([
				{
					visit_id: body.id,
					patient_name: generated.patient.fullName,
					phone: body.phone,
					time_zone: body.timeZone,
					start_at: local.toISO(),
					specialty: body.specialty ?? generated.specialty,
					doctor: generated.doctor,
					status: 'scheduled',
				},
			]);
		},
		async patchVisit(id, change) {
			const changed = sql(
				`UPDATE clinic_visits SET status = coalesce(nullif(:'status', ''), status),
	start_at = coalesce(nullif(:'start', '')::timestamptz, start_at), updated_at = now()
WHERE visit_id = :'id' RETURNING visit_id;`,
				{ id, status: change.status ?? '', start: change.startAt ?? '' },
			);
			if (!changed.trim()) throw new Error(`no visit ${id} in PostgreSQL`);
		},
		async visits() {
			return json<PeerVisit[]>(`SELECT coalesce(json_agg(json_build_object(
	'id', v.visit_id, 'status', v.status, 'staffFollowUp', v.staff_follow_up,
	'startAt', reminder_local_iso(v.start_at, v.time_zone),
	'reminder', CASE WHEN r.visit_id IS NULL THEN NULL ELSE json_build_object('outcome', r.outcome, 'final', r.final,
		'note', r.note, 'attempts', r.attempts, 'code', r.code, 'callId', r.call_id) END
) ORDER BY v.start_at, v.visit_id), '[]') FROM clinic_visits AS v LEFT JOIN reminder_results AS r USING (visit_id);`);
		},
		async writes() {
			return json<PeerWrite[]>(`SELECT coalesce(json_agg(json_build_object('visitId', visit_id, 'status', status_code,
	'at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY seq), '[]') FROM reminder_write_log;`);
		},
		async resultCount() {
			return Number(sql('SELECT count(*) FROM reminder_write_log WHERE status_code = 200;').trim());
		},
		async failWrite(visitId) {
			sql(`SELECT e2e_add_fault('write', :'id', 'error', 0);`, { id: visitId });
		},
		async failRead(visitId) {
			sql(`SELECT e2e_add_fault('read', :'id', 'error', 0);`, { id: visitId });
		},
		async holdWrite(visitId, ms) {
			sql(`SELECT e2e_add_fault('write', :'id', 'hold', :'s'::integer);`, { id: visitId, s: String(Math.ceil(ms / 1000)) });
		},
		async writeArrived(visitId) {
			return (
				sql(`SELECT count(*) FROM e2e_faults AS f WHERE f.visit_id = :'id' AND f.kind = 'hold'
	AND pg_sequence_last_value(format('%I', 'e2e_fault_hits_' || f.id)::regclass) IS NOT NULL;`, { id: visitId }).trim() !== '0'
			);
		},
		async faultsLeft() {
			return json<unknown[]>('SELECT coalesce(json_agg(f), \'[]\') FROM e2e_faults_left() AS f;');
		},
		async workflow(setup) {
			// the credential a clinic creates in n8n, through n8n's API like the suite's other credentials
			credential ??= await setup.credential(CLINIC_POSTGRES_CREDENTIAL, 'postgres', {
				host: server.host,
				port: server.port,
				database: DATABASE,
				user: ROLE,
				password,
				ssl: 'disable',
			});
			const wf: Workflow = readTemplate(CLINIC_SYSTEM_VARIANTS.postgres);
			bindCredential(wf, 'postgres', credential);
			return wf;
		},
		async stop() {
			await server.stop();
		},
	};
}
