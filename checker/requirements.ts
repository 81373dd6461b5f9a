/**
 * What a clinic's own system must do for the templates, checked against it over HTTP: every answer against
 * contract/clinic-api.openapi.json, plus what a schema cannot say (offsets against zones, dialable phones, stable
 * ids, the repeat rule of a write). Read-only unless `write` names a test visit.
 */
import { DateTime, IANAZone } from 'luxon';

import { CONTRACT_VERSION, validateResponse } from '../contract/validate';
import { normalizeRuPhone } from '../nodes/shared/phone';
import type { ClinicClient, Problem, Reply } from './client';

export interface CheckOptions {
	/** YYYY-MM-DD: the date asked of due-reminders */
	date: string;
	/** GET /visits/{id} for at most this many due visits */
	maxVisits: number;
	/** look a due visit's patient up by phone (call routing) */
	patientLookup: boolean;
	cancelledVisit?: string;
	/** a test visit to write results to */
	writeVisit?: string;
}

export type Verdict = 'pass' | 'FAIL' | 'skip';

export interface RequirementResult {
	id: RequirementId;
	text: string;
	verdict: Verdict;
	details: string[];
	fix?: string;
}

export const REQUIREMENTS = {
	reachable: 'the clinic API answers (no connection error, TLS error or timeout)',
	credential: 'the clinic API accepts the credential (no 401/403)',
	json: 'every answer is JSON (Content-Type application/json, UTF-8 without BOM)',
	dueReminders: 'GET /visits/due-reminders?for=DATE answers 200 with visits as the contract says',
	dueDate: 'due visits start on DATE in their own zone',
	dueScheduled: 'due visits are scheduled and hold no final reminder result',
	timeZones: "each visit's startAt offset is its timeZone's offset at that instant",
	phones: 'phones are dialable Russian numbers (the reminder skips others as failed)',
	getVisit: 'GET /visits/{visitId} answers 200 with the visit as the contract says',
	idsStable: 'ids are stable: GET /visits/{visitId} has the same id and fields as due-reminders',
	unknownVisit: 'GET /visits/{an unknown id} answers 404 {error}',
	patient:
		"GET /patients/by-phone/{phone} answers 200 as the contract says for a due visit's phone",
	cancelled: '--cancelled-visit answers status cancelled and is not due',
	writeFirst:
		'write: POST /visits/{visitId}/reminder-result writes a final result (200, duplicate: false)',
	writeRepeat: 'write: the same result again answers 200 with duplicate: true',
	writeHeld: 'write: GET /visits/{visitId} then holds it as the final result (reminderOutcome)',
	writeConflict: 'write: a different result after a final one answers 409 {error}',
	writeUnchanged: 'write: the repeat and the refused result changed nothing',
} as const;
export type RequirementId = keyof typeof REQUIREMENTS;

