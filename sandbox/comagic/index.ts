import type { SandboxContext, SandboxModule } from '../core/types';
import { handleControl } from './control';
import {
	COMAGIC_ACCESS_KEY,
	COMAGIC_DEFAULT_SEED_CALLS,
	COMAGIC_DEFAULT_SEED_DAYS,
	COMAGIC_TIMEZONE,
	COMAGIC_VIRTUAL_NUMBER,
} from './defaults';
import { handleRpc } from './jsonrpc/endpoint';
import { Limits } from './jsonrpc/limits';
import { type CoMagicConfig, DEFAULT_CONFIG, mergeConfig } from './model/config';
import type { Runtime } from './model/runtime';
import { generateCalls } from './model/seedCalls';
import { CoMagicState } from './model/state';
import { handleRecording } from './recordings';
import { RpcFaultBook } from './rpcFaults';

/**
 * CoMagic (UIS, CallGear) simulator: Call API v4.0 (https://comagic.github.io/call_api/), Data API v2.0
 * (https://comagic.github.io/data_api/), recordings, HTTP notifications and a control API. Routes (sandbox/README.md maps each to
 * its file):
 *   POST /comagic/callapi/v4.0, POST /comagic/dataapi/v2.0 (jsonrpc/endpoint.ts),
 *   GET  /system/media/{talk|wav}/{id}/{hash}/, GET /comagic/media/{id}/{hash} (recordings.ts),
 *   /_control/comagic/rpc-faults (rpcFaults.ts), /_control/comagic/* (control.ts).
 */
export interface CoMagicOptions extends Partial<CoMagicConfig> {
	/** calls seeded at every reset (default 200) */
	seedCalls?: number;
	/** over the last N days (default 30) */
	seedDays?: number;
}

export type { CoMagicConfig } from './model/config';

export function createCoMagicSimulator(options: CoMagicOptions): SandboxModule {
	const {
		seedCalls = COMAGIC_DEFAULT_SEED_CALLS,
		seedDays = COMAGIC_DEFAULT_SEED_DAYS,
		...configInput
	} = options;
	const initialConfig = mergeConfig(DEFAULT_CONFIG, configInput as Record<string, unknown>);
	let rt: Runtime | undefined;
	const rpcFaults = new RpcFaultBook();

	const reset = (ctx: SandboxContext): void => {
		rpcFaults.clear();
		const state = new CoMagicState({ ...initialConfig });
		state.keys.set(COMAGIC_ACCESS_KEY, { expireAtMs: null, apis: ['call', 'data'] });
		const now = ctx.now();
		state.insertMany(
			generateCalls(state, {
				count: seedCalls,
				fromMs: now - seedDays * 86400000,
				tillMs: now - 60000,
				seed: ctx.seed,
			}),
		);
		rt = {
			ctx,
			state,
			limits: new Limits(() => state.config, COMAGIC_TIMEZONE),
			zone: COMAGIC_TIMEZONE,
		};
	};

	return {
		name: 'comagic',
		reset,
		async handle(req, res, ctx) {
			if (!rt) reset(ctx);
			const runtime = rt!;
			const path = req.path.replace(/\/+$/, '');
			const isApi = path === '/comagic/callapi/v4.0' || path === '/comagic/dataapi/v2.0';
			if (isApi && (await rpcFaults.apply(req, res))) return true;
			if (path === '/comagic/callapi/v4.0') {
				handleRpc(runtime, 'call', req, res);
				return true;
			}
			if (path === '/comagic/dataapi/v2.0') {
				handleRpc(runtime, 'data', req, res);
				return true;
			}
			if (handleRecording(runtime.state, req.method, req.path, res)) return true;
			if (rpcFaults.control(req, res)) return true;
			return handleControl(runtime, { reset: () => reset(ctx) }, req, res);
		},
		stop() {
			// timers belong to ctx.schedule, which the core clears
			rt = undefined;
		},
		describe(baseUrl) {
			const call = `${baseUrl}/comagic/callapi/v4.0`;
			const data = `${baseUrl}/comagic/dataapi/v2.0`;
			const json = "-H 'Content-Type: application/json'";
			return [
				`CoMagic: key ${COMAGIC_ACCESS_KEY}, login demo / demo-password, virtual number ${COMAGIC_VIRTUAL_NUMBER}`,
				`curl -s ${call} ${json} -d '{"jsonrpc":"2.0","id":1,"method":"start.simple_call","params":{"access_token":"${COMAGIC_ACCESS_KEY}","first_call":"operator","virtual_phone_number":"${COMAGIC_VIRTUAL_NUMBER}","contact":"79260000000","operator":"79262444491"}}'`,
				`curl -s ${data} ${json} -d '{"jsonrpc":"2.0","id":1,"method":"get.calls_report","params":{"access_token":"${COMAGIC_ACCESS_KEY}","date_from":"<YYYY-MM-DD> 00:00:00","date_till":"<YYYY-MM-DD> 23:59:59","limit":5,"fields":["id","start_time","call_records"]}}'`,
				`curl -s -o talk.mp3 ${baseUrl}/system/media/talk/<call id>/<call_records[0]>/   (links: GET ${baseUrl}/_control/comagic/state)`,
			];
		},
	};
}
