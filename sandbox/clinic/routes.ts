/** The clinic's public API under /clinic (what a clinic's 1C HTTP service would expose). */
import type { ServerResponse } from 'node:http';

import { sendJson, tryParseJson } from '../core/http';
import type { SandboxContext, SandboxRequest } from '../core/types';
import { localDate, resolveDate } from './dates';
import { findPatient, lookupKey } from './patients';
import { applyResult, parseResult, ResultError } from './results';
import { parseScreenPop, ScreenPopError } from './screenPops';
import type { ClinicState } from './state';
import type { Visit } from './types';

export const CLINIC_PREFIX = '/clinic';

/** Every route above; tests/contract checks it against contract/clinic-api.openapi.json's paths. */
export const CLINIC_ROUTES: readonly string[] = [
	'GET visits',
	'GET visits/due-reminders',
	'GET visits/:id',
	'POST visits/:id/reminder-result',
	'GET patients/by-phone/:id',
	'POST screen-pops',
];

/** A malformed %-escape is an unknown id (404), not a crash. */
function safeDecode(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		return part;
	}
}

/** Due for a reminder: still scheduled, and no final reminder result yet. */
export function isDue(visit: Visit): boolean {
	return visit.status === 'scheduled' && !visit.reminder?.final;
}

function dateParam(
	req: SandboxRequest,
	res: ServerResponse,
	name: string,
	fallback: string | undefined,
	ctx: SandboxContext,
	zone: string,
): string | null | undefined {
	const raw = req.query.get(name) ?? fallback;
	if (raw === undefined) return undefined;
	const date = resolveDate(raw, ctx.now(), zone);
	if (!date) {
		sendJson(res, 400, {
			error: `${name} must be YYYY-MM-DD, today or tomorrow; got ${JSON.stringify(raw)}`,
		});
		return null;
	}
	return date;
}

export function handleClinic(
	req: SandboxRequest,
	res: ServerResponse,
	ctx: SandboxContext,
	state: ClinicState,
	clinicZone: string,
): void {
	const parts = req.path.slice(CLINIC_PREFIX.length).split('/').filter(Boolean).map(safeDecode);
	const route = `${req.method} ${parts.map((p, i) => ((i === 1 && parts[0] === 'visits' && p !== 'due-reminders') || (i === 2 && parts[0] === 'patients' && parts[1] === 'by-phone') ? ':id' : p)).join('/')}`;
	switch (route) {
		case 'GET patients/by-phone/:id': {
			// what a front desk's system answers for a caller: the patient, the next visit, the personal administrator.
			// A foreign or hidden number is simply nobody's: 404 like any stranger, so routing treats it as a new caller.
			const card = findPatient(state, parts[2], ctx.now());
			if (card) sendJson(res, 200, card);
			else
				sendJson(res, 404, {
					error: lookupKey(parts[2])
						? `no patient with phone ${parts[2]}`
						: `no patient with phone ${JSON.stringify(parts[2])}: patients are stored by Russian numbers, e.g. 79161234567`,
				});
			return;
		}
		case 'POST screen-pops': {
			try {
				const pop = parseScreenPop(
					tryParseJson(req.bodyText),
					state.screenPops.length + 1,
					new Date(ctx.now()).toISOString(),
				);
				state.screenPops.push(pop);
				sendJson(res, 200, { ok: true, seq: pop.seq });
			} catch (error) {
				if (!(error instanceof ScreenPopError)) throw error;
				sendJson(res, 400, { error: error.message });
			}
			return;
		}
		case 'GET visits': {
			const date = dateParam(req, res, 'date', undefined, ctx, clinicZone);
			if (date === null) return;
			const status = req.query.get('status');
			sendJson(
				res,
				200,
				state
					.sorted()
					.filter(
						(v) => (!date || localDate(v.startAt) === date) && (!status || v.status === status),
					),
			);
			return;
		}
		case 'GET visits/due-reminders': {
			const date = dateParam(req, res, 'for', 'tomorrow', ctx, clinicZone);
			if (date === null) return;
			sendJson(
				res,
				200,
				state.sorted().filter((v) => localDate(v.startAt) === date && isDue(v)),
			);
			return;
		}
		case 'GET visits/:id': {
			const visit = state.visits.get(parts[1]);
			if (visit) sendJson(res, 200, visit);
			else sendJson(res, 404, { error: `no visit ${parts[1]}` });
			return;
		}
		case 'POST visits/:id/reminder-result': {
			const visit = state.visits.get(parts[1]);
			if (!visit) {
				sendJson(res, 404, { error: `no visit ${parts[1]}` });
				return;
			}
			const at = new Date(ctx.now()).toISOString();
			const answer = (status: number, body: unknown) => {
				state.writes.push({ seq: state.writes.length + 1, at, visitId: visit.id, status });
				sendJson(res, status, body);
			};
			try {
				const input = parseResult(tryParseJson(req.bodyText));
				const written = applyResult(
					visit,
					input,
					at,
					state.results.length + 1,
					state.refuseRepeats,
				);
				state.results.push(written);
				answer(200, { ok: true, duplicate: written.duplicate, visit });
			} catch (error) {
				if (!(error instanceof ResultError)) throw error;
				answer(error.status, { error: error.message });
			}
			return;
		}
		default: {
			const samePath = CLINIC_ROUTES.some((k) => k.split(' ')[1] === route.split(' ')[1]);
			sendJson(res, samePath ? 405 : 404, {
				error: `${samePath ? 'method not allowed' : 'no clinic endpoint'}: ${req.method} ${req.path}`,
			});
		}
	}
}
