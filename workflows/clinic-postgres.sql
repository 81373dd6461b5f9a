-- Clinic system on PostgreSQL for the appointment reminder (workflows/clinic-system-postgres.json).
--
-- The sub-workflow runs only the statements at the end of this file (section 4), through n8n's Postgres node with
-- query parameters ($1, $2, …): it never builds SQL from data. What a clinic does:
--   1. Map its own schema onto the view reminder_visits (section 2). The reference tables clinic_visits and
--      clinic_patients (section 1) are what the e2e test uses; skip them when the view reads your own tables.
--   2. Keep reminder_results, reminder_write_log and reminder_options (section 3) as they are: the reminder's results
--      live there, one row per visit, and the repeat rule is enforced by reminder_write_result().
--   3. Rewrite the body of reminder_apply_to_visit() so a confirmed or cancelled visit changes status in your own
--      table (a view cannot be updated); an unreached or failed reminder only flags the visit for staff and never
--      cancels it. Make it a no-op if staff should read reminder_results instead.
--   4. Give the n8n credential ("Clinic PostgreSQL", type Postgres) a role that can read the views, execute the
--      functions and insert into reminder_screen_pops (grants at the end of section 3).
-- Load: psql -v ON_ERROR_STOP=1 -d clinic -f clinic-postgres.sql (PostgreSQL 12 or later).
--
-- Кратко по-русски: МИС клиники на PostgreSQL для напоминаний — без HTTP-слоя. Клиника описывает представление
-- reminder_visits поверх своих таблиц (справочные таблицы clinic_visits/clinic_patients — для теста и примера),
-- оставляет как есть таблицу результатов reminder_results (одна строка на визит), журнал записей
-- reminder_write_log и функцию reminder_write_result(): тот же результат повторно — успех с пометкой duplicate,
-- другой результат после окончательного — отказ (как HTTP 409), строгий режим (reminder_options.refuse_repeats)
-- отказывает и в повторе. Статус визита меняет функция reminder_apply_to_visit(), которую клиника пишет под свою
-- схему: confirmed → подтверждён, cancelled → отменён, unreached/failed → только отметка для администратора, визит
-- не отменяется. Подпроцесс выполняет только запросы из раздела 4, с параметрами $1, $2…, без склейки строк.