const FIX = {
	tls: "the API's TLS certificate is not trusted here: install one from a public CA (e.g. Let's Encrypt) on the publication's web server, or trust the clinic's CA with NODE_EXTRA_CA_CERTS=/path/ca.pem (n8n needs the same)",
	timeout:
		'answer within the Clinic system Settings timeoutMs (10000 ms as shipped): make the query fast (index visits by date), or raise timeoutMs there and --timeout here',
	connect:
		'check the URL, the port and the firewall: this machine and n8n must both reach the clinic API',
	credential:
		'send the credential the publication expects: --bearer (or CLINIC_API_SECRET), --header "Name: value", --basic user (password in CLINIC_API_SECRET); then give n8n the same in the Clinic system HTTP nodes\' credential',
	json: 'answer every request, errors included, with Content-Type: application/json; charset=utf-8 and a UTF-8 body without BOM, errors as {"error": "…"}. An HTML page is usually the web server\'s error page (see the service\'s log) or a login page (the request lacked the credential the publication wants)',
	schema: 'make the answer match contract/clinic-api.openapi.json (the lines above say where)',
	dueDate:
		"due-reminders?for=DATE must return the visits whose local date (the date part of startAt, in the patient's zone) is DATE",
	dueScheduled:
		'due-reminders must leave out visits that are not scheduled or already hold a final reminder result, or the reminder calls them',
	timeZones:
		"write startAt with the offset of the visit's timeZone on that date (a local time stored without a zone gets its zone's offset for that day), and timeZone as an IANA name such as Asia/Yekaterinburg",
	phones: "map the field holding the patient's mobile number to phone",
	getVisit: 'GET /visits/{visitId} must answer 200 and the visit for every id due-reminders gives',
	idsStable:
		'use one id per visit everywhere (the same field in due-reminders and GET /visits/{visitId}), and answer the same fields from both',
	unknownVisit:
		'answer 404 {"error": "…"} for an id the clinic does not have: the reminder then drops the visit; any other answer keeps it pending',
	patient:
		'find the patient by the last 10 digits of the stored phone, whatever its shape; answer {patient, nextVisit, administrator}',
	cancelled:
		'a visit cancelled at the front desk must answer status cancelled and leave due-reminders',
	write:
		"see the contract's POST /visits/{visitId}/reminder-result: the same result (outcome, code, attempts, callId) again is 200 with duplicate: true and changes nothing; a different one after a final result is 409 {error}",
} as const;

class Abort extends Error {}

const FINAL_INTERIM = ['hung_up', 'no_answer'];
type VisitLike = Record<string, unknown> & { id?: unknown; reminder?: unknown };

const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const errorOf = (body: unknown): string =>
	body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string'
		? (body as { error: string }).error
		: (JSON.stringify(body)?.slice(0, 200) ?? '');
/** at most `max` lines, then a count */
function capped(lines: string[], max = 8): string[] {
	return lines.length > max ? [...lines.slice(0, max), `… and ${lines.length - max} more`] : lines;
}

export class ClinicCheck {
	private readonly results = new Map<RequirementId, RequirementResult>();
	private transport: {
		reachable?: Problem;
		credential?: Problem;
		json?: Problem;
		answered: number;
	} = { answered: 0 };

	constructor(
		private readonly client: ClinicClient,
		private readonly options: CheckOptions,
	) {}

	private text(id: RequirementId): string {
		return REQUIREMENTS[id].replace(/DATE/g, this.options.date);
	}

	private set(id: RequirementId, verdict: Verdict, details: string[] = [], fix?: string): void {
		if (this.results.has(id)) return;
		this.results.set(id, {
			id,
			text: this.text(id),
			verdict,
			details: capped(details).map((d) => this.client.redact(d)),
			fix: verdict === 'FAIL' ? fix?.replace(/DATE/g, this.options.date) : undefined,
		});
	}

	private pass(id: RequirementId, details: string[] = []) {
		this.set(id, 'pass', details);
	}
	private fail(id: RequirementId, details: string[], fix: string) {
		this.set(id, 'FAIL', details, fix);
	}
	private skip(id: RequirementId, why: string) {
		this.set(id, 'skip', [why]);
	}

	/** One call; a transport problem is recorded once, and stops the run when nothing further can answer. */
	private async api(
		method: 'GET' | 'POST',
		path: string,
		body?: unknown,
	): Promise<Reply | undefined> {
		const reply = await this.client.request(method, path, body);
		const p = reply.problem;
		if (!p) {
			this.transport.answered++;
			return reply;
		}
		const where = `${method} ${path}`;
		if (p.kind === 'refused') {
			this.transport.credential ??= p;
			this.pass('reachable');
			this.fail(
				'credential',
				[
					`the clinic API refused the credential: ${p.message} (${where}; sent: ${this.client.credentialLabel})`,
				],
				FIX.credential,
			);
			throw new Abort();
		}
		if (p.kind === 'not-json') {
			this.transport.answered++;
			this.transport.json ??= p;
			this.fail('json', [`${where}: ${p.message}`], FIX.json);
			return undefined;
		}
		this.transport.reachable ??= p;
		const label =
			p.kind === 'tls' ? 'TLS error' : p.kind === 'timeout' ? 'timeout' : 'cannot connect';
		this.fail('reachable', [`${label}: ${where}: ${p.message}`], FIX[p.kind]);
		throw new Abort();
	}

