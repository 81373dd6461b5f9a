/**
 * Control API under /_control/clinic/: seed visits, add or change one visit, read written results and every write
 * request, make the clinic strict (PUT /config {refuseRepeats}) or require a token (PUT /config {apiToken}: auth.ts).
 */
import type { ServerResponse } from 'node:http';
import { DateTime, IANAZone } from 'luxon';

import { sendJson, tryParseJson } from '../core/http';
import type { SandboxContext, SandboxRequest } from '../core/types';
import { ADMINISTRATORS, findAdministrator } from './administrators';
import { resolveDate } from './dates';
import { lookupKey } from './patients';
import type { ClinicState } from './state';
import type { Visit, VisitStatus } from './types';

export const CLINIC_CONTROL_PREFIX = '/_control/clinic';
const STATUSES: readonly VisitStatus[] = [
	'scheduled',
	'confirmed',
	'cancelled',
	'completed',
	'no_show',
];

function seedVisits(
	body: Record<string, unknown>,
	ctx: SandboxContext,
	state: ClinicState,
	zone: string,
): { status: number; body: unknown } {
	const count = body.count ?? 10;
	if (!Number.isInteger(count) || (count as number) < 0 || (count as number) > 5000) {
		return { status: 400, body: { error: 'count must be an integer 0–5000' } };
	}
	const date = resolveDate(String(body.date ?? 'tomorrow'), ctx.now(), zone);
	if (!date) return { status: 400, body: { error: 'date must be YYYY-MM-DD, today or tomorrow' } };
	const invalidPhones = body.invalidPhones ?? 0;
	if (!Number.isInteger(invalidPhones) || (invalidPhones as number) < 0) {
		return { status: 400, body: { error: 'invalidPhones must be a non-negative integer' } };
	}
	if (body.seed !== undefined && !Number.isInteger(body.seed)) {
		return { status: 400, body: { error: 'seed must be an integer' } };
	}
	const nowIso = new Date(ctx.now()).toISOString();
	const visits = state.seed(
		{ count: count as number, date, invalidPhones: invalidPhones as number },
		nowIso,
		body.append !== true,
		body.seed as number | undefined,
	);
	if (body.append !== true) {
		state.results = [];
		state.writes = [];
	}
	return { status: 200, body: { date, created: visits.length, total: state.visits.size, visits } };
}

/** One visit with chosen fields (the rest generated), for tests that need a known phone or time. */
function addVisit(
	body: Record<string, unknown>,
	ctx: SandboxContext,
	state: ClinicState,
	zone: string,
): { status: number; body: unknown } {
	const timeZone = (body.timeZone as string | undefined) ?? zone;
	// `badTimeZone: true` stores a zone a clinic mistyped (the templates must skip such a row, not crash)
	const badZone = body.badTimeZone === true;
	if (!badZone && !IANAZone.isValidZone(timeZone))
		return { status: 400, body: { error: `unknown time zone ${timeZone}` } };
	const readZone = badZone ? zone : timeZone;
	const start =
		typeof body.startAt === 'string'
			? DateTime.fromISO(body.startAt, { setZone: true })
			: DateTime.fromMillis(ctx.now(), { zone: readZone })
					.plus({ days: 1 })
					.set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
	if (!start.isValid) return { status: 400, body: { error: 'startAt must be an ISO date-time' } };
	const local = start.setZone(readZone);
	if (body.status !== undefined && !STATUSES.includes(body.status as VisitStatus)) {
		return { status: 400, body: { error: `status must be one of ${STATUSES.join(', ')}` } };
	}
	const date = local.toISODate() ?? '';
	const [generated] = state.seed({ count: 1, date }, new Date(ctx.now()).toISOString(), false);
	const visit: Visit = {
		...generated,
		phone: typeof body.phone === 'string' ? body.phone : generated.phone,
		timeZone,
		startAt: local.toISO({ suppressMilliseconds: true }) ?? generated.startAt,
		status: (body.status as VisitStatus | undefined) ?? 'scheduled',
		specialty: typeof body.specialty === 'string' ? body.specialty : generated.specialty,
		doctor: typeof body.doctor === 'string' ? body.doctor : generated.doctor,
	};
	if (typeof body.id === 'string' && body.id !== '') {
		state.visits.delete(generated.id);
		visit.id = body.id;
	}
	state.visits.set(visit.id, visit);
	return { status: 200, body: visit };
}

/**
 * Front-desk edits after the reminder imported a visit: cancel it, move it, change the phone. The templates must
 * re-read a visit before dialling and not call a cancelled or moved one.
 */
