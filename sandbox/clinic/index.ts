/**
 * Clinic appointments simulator: the clinic-system side of the reminder ledger (visits due tomorrow in, reminder
 * results back) and of call routing (patients by phone with their personal administrator, screen pops). Public API in routes.ts, control API in control.ts.
 */
import { sendJson } from '../core/http';
import type { SandboxContext, SandboxModule } from '../core/types';
import { refusal } from './auth';
import { DEFAULT_CLINIC_TIME_ZONE, DEFAULT_VISIT_COUNT } from './catalog';
import { CLINIC_CONTROL_PREFIX, handleClinicControl } from './control';
import { resolveDate } from './dates';
import { CLINIC_PREFIX, handleClinic } from './routes';
import { ClinicState } from './state';

export { DEFAULT_CLINIC_TIME_ZONE, DEFAULT_VISIT_COUNT } from './catalog';
export { OUTCOMES as REMINDER_OUTCOMES } from './results';
export type * from './types';

export interface ClinicOptions {
	/** visits seeded at start and on reset (default 12) */
	visits?: number;
	/** the sandbox seed when omitted */
	seed?: number;
	/** date of the seeded visits: YYYY-MM-DD, today or tomorrow (default tomorrow in the clinic zone) */
	date?: string;
	/** zone that `today`/`tomorrow` are read in (default Europe/Moscow) */
	timeZone?: string;
	/** how many seeded visits get an unusable phone */
	invalidPhones?: number;
	/** the token the clinic API then requires (`Authorization: Bearer <token>`, auth.ts); default none: any request passes */
	apiToken?: string;
}

export function createClinicSimulator(options: ClinicOptions = {}): SandboxModule {
	const zone = options.timeZone ?? DEFAULT_CLINIC_TIME_ZONE;
	let state: ClinicState | undefined;

	const build = (ctx: SandboxContext): ClinicState => {
		const fresh = new ClinicState(options.seed ?? ctx.seed);
		fresh.apiToken = options.apiToken ?? null;
		const date = resolveDate(options.date ?? 'tomorrow', ctx.now(), zone);
		if (!date) throw new Error(`clinic: bad seed date ${options.date}`);
		fresh.seed(
			{ count: options.visits ?? DEFAULT_VISIT_COUNT, date, invalidPhones: options.invalidPhones },
			new Date(ctx.now()).toISOString(),
			true,
		);
		return fresh;
	};

	return {
		name: 'clinic',
		handle(req, res, ctx) {
			const isApi = req.path === CLINIC_PREFIX || req.path.startsWith(`${CLINIC_PREFIX}/`);
			const isControl =
				req.path === CLINIC_CONTROL_PREFIX || req.path.startsWith(`${CLINIC_CONTROL_PREFIX}/`);
			if (!isApi && !isControl) return false;
			state ??= build(ctx);
			const refused = isApi ? refusal(req, state.apiToken) : null;
			if (refused) sendJson(res, 401, { error: refused });
			else if (isApi) handleClinic(req, res, ctx, state, zone);
			else handleClinicControl(req, res, ctx, state, zone);
			return true;
		},
		reset(ctx) {
			state = build(ctx);
		},
		describe(baseUrl) {
			return [
				`Clinic: GET ${baseUrl}${CLINIC_PREFIX}/visits?date=YYYY-MM-DD, GET …/visits/due-reminders?for=tomorrow, POST …/visits/{id}/reminder-result`,
				`  routing: GET ${baseUrl}${CLINIC_PREFIX}/patients/by-phone/{phone}, POST …/screen-pops {extension, phone, newPatient, patientName, campaignName, …}`,
				`  control: ${baseUrl}${CLINIC_CONTROL_PREFIX}/{seed,visits,results,writes,config,screen-pops,administrators}, PATCH …/visits/{id} {status, startAt, phone}, PUT …/patients/{phone}/administrator {administratorId}`,
				`curl -s '${baseUrl}${CLINIC_PREFIX}/visits/due-reminders?for=tomorrow'`,
			];
		},
	};
}
