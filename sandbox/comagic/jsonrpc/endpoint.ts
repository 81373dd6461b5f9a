import type { ServerResponse } from 'node:http';

import { sendJson } from '../../core/http';
import type { SandboxRequest } from '../../core/types';
import { CALL_API_METHODS } from '../callApi/methods';
import { DATA_API_METHODS } from '../dataApi/methods';
import { COMAGIC_APP_ID } from '../defaults';
import type { Runtime } from '../model/runtime';
import type { ApiKind } from '../model/state';
import { authenticate, checkIp, login, logout } from './auth';
import { errorBody, errorId, parseEnvelope, type RpcId, successBody } from './envelope';
import { RpcError, rpcErrors } from './errors';
import { checkParams } from './params';

/**
 * One JSON-RPC request of either API end to end, in the order the docs' error tables imply: envelope → IP whitelist →
 * method → token → limits → parameters → work; points are charged on success only.
 */
export function handleRpc(
	rt: Runtime,
	api: ApiKind,
	req: SandboxRequest,
	res: ServerResponse,
): void {
	if (req.method !== 'POST') {
		// the APIs take POST only; the body still speaks JSON-RPC so a client sees a mnemonic
		sendJson(res, 405, errorBody(null, rpcErrors.invalidRequest('method', req.method), {}));
		return;
	}
	let id: RpcId = null;
	let limitsKnown = false;
	const now = rt.ctx.now();
	try {
		const request = parseEnvelope(req.bodyText);
		id = request.id;
		checkIp(rt.state.config.ipWhitelist, req.remoteAddress);
		const { method, params } = request;
		const isAuth = method === 'login.user' || method === 'logout.user';
		const handlerExists =
			isAuth || (api === 'call' ? method in CALL_API_METHODS : method in DATA_API_METHODS);
		if (!handlerExists) throw rpcErrors.methodNotFound(method);
		let data: unknown;
		let total: number | undefined;
		if (method === 'login.user') {
			checkParams(params, {
				login: { type: 'string', required: true },
				password: { type: 'string', required: true },
			});
			limitsKnown = true;
			rt.limits.check(api, now);
			const session = login(rt.state, params, now, api);
			data = api === 'data' ? { ...session, app_id: COMAGIC_APP_ID } : session;
		} else {
			const token = authenticate(rt.state, params.access_token, now, api);
			limitsKnown = true;
			rt.limits.check(api, now);
			if (method === 'logout.user') {
				checkParams(params, { access_token: { type: 'string', required: true } });
				logout(rt.state, token);
				// Call API answers {success: true}, Data API {} (their logout_user pages)
				data = api === 'call' ? { success: true } : {};
			} else if (api === 'call') {
				data = CALL_API_METHODS[method](rt, params, rt.state.nextRequestId++);
			} else {
				const result = DATA_API_METHODS[method](rt, params);
				data = result.data;
				total = result.total;
			}
		}
		rt.limits.charge(api, now);
		const metadata: Record<string, unknown> = { limits: rt.limits.snapshot(api, now) };
		if (total !== undefined) metadata.total_items = total;
		if (rt.state.config.versionDeprecated) metadata.api_version = apiVersion(api);
		sendJson(res, 200, successBody(id, data, metadata));
	} catch (caught) {
		const error =
			caught instanceof RpcError
				? caught
				: new RpcError(-32603, 'Internal error, contact the support service', 'internal_error');
		if (id === null) id = errorId(error);
		const metadata: Record<string, unknown> = {};
		if (error.withLimits && limitsKnown) metadata.limits = rt.limits.snapshot(api, now);
		if (!(caught instanceof RpcError)) {
			rt.ctx.log({
				direction: 'in',
				module: 'comagic',
				method: 'POST',
				url: req.path,
				error: (caught as Error).message,
			});
		}
		sendJson(res, 200, errorBody(id, error, metadata));
	}
}

function apiVersion(api: ApiKind): Record<string, unknown> {
	const current = api === 'call' ? 'v4.0' : 'v2.0';
	const latest = api === 'call' ? 'v4.1' : 'v2.1';
	// the Call API spells it «depricated», the Data API «deprecated»
	const flag = api === 'call' ? 'current_version_depricated' : 'current_version_deprecated';
	return { [flag]: true, current_version: current, latest_version: latest };
}