function changeVisit(
	id: string,
	body: Record<string, unknown>,
	ctx: SandboxContext,
	state: ClinicState,
): { status: number; body: unknown } {
	const visit = state.visits.get(id);
	if (!visit) return { status: 404, body: { error: `no visit ${id}` } };
	const allowed = ['status', 'startAt', 'phone'];
	const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
	if (unknown.length) {
		return {
			status: 400,
			body: { error: `unknown field(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ')}` },
		};
	}
	if (body.status !== undefined && !STATUSES.includes(body.status as VisitStatus)) {
		return { status: 400, body: { error: `status must be one of ${STATUSES.join(', ')}` } };
	}
	let startAt = visit.startAt;
	if (body.startAt !== undefined) {
		const start =
			typeof body.startAt === 'string'
				? DateTime.fromISO(body.startAt, { setZone: true })
				: undefined;
		if (!start?.isValid)
			return { status: 400, body: { error: 'startAt must be an ISO date-time' } };
		const zoned = IANAZone.isValidZone(visit.timeZone) ? start.setZone(visit.timeZone) : start;
		startAt = zoned.toISO({ suppressMilliseconds: true }) ?? visit.startAt;
	}
	if (body.phone !== undefined && typeof body.phone !== 'string') {
		return { status: 400, body: { error: 'phone must be a string' } };
	}
	visit.status = (body.status as VisitStatus | undefined) ?? visit.status;
	visit.startAt = startAt;
	visit.phone = (body.phone as string | undefined) ?? visit.phone;
	visit.updatedAt = new Date(ctx.now()).toISOString();
	return { status: 200, body: visit };
}

/** Gives a patient (by phone) a personal administrator, or none with `administratorId: null`. */
function assignAdministrator(
	phone: string,
	body: Record<string, unknown>,
	state: ClinicState,
): { status: number; body: unknown } {
	const key = lookupKey(phone);
	if (!key)
		return {
			status: 400,
			body: {
				error: `phone must be a Russian number, e.g. 79161234567; got ${JSON.stringify(phone)}`,
			},
		};
	const id = body.administratorId;
	if (id !== null && (typeof id !== 'string' || !findAdministrator(id))) {
		return {
			status: 400,
			body: {
				error: `administratorId must be null or one of ${ADMINISTRATORS.map((a) => a.id).join(', ')}`,
			},
		};
	}
	state.administratorOverrides.set(key, id as string | null);
	return {
		status: 200,
		body: { phone: key, administrator: id === null ? null : findAdministrator(id) },
	};
}

const toPair = (a: { status: number; body: unknown }): [number, unknown] => [a.status, a.body];

function safeDecode(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		return part;
	}
}

export function handleClinicControl(
	req: SandboxRequest,
	res: ServerResponse,
	ctx: SandboxContext,
	state: ClinicState,
	zone: string,
): void {
	const parsed = tryParseJson(req.bodyText || '{}');
	const body = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
		string,
		unknown
	>;
	const sub = req.path.slice(CLINIC_CONTROL_PREFIX.length).replace(/\/+$/, '');
	const one = /^\/visits\/([^/]+)$/.exec(sub);
	let answer: { status: number; body: unknown };
	if (one && req.method === 'PATCH') {
		sendJson(res, ...toPair(changeVisit(safeDecode(one[1]), body, ctx, state)));
		return;
	}
	const admin = /^\/patients\/([^/]+)\/administrator$/.exec(sub);
	if (admin && req.method === 'PUT') {
		sendJson(res, ...toPair(assignAdministrator(safeDecode(admin[1]), body, state)));
		return;
	}
	switch (`${req.method} ${sub}`) {
		case 'POST /seed':
			answer = seedVisits(body, ctx, state, zone);
			break;
		case 'POST /visits':
			answer = addVisit(body, ctx, state, zone);
			break;
		case 'GET /visits':
			answer = { status: 200, body: state.sorted() };
			break;
		case 'GET /results':
			answer = { status: 200, body: state.results };
			break;
		case 'GET /writes':
			answer = { status: 200, body: state.writes };
			break;
		case 'PUT /config':
			if (body.refuseRepeats !== undefined && typeof body.refuseRepeats !== 'boolean') {
				answer = { status: 400, body: { error: 'refuseRepeats must be true or false' } };
				break;
			}
			if (
				body.apiToken !== undefined &&
				body.apiToken !== null &&
				(typeof body.apiToken !== 'string' || !body.apiToken)
			) {
				answer = {
					status: 400,
					body: { error: 'apiToken must be a non-empty string, or null for none' },
				};
				break;
			}
			if (body.refuseRepeats !== undefined) state.refuseRepeats = body.refuseRepeats as boolean;
			if (body.apiToken !== undefined) state.apiToken = body.apiToken as string | null;
			answer = {
				status: 200,
				body: { refuseRepeats: state.refuseRepeats, apiToken: state.apiToken !== null },
			};
			break;
		case 'GET /screen-pops':
			answer = { status: 200, body: state.screenPops };
			break;
		case 'DELETE /screen-pops':
			state.screenPops = [];
			answer = { status: 200, body: { ok: true } };
			break;
		case 'GET /administrators':
			answer = { status: 200, body: ADMINISTRATORS };
			break;
		default:
			answer = {
				status: 404,
				body: { error: `no clinic control endpoint ${req.method} ${req.path}` },
			};
	}
	sendJson(res, answer.status, answer.body);
}