	/** Schema check of an answer; returns the problems. */
	private schema(reply: Reply, template: string): string[] {
		const verdict = validateResponse(reply.method, template, reply.status, reply.body);
		if (verdict.ok) return [];
		const prefix = `${reply.method} ${reply.path} → HTTP ${reply.status}`;
		return [
			reply.status >= 300 ? `${prefix}: ${errorOf(reply.body)}` : prefix,
			...verdict.errors.map((e) => `  ${e}`),
		];
	}

	async run(): Promise<RequirementResult[]> {
		try {
			await this.steps();
		} catch (error) {
			if (!(error instanceof Abort)) throw error;
		}
		const t = this.transport;
		if (t.answered) {
			this.pass('reachable');
			this.pass('credential');
			this.pass('json');
		}
		const blocker = t.reachable ? 'reachable' : t.credential ? 'credential' : undefined;
		for (const id of Object.keys(REQUIREMENTS) as RequirementId[]) {
			if (!this.results.has(id))
				this.skip(id, blocker ? `not checked: "${this.text(blocker)}" failed` : 'not checked');
		}
		return (Object.keys(REQUIREMENTS) as RequirementId[]).map((id) => this.results.get(id)!);
	}

	private async steps(): Promise<void> {
		const o = this.options;
		const dueReply = await this.api(
			'GET',
			`/visits/due-reminders?for=${encodeURIComponent(o.date)}`,
		);
		let due: VisitLike[] = [];
		if (!dueReply) this.skip('dueReminders', 'no JSON answer (see above)');
		else if (dueReply.status !== 200) {
			this.fail(
				'dueReminders',
				[
					`${dueReply.method} ${dueReply.path} → HTTP ${dueReply.status}: ${errorOf(dueReply.body)}`,
				],
				FIX.schema,
			);
		} else {
			const problems = this.schema(dueReply, '/visits/due-reminders');
			due = Array.isArray(dueReply.body)
				? (dueReply.body as unknown[]).filter((v): v is VisitLike => !!v && typeof v === 'object')
				: [];
			// a common shape for a 1C service: {visits: [...]}; the templates read the array itself
			const wrapped =
				dueReply.body && typeof dueReply.body === 'object' && !Array.isArray(dueReply.body)
					? Object.keys(dueReply.body).find((k) => Array.isArray((dueReply.body as VisitLike)[k]))
					: undefined;
			if (wrapped) problems.push(`the visits are under "${wrapped}": answer the array itself`);
			if (problems.length) this.fail('dueReminders', problems, FIX.schema);
			else this.pass('dueReminders', [`${due.length} due visit(s) on ${o.date}`]);
		}
		const withId = due.filter((v) => typeof v.id === 'string' && v.id !== '');
		const noDue =
			dueReply?.status === 200 && due.length === 0
				? `no due visits on ${o.date}: pick a --date with scheduled visits`
				: 'no usable due-reminders answer';

		if (due.length) {
			this.checkDueVisits(due);
			this.checkPhones(due);
		} else {
			for (const id of ['dueDate', 'dueScheduled', 'timeZones', 'phones'] as const)
				this.skip(id, noDue);
		}

		const fetched = await this.checkGetVisits(
			withId,
			due.length ? 'no due visit has an id' : noDue,
		);
		if (due.length) {
			const bad = this.zoneProblems([...due, ...fetched]);
			if (bad.length) this.fail('timeZones', bad, FIX.timeZones);
			else this.pass('timeZones');
		}
		await this.checkUnknownVisit();
		if (!o.patientLookup) this.skip('patient', 'left out (--no-patient)');
		else await this.checkPatient(due, noDue);
		if (o.cancelledVisit === undefined)
			this.skip('cancelled', 'give --cancelled-visit ID of a visit cancelled at the front desk');
		else await this.checkCancelled(o.cancelledVisit, dueReply?.status === 200 ? withId : undefined);
		if (o.writeVisit === undefined) {
			for (const id of [
				'writeFirst',
				'writeRepeat',
				'writeHeld',
				'writeConflict',
				'writeUnchanged',
			] as const)
				this.skip(id, 'read-only: give --write --visit ID of a test visit');
		} else await this.checkWrites(o.writeVisit);
	}