-- ---------------------------------------------------------------- 1. reference tables (the test's clinic)

CREATE TABLE IF NOT EXISTS clinic_visits (
	visit_id text PRIMARY KEY,
	patient_name text NOT NULL DEFAULT '',
	-- as the front desk typed it: '+7 (912) 345-67-89', '8 912 345 67 89', …
	phone text NOT NULL DEFAULT '',
	-- the patient's IANA zone; a mistyped one is kept as typed (the reminder skips that visit, see reminder_local_iso)
	time_zone text NOT NULL,
	start_at timestamptz NOT NULL,
	specialty text NOT NULL DEFAULT '',
	doctor text NOT NULL DEFAULT '',
	status text NOT NULL DEFAULT 'scheduled'
		CHECK (status IN ('scheduled', 'confirmed', 'cancelled', 'completed', 'no_show')),
	-- set for an unreached or failed reminder: staff must call the patient
	staff_follow_up boolean NOT NULL DEFAULT false,
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS clinic_visits_start_at ON clinic_visits (start_at);

-- call routing: a patient by phone ('7XXXXXXXXXX') and their personal administrator
CREATE TABLE IF NOT EXISTS clinic_patients (
	phone_key text PRIMARY KEY CHECK (phone_key ~ '^7\d{10}$'),
	patient_name text NOT NULL,
	administrator_name text,
	administrator_phone text,
	administrator_extension text
);

-- ---------------------------------------------------------------- 2. what the clinic maps its schema onto

-- One row per visit. start_at is an absolute time (timestamptz); the statements print it in the patient's zone.
-- status: scheduled | confirmed | cancelled | completed | no_show (map yours onto these; only scheduled is reminded).
CREATE OR REPLACE VIEW reminder_visits AS
SELECT
	v.visit_id,
	v.phone,
	v.time_zone,
	v.start_at,
	v.specialty,
	v.doctor,
	v.patient_name,
	v.status
FROM clinic_visits AS v;

-- One row per patient phone, normalised to '7XXXXXXXXXX' (11 digits); administrator fields may be NULL.
CREATE OR REPLACE VIEW reminder_patients AS
SELECT
	p.phone_key,
	p.patient_name,
	p.administrator_name,
	p.administrator_phone,
	p.administrator_extension
FROM clinic_patients AS p;

-- '7XXXXXXXXXX' for a Russian number however it was typed, '' otherwise (the rule the nodes' normaliser applies).
CREATE OR REPLACE FUNCTION reminder_phone_key(p_phone text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
	SELECT CASE
		WHEN d ~ '^[3489]\d{9}$' THEN '7' || d
		WHEN d ~ '^[78][3489]\d{9}$' THEN '7' || right(d, 10)
		ELSE ''
	END
	FROM (SELECT regexp_replace(coalesce(p_phone, ''), '\D', '', 'g') AS d) AS x
$fn$;

-- The start as ISO 8601 with the patient's offset ('2026-12-06T12:00:00+05:00'), as the reminder expects. A zone
-- PostgreSQL does not know gives the UTC time ('…Z'); the reminder then skips the visit for its zone.
CREATE OR REPLACE FUNCTION reminder_local_iso(p_at timestamptz, p_zone text) RETURNS text
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
	local_time timestamp;
	offset_min integer;
BEGIN
	IF p_at IS NULL THEN
		RETURN NULL;
	END IF;
	BEGIN
		local_time := p_at AT TIME ZONE p_zone;
	EXCEPTION WHEN invalid_parameter_value THEN
		RETURN to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
	END;
	offset_min := round(extract(epoch FROM local_time - (p_at AT TIME ZONE 'UTC')) / 60);
	RETURN to_char(local_time, 'YYYY-MM-DD"T"HH24:MI:SS')
		|| CASE WHEN offset_min < 0 THEN '-' ELSE '+' END
		|| lpad((abs(offset_min) / 60)::text, 2, '0') || ':' || lpad((abs(offset_min) % 60)::text, 2, '0');
END
$fn$;

-- ---------------------------------------------------------------- 3. the reminder's own tables (keep as they are)

-- The reminder result each visit holds: one row per visit. hung_up/no_answer are progress reports (final = false);
-- confirmed, cancelled, operator, unreached and failed close the reminder.
CREATE TABLE IF NOT EXISTS reminder_results (
	visit_id text PRIMARY KEY,
	outcome text NOT NULL,
	code integer,
	attempts integer NOT NULL,
	call_id text,
	note text,
	final boolean NOT NULL,
	written_at timestamptz NOT NULL DEFAULT now()
);

-- Every write request and what it was answered (an audit trail, and how the e2e test counts writes per visit).
CREATE TABLE IF NOT EXISTS reminder_write_log (
	seq bigserial PRIMARY KEY,
	at timestamptz NOT NULL DEFAULT clock_timestamp(),
	visit_id text NOT NULL,
	outcome text,
	attempts integer,
	status_code integer NOT NULL,
	duplicate boolean NOT NULL DEFAULT false,
	error text
);
CREATE INDEX IF NOT EXISTS reminder_write_log_visit ON reminder_write_log (visit_id);

-- refuse_repeats = true: a strict clinic refuses even the same result again once a final one is held (409).
CREATE TABLE IF NOT EXISTS reminder_options (
	only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
	refuse_repeats boolean NOT NULL DEFAULT false
);
INSERT INTO reminder_options (only_row) VALUES (true) ON CONFLICT DO NOTHING;

-- Screen pops for the operator's desktop (call routing): the desktop reads new rows, or LISTENs on reminder_screen_pop.
CREATE TABLE IF NOT EXISTS reminder_screen_pops (
	seq bigserial PRIMARY KEY,
	at timestamptz NOT NULL DEFAULT clock_timestamp(),
	extension text NOT NULL,
	phone text NOT NULL,
	event text,
	call_session_id text,
	new_patient boolean NOT NULL DEFAULT false,
	patient_name text,
	next_visit_at text,
	next_visit_specialty text,
	next_visit_doctor text,
	campaign_id text,
	campaign_name text,
	employee_name text,
	title text
);

-- What a written result does to the clinic's own visit. REWRITE THIS for your schema (it runs inside
-- reminder_write_result, in the same transaction). The reference: confirmed/cancelled change a scheduled or confirmed
-- visit's status; unreached/failed flag it for staff and never cancel it; every other outcome leaves it as it was.
CREATE OR REPLACE FUNCTION reminder_apply_to_visit(p_visit_id text, p_outcome text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
	UPDATE clinic_visits
	SET status = CASE
			WHEN status IN ('scheduled', 'confirmed') AND p_outcome = 'confirmed' THEN 'confirmed'
			WHEN status IN ('scheduled', 'confirmed') AND p_outcome = 'cancelled' THEN 'cancelled'
			ELSE status
		END,
		staff_follow_up = staff_follow_up OR p_outcome IN ('unreached', 'failed'),
		updated_at = now()
	WHERE visit_id = p_visit_id;
END
$fn$;

-- Writes one reminder result with the rules of the clinic API (sandbox/clinic/results.ts), answering as it would:
-- status_code 200 written (duplicate = the same result again, nothing changed), 400 bad input, 404 no such visit,
-- 409 a different result after a final one (or, in strict mode, any repeat after a final one). Only a database
-- error raises: the reminder retries that on its next tick, and keeps a 4xx as refused.
CREATE OR REPLACE FUNCTION reminder_write_result(
	p_visit_id text,
	p_outcome text,
	p_code integer,
	p_attempts integer,
	p_call_id text,
	p_note text
) RETURNS TABLE (written boolean, duplicate boolean, status_code integer, error_text text)
LANGUAGE plpgsql AS $fn$
DECLARE
	current_row reminder_results%ROWTYPE;
	strict_mode boolean;
	same boolean := false;
	answer integer := 200;
	problem text;
BEGIN
	-- one writer per visit at a time: overlapping ticks see each other's result
	PERFORM pg_advisory_xact_lock(hashtext('reminder_write_result'), hashtext(coalesce(p_visit_id, '')));
	IF p_outcome IS NULL OR p_outcome NOT IN ('confirmed', 'cancelled', 'operator', 'hung_up', 'no_answer', 'unreached', 'failed') THEN
		answer := 400;
		problem := format('outcome must be one of confirmed, cancelled, operator, hung_up, no_answer, unreached, failed; got %s', coalesce(p_outcome, 'null'));
	ELSIF p_code IS NOT NULL AND (p_code < 0 OR p_code > 99) THEN
		answer := 400;
		problem := format('code must be an integer 0–99 or null; got %s', p_code);
	ELSIF p_attempts IS NULL OR p_attempts < 0 OR p_attempts > 50 THEN
		answer := 400;
		problem := format('attempts must be an integer 0–50; got %s', coalesce(p_attempts::text, 'null'));
	ELSIF p_outcome IN ('confirmed', 'cancelled', 'operator', 'hung_up') AND p_attempts < 1 THEN
		answer := 400;
		problem := format('attempts must be at least 1 for outcome %s', p_outcome);
	ELSIF length(p_note) > 1000 THEN
		answer := 400;
		problem := 'note must be at most 1000 characters';
	ELSIF NOT EXISTS (SELECT 1 FROM reminder_visits AS v WHERE v.visit_id = p_visit_id) THEN
		answer := 404;
		problem := format('no visit %s', p_visit_id);
	END IF;
	IF answer = 200 THEN
		SELECT * INTO current_row FROM reminder_results AS r WHERE r.visit_id = p_visit_id;
		SELECT o.refuse_repeats INTO strict_mode FROM reminder_options AS o;
		same := FOUND AND current_row.visit_id IS NOT NULL
			AND current_row.outcome = p_outcome
			AND current_row.code IS NOT DISTINCT FROM p_code
			AND current_row.attempts = p_attempts
			AND current_row.call_id IS NOT DISTINCT FROM p_call_id;
		same := coalesce(same, false);
		IF current_row.final AND (NOT same OR coalesce(strict_mode, false)) THEN
			answer := 409;
			problem := format('visit %s already has the final result %s (attempts %s); %s', p_visit_id, current_row.outcome,
				current_row.attempts, CASE WHEN same THEN 'this clinic system refuses to write it again'
				ELSE format('a different result (%s, attempts %s) is refused', p_outcome, p_attempts) END);
		ELSIF NOT same THEN
			INSERT INTO reminder_results AS r (visit_id, outcome, code, attempts, call_id, note, final, written_at)
			VALUES (p_visit_id, p_outcome, p_code, p_attempts, p_call_id, p_note,
				p_outcome NOT IN ('hung_up', 'no_answer'), now())
			ON CONFLICT (visit_id) DO UPDATE SET outcome = excluded.outcome, code = excluded.code,
				attempts = excluded.attempts, call_id = excluded.call_id, note = excluded.note,
				final = excluded.final, written_at = excluded.written_at;
			PERFORM reminder_apply_to_visit(p_visit_id, p_outcome);
		END IF;
	END IF;
	INSERT INTO reminder_write_log (visit_id, outcome, attempts, status_code, duplicate, error)
	VALUES (coalesce(p_visit_id, ''), p_outcome, p_attempts, answer, answer = 200 AND same, problem);
	RETURN QUERY SELECT answer = 200, answer = 200 AND same, answer, coalesce(problem, '');
END
$fn$;

-- The role n8n's credential uses needs only this (replace reminder_app with yours):
--   GRANT SELECT ON reminder_visits, reminder_patients, reminder_results TO reminder_app;
--   GRANT INSERT ON reminder_screen_pops TO reminder_app;
--   GRANT USAGE ON SEQUENCE reminder_screen_pops_seq_seq TO reminder_app;
--   GRANT EXECUTE ON FUNCTION reminder_write_result(text, text, integer, integer, text, text),
--     reminder_local_iso(timestamptz, text), reminder_phone_key(text) TO reminder_app;
--   ALTER FUNCTION reminder_write_result(text, text, integer, integer, text, text)
--     SECURITY DEFINER SET search_path = public, pg_temp;
--     (runs as the owner of the tables, so the role itself cannot change results or visits directly; the fixed
--     search_path is what PostgreSQL's docs ask of a SECURITY DEFINER function: "Writing SECURITY DEFINER Functions
--     Safely", CREATE FUNCTION)

-- ---------------------------------------------------------------- 4. the statements the sub-workflow runs
-- (copies of the queries in clinic-system-postgres.json; $1, $2… are the Postgres node's query parameters)
--
-- dueVisits {date}: the visits on that local date (the patient's zone) still due a reminder. The start_at range
-- first narrows by an index; the local date then decides.
--   /* reminder:dueVisits */
--   SELECT v.visit_id, v.phone, v.time_zone, reminder_local_iso(v.start_at, v.time_zone) AS start_iso,
--     v.specialty, v.doctor, v.patient_name, v.status, true AS due, '' AS final_outcome
--   FROM reminder_visits AS v
--   LEFT JOIN reminder_results AS r ON r.visit_id = v.visit_id
--   WHERE v.start_at >= $1::date - 2 AND v.start_at < $1::date + 3
--     AND left(reminder_local_iso(v.start_at, v.time_zone), 10) = $1
--     AND v.status = 'scheduled' AND NOT coalesce(r.final, false)
--   ORDER BY v.start_at, v.visit_id
--
-- getVisit {visitId}: exactly one row, found = false when there is no such visit.
--   /* reminder:getVisit */
--   SELECT q.id AS visit_id, v.visit_id IS NOT NULL AS found, v.phone, v.time_zone,
--     reminder_local_iso(v.start_at, v.time_zone) AS start_iso, v.specialty, v.doctor, v.patient_name, v.status,
--     coalesce(v.status = 'scheduled' AND NOT coalesce(r.final, false), false) AS due,
--     CASE WHEN r.final THEN r.outcome ELSE '' END AS final_outcome
--   FROM (SELECT $1::text AS id) AS q
--   LEFT JOIN LATERAL (SELECT * FROM reminder_visits AS x WHERE x.visit_id = q.id LIMIT 1) AS v ON true
--   LEFT JOIN reminder_results AS r ON r.visit_id = q.id
--
-- writeResult {visitId, outcome, code, attempts, callId, note}: exactly one row.
--   /* reminder:writeResult */
--   SELECT w.written, w.duplicate, w.status_code, w.error_text FROM reminder_write_result($1, $2, $3, $4, $5, $6) AS w
--
-- findPatient {phone}: exactly one row; the next visit is the earliest scheduled or confirmed one still ahead.
--   /* reminder:findPatient */
--   SELECT q.phone_key, p.phone_key IS NOT NULL AS found, p.patient_name, p.administrator_name,
--     p.administrator_phone, p.administrator_extension, n.visit_id AS next_visit_id,
--     reminder_local_iso(n.start_at, n.time_zone) AS next_visit_at, n.specialty AS next_visit_specialty,
--     n.doctor AS next_visit_doctor
--   FROM (SELECT reminder_phone_key($1) AS phone_key) AS q
--   LEFT JOIN reminder_patients AS p ON p.phone_key = q.phone_key AND q.phone_key <> ''
--   LEFT JOIN LATERAL (SELECT * FROM reminder_visits AS x WHERE p.phone_key IS NOT NULL
--     AND reminder_phone_key(x.phone) = q.phone_key AND x.status IN ('scheduled', 'confirmed') AND x.start_at > now()
--     ORDER BY x.start_at LIMIT 1) AS n ON true
--
-- screenPop {extension, phone, …}: one row per pop, and a NOTIFY for a desktop that listens.
--   /* reminder:screenPop */
--   WITH pop AS (INSERT INTO reminder_screen_pops (extension, phone, event, call_session_id, new_patient,
--     patient_name, next_visit_at, next_visit_specialty, next_visit_doctor, campaign_id, campaign_name,
--     employee_name, title) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING seq, extension)
--   SELECT pop.seq, pg_notify('reminder_screen_pop', pop.seq::text) IS NOT NULL AS notified FROM pop