	private checkDueVisits(due: VisitLike[]): void {
		const d = this.options.date;
		const wrongDate = due
			.filter((v) => typeof v.startAt !== 'string' || v.startAt.slice(0, 10) !== d)
			.map((v) => `visit ${str(v.id)}: startAt ${str(v.startAt)} is not on ${d}`);
		if (wrongDate.length) this.fail('dueDate', wrongDate, FIX.dueDate);
		else this.pass('dueDate');
		const notDue = due
			.filter(
				(v) =>
					v.status !== 'scheduled' || (v.reminder as { final?: unknown } | null)?.final === true,
			)
			.map((v) =>
				v.status !== 'scheduled'
					? `visit ${str(v.id)}: status ${str(v.status)}`
					: `visit ${str(v.id)}: already holds the final result ${str((v.reminder as { outcome?: unknown }).outcome)}`,
			);
		if (notDue.length) this.fail('dueScheduled', notDue, FIX.dueScheduled);
		else this.pass('dueScheduled');
	}

	/** startAt must carry an offset, and it must be timeZone's at that instant (a DST-less zone table is not enough). */
	private zoneProblems(visits: VisitLike[]): string[] {
		const bad: string[] = [];
		for (const v of visits) {
			const zone = v.timeZone;
			const startAt = v.startAt;
			const who = `visit ${str(v.id)}`;
			if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) {
				bad.push(`${who}: timeZone ${str(zone)} is not an IANA zone`);
				continue;
			}
			if (typeof startAt !== 'string' || !/(Z|[+-]\d{2}:?\d{2})$/i.test(startAt)) {
				bad.push(`${who}: startAt ${str(startAt)} has no offset`);
				continue;
			}
			const at = DateTime.fromISO(startAt, { setZone: true });
			if (!at.isValid) {
				bad.push(`${who}: startAt ${startAt} is not an ISO 8601 date-time`);
				continue;
			}
			const expected = at.setZone(zone);
			if (expected.offset !== at.offset) {
				bad.push(
					`${who}: startAt ${startAt} has offset ${at.toFormat('ZZ')}, but ${zone} is ${expected.toFormat('ZZ')} at that instant (${expected.toISO({ suppressMilliseconds: true })})`,
				);
			}
		}
		return [...new Set(bad)];
	}

	private checkPhones(due: VisitLike[]): void {
		const skipped = due
			.map((v) => ({ v, r: normalizeRuPhone(v.phone) }))
			.filter((x) => !x.r.ok)
			.map(({ v, r }) => `will be skipped as failed: visit ${str(v.id)}: ${r.ok ? '' : r.reason}`);
		if (skipped.length === due.length) {
			this.fail(
				'phones',
				['no due visit has a dialable phone: phone probably holds another field', ...skipped],
				FIX.phones,
			);
		} else this.pass('phones', skipped);
	}

	/** Reads each due visit back; returns what came back, for the zone check. */
	private async checkGetVisits(withId: VisitLike[], none: string): Promise<VisitLike[]> {
		if (!withId.length) {
			this.skip('getVisit', none);
			this.skip('idsStable', none);
			return [];
		}
		const asked = withId.slice(0, this.options.maxVisits);
		const schemaProblems: string[] = [];
		const drift: string[] = [];
		const fetched: VisitLike[] = [];
		let answered = 0;
		for (const v of asked) {
			const id = v.id as string;
			const reply = await this.api('GET', `/visits/${encodeURIComponent(id)}`);
			if (!reply) continue;
			answered++;
			const problems = this.schema(reply, '/visits/{visitId}');
			if (reply.status !== 200 || problems.length) {
				schemaProblems.push(
					...(problems.length
						? problems
						: [`${reply.method} ${reply.path} → HTTP ${reply.status}`]),
				);
				continue;
			}
			const got = reply.body as VisitLike;
			fetched.push(got);
			if (got.id !== id) {
				drift.push(`visit ${id}: GET /visits/${id} answered id ${JSON.stringify(got.id)}`);
				continue;
			}
			const fields = [
				'phone',
				'timeZone',
				'startAt',
				'status',
				'specialty',
				'doctor',
				'patient',
				'reminder',
			];
			const differ = fields.filter(
				(f) => JSON.stringify(got[f] ?? null) !== JSON.stringify(v[f] ?? null),
			);
			if (differ.length) {
				drift.push(
					`visit ${id}: ${differ.map((f) => `${f} ${JSON.stringify(v[f] ?? null)} in due-reminders, ${JSON.stringify(got[f] ?? null)} in GET`).join('; ')}`,
				);
			}
		}
		const note =
			withId.length > asked.length
				? [`first ${asked.length} of ${withId.length} (--max-visits)`]
				: [`${asked.length} visit(s)`];
		if (!answered) this.skip('getVisit', 'no JSON answer (see above)');
		else if (schemaProblems.length)
			this.fail('getVisit', schemaProblems, FIX.getVisit + '; ' + FIX.schema);
		else this.pass('getVisit', note);
		if (!fetched.length) this.skip('idsStable', 'no visit was read back');
		else if (drift.length) this.fail('idsStable', drift, FIX.idsStable);
		else this.pass('idsStable');
		return fetched;
	}

	private async checkUnknownVisit(): Promise<void> {
		const id = `clinic-check-no-such-visit-${Date.now().toString(36)}`;
		const reply = await this.api('GET', `/visits/${id}`);
		if (!reply) return this.skip('unknownVisit', 'no JSON answer (see above)');
		const problems = this.schema(reply, '/visits/{visitId}');
		if (reply.status !== 404)
			this.fail(
				'unknownVisit',
				[
					`GET /visits/${id} → HTTP ${reply.status}${reply.status >= 300 ? `: ${errorOf(reply.body)}` : ''}`,
				],
				FIX.unknownVisit,
			);
		else if (problems.length) this.fail('unknownVisit', problems, FIX.unknownVisit);
		else this.pass('unknownVisit');
	}

	private async checkPatient(due: VisitLike[], none: string): Promise<void> {
		const candidate = due.map((v) => ({ v, r: normalizeRuPhone(v.phone) })).find((x) => x.r.ok);
		if (!candidate || !candidate.r.ok)
			return this.skip('patient', due.length ? 'no due visit has a dialable phone' : none);
		// as CoMagic sends a caller: 7 + 10 digits
		const phone = candidate.r.phone;
		const reply = await this.api('GET', `/patients/by-phone/${phone}`);
		if (!reply) return this.skip('patient', 'no JSON answer (see above)');
		const problems = this.schema(reply, '/patients/by-phone/{phone}');
		if (reply.status === 404) {
			this.fail(
				'patient',
				[
					`GET /patients/by-phone/${phone} → 404 for the phone ${str(candidate.v.phone)} of due visit ${str(candidate.v.id)}: ${errorOf(reply.body)}`,
				],
				FIX.patient,
			);
		} else if (reply.status !== 200 || problems.length) {
			this.fail(
				'patient',
				problems.length ? problems : [`GET /patients/by-phone/${phone} → HTTP ${reply.status}`],
				FIX.patient + '; ' + FIX.schema,
			);
		} else this.pass('patient', [`visit ${str(candidate.v.id)}'s phone`]);
	}

	private async checkCancelled(id: string, due: VisitLike[] | undefined): Promise<void> {
		const reply = await this.api('GET', `/visits/${encodeURIComponent(id)}`);
		if (!reply) return this.skip('cancelled', 'no JSON answer (see above)');
		const problems = this.schema(reply, '/visits/{visitId}');
		const bad: string[] = [...problems];
		if (reply.status !== 200)
			bad.push(`GET /visits/${id} → HTTP ${reply.status}: ${errorOf(reply.body)}`);
		else if ((reply.body as VisitLike).status !== 'cancelled')
			bad.push(`visit ${id} has status ${str((reply.body as VisitLike).status)}`);
		if (due?.some((v) => v.id === id))
			bad.push(`visit ${id} is in due-reminders for ${this.options.date}`);
		if (bad.length) this.fail('cancelled', [...new Set(bad)], FIX.cancelled);
		else this.pass('cancelled', due ? [] : ['not compared with due-reminders (no usable answer)']);
	}

	private async getVisit(id: string): Promise<VisitLike | undefined> {
		const reply = await this.api('GET', `/visits/${encodeURIComponent(id)}`);
		if (!reply || reply.status !== 200 || this.schema(reply, '/visits/{visitId}').length)
			return undefined;
		return reply.body as VisitLike;
	}

	private async checkWrites(id: string): Promise<void> {
		const path = `/visits/${encodeURIComponent(id)}/reminder-result`;
		const template = '/visits/{visitId}/reminder-result';
		const all = [
			'writeFirst',
			'writeRepeat',
			'writeHeld',
			'writeConflict',
			'writeUnchanged',
		] as const;
		const before = await this.getVisit(id);
		if (!before) {
			for (const r of all)
				this.skip(
					r,
					`GET /visits/${id} did not answer 200 with a visit: give --visit the id of an existing test visit`,
				);
			return;
		}
		type Result = {
			outcome: string;
			code: number | null;
			attempts: number;
			callId: string | null;
			note: string | null;
		};
		const held = before.reminder as (Result & { final?: boolean }) | null | undefined;
		let first: Result;
		if (held && held.final === true) {
			// an earlier run (or the reminder) wrote it: the repeat rules are checked against what the visit holds
			first = {
				outcome: held.outcome,
				code: held.code ?? null,
				attempts: held.attempts,
				callId: held.callId ?? null,
				note: null,
			};
			this.skip(
				'writeFirst',
				`visit ${id} already holds the final result ${held.outcome}: the repeat rules are checked against it`,
			);
		} else {
			first = {
				outcome: 'operator',
				code: 3,
				attempts: 1,
				callId: `clinic-check-${Date.now().toString(36)}`,
				note: 'clinic check (npm run check-clinic): a test write',
			};
			const reply = await this.api('POST', path, first);
			if (!reply) {
				for (const r of all) this.skip(r, 'no JSON answer (see above)');
				return;
			}
			const problems = this.schema(reply, template);
			const body = reply.body as { duplicate?: unknown; ok?: unknown };
			if (reply.status !== 200 || problems.length || body.duplicate !== false) {
				this.fail(
					'writeFirst',
					[
						...problems,
						...(reply.status === 200 && body.duplicate !== false
							? [`duplicate is ${str(body.duplicate)}, not false, for the first write`]
							: []),
						...(reply.status !== 200 && !problems.length
							? [`POST ${path} → HTTP ${reply.status}: ${errorOf(reply.body)}`]
							: []),
					],
					FIX.write,
				);
				for (const r of all) this.skip(r, 'the first write failed');
				return;
			}
			this.pass('writeFirst', [
				`${first.outcome}, attempts ${first.attempts}, callId ${first.callId}`,
			]);
		}
		const snapshot = await this.getVisit(id);

		const repeat = await this.api('POST', path, {
			...first,
			note: 'clinic check: the same result again',
		});
		if (repeat) {
			const problems = this.schema(repeat, template);
			const body = repeat.body as { duplicate?: unknown };
			if (repeat.status !== 200)
				this.fail(
					'writeRepeat',
					[
						`the same result again → HTTP ${repeat.status}: ${errorOf(repeat.body)} (the reminder repeats a write when n8n stopped mid-write; a refusal leaves it pending)`,
						...problems,
					],
					FIX.write,
				);
			else if (problems.length) this.fail('writeRepeat', problems, FIX.write);
			else if (body.duplicate !== true)
				this.fail(
					'writeRepeat',
					[
						`the same result again → 200 with duplicate: ${str(body.duplicate)}: the clinic system wrote it a second time`,
					],
					FIX.write,
				);
			else this.pass('writeRepeat');
		} else this.skip('writeRepeat', 'no JSON answer (see above)');

		const after = await this.getVisit(id);
		const reminder = after?.reminder as { outcome?: unknown; final?: unknown } | null | undefined;
		if (!after)
			this.fail(
				'writeHeld',
				[`GET /visits/${id} did not answer 200 with a visit after the write`],
				FIX.write,
			);
		else if (!reminder || reminder.final !== true || reminder.outcome !== first.outcome) {
			this.fail(
				'writeHeld',
				[
					`GET /visits/${id} → reminder ${JSON.stringify(reminder ?? null)}; expected outcome ${first.outcome} with final: true (the reminder reads reminderOutcome from it)`,
				],
				FIX.write,
			);
		} else this.pass('writeHeld', [`reminderOutcome ${first.outcome}`]);

		const other: Result = {
			...first,
			outcome:
				first.outcome === 'failed' || FINAL_INTERIM.includes(first.outcome) ? 'operator' : 'failed',
			note: 'clinic check: a different result',
		};
		if (other.outcome === 'operator' && other.attempts < 1) other.attempts = 1;
		const conflict = await this.api('POST', path, other);
		if (conflict) {
			const problems = this.schema(conflict, template);
			if (conflict.status !== 409)
				this.fail(
					'writeConflict',
					[
						`a different result (${other.outcome}) after the final ${first.outcome} → HTTP ${conflict.status}${conflict.status >= 300 ? `: ${errorOf(conflict.body)}` : ''}`,
					],
					FIX.write,
				);
			else if (problems.length) this.fail('writeConflict', problems, FIX.write);
			else this.pass('writeConflict');
		} else this.skip('writeConflict', 'no JSON answer (see above)');

		const final = await this.getVisit(id);
		if (!snapshot || !final)
			this.skip('writeUnchanged', `GET /visits/${id} did not answer 200 with a visit`);
		else {
			const changed = Object.keys({ ...snapshot, ...final }).filter(
				(k) => JSON.stringify(snapshot[k]) !== JSON.stringify(final[k]),
			);
			if (changed.length)
				this.fail(
					'writeUnchanged',
					changed.map((k) => `${k}: ${JSON.stringify(snapshot[k])} → ${JSON.stringify(final[k])}`),
					FIX.write,
				);
			else this.pass('writeUnchanged');
		}
	}
}

/** The report: one line per requirement, details and the fix indented under it, then the totals. */
export function report(results: RequirementResult[]): {
	lines: string[];
	passed: number;
	failed: number;
} {
	const lines: string[] = [];
	for (const r of results) {
		const pad = r.verdict === 'FAIL' ? 'FAIL' : r.verdict;
		lines.push(
			`${pad}  ${r.text}${r.verdict === 'skip' && r.details[0] ? ` (${r.details[0]})` : ''}`,
		);
		if (r.verdict !== 'skip') for (const d of r.details) lines.push(`      ${d}`);
		if (r.fix) lines.push(`      fix: ${r.fix}`);
	}
	const passed = results.filter((r) => r.verdict === 'pass').length;
	const failed = results.filter((r) => r.verdict === 'FAIL').length;
	lines.push(`clinic check: ${passed} passed, ${failed} failed`);
	return { lines, passed, failed };
}

export { CONTRACT_VERSION };
