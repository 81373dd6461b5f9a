import type { ServerResponse } from 'node:http';

import { sendJson, tryParseJson } from '../core/http';
import type { SandboxRequest } from '../core/types';
import { finishCall, startCall } from './callLifecycle';
import {
	COMAGIC_ACCESS_KEY,
	COMAGIC_APP_ID,
	COMAGIC_LOGIN,
	COMAGIC_PASSWORD,
	COMAGIC_VIRTUAL_NUMBER,
} from './defaults';
import { expireSessions } from './jsonrpc/auth';
import { mergeConfig } from './model/config';
import type { Runtime } from './model/runtime';
import { generateCalls } from './model/seedCalls';
import type { Subscription } from './notifications/delivery';
import { defaultBodyTemplate, NOTIFICATION_EVENTS, resolveEvent } from './notifications/events';

const PREFIX = '/_control/comagic/';

class ControlError extends Error {}

function fail(message: string): never {
	throw new ControlError(message);
}

function timeArg(value: unknown, fallback: number, name: string): number {
	if (value === undefined || value === null) return fallback;
	if (typeof value === 'number') return value;
	const ms = typeof value === 'string' ? Date.parse(value) : NaN;
	if (Number.isNaN(ms)) fail(`${name} must be an ISO date or epoch milliseconds`);
	return ms;
}

function phoneArg(value: unknown, name: string): string {
	if (typeof value !== 'string' || !/^\d{11,15}$/.test(value))
		fail(`${name} must be digits, e.g. 79260000000`);
	return value;
}

export interface ControlHooks {
	/** back to the freshly seeded CoMagic state */
	reset(): void;
}

/** /_control/comagic/*: state, config, data seeding, simulated inbound calls, subscriptions, token faults. */
export async function handleControl(
	rt: Runtime,
	hooks: ControlHooks,
	req: SandboxRequest,
	res: ServerResponse,
): Promise<boolean> {
	if (!req.path.startsWith(PREFIX)) return false;
	const route = `${req.method} ${req.path.slice(PREFIX.length).replace(/\/$/, '')}`;
	const parsed = req.bodyText.trim() === '' ? {} : tryParseJson(req.bodyText);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		sendJson(res, 400, { error: 'body must be a JSON object' });
		return true;
	}
	const body = parsed as Record<string, unknown>;
	const { state, ctx } = rt;
	try {
		switch (route) {
			case 'GET state':
				sendJson(res, 200, {
					counts: {
						calls: state.calls.length,
						activeCalls: state.active.size,
						sessions: state.sessions.size,
						subscriptions: state.subscriptions.length,
						sales: state.sales.length,
						callApiPointsUsed: rt.limits.used('call'),
						dataApiPointsUsed: rt.limits.used('data'),
					},
					config: state.config,
					credentials: {
						accessKey: COMAGIC_ACCESS_KEY,
						login: COMAGIC_LOGIN,
						password: COMAGIC_PASSWORD,
					},
					account: { app_id: COMAGIC_APP_ID, timezone: rt.zone },
					urls: {
						callApi: `${ctx.baseUrl}/comagic/callapi/v4.0`,
						dataApi: `${ctx.baseUrl}/comagic/dataapi/v2.0`,
						recordingsBase: `${ctx.baseUrl}/system/media/talk/`,
					},
					virtualNumbers: state.virtualNumbers.map((v) => v.virtual_phone_number),
					employees: state.employees.map((e) => ({
						id: e.id,
						name: `${e.last_name} ${e.first_name}`,
					})),
					tags: state.tags,
					campaigns: state.campaigns.map((c) => ({ id: c.id, name: c.name })),
					events: NOTIFICATION_EVENTS,
					calls: {
						first: state.calls[0]?.id ?? null,
						last: state.calls[state.calls.length - 1]?.id ?? null,
					},
				});
				return true;
			case 'GET sales':
				// every set.tag_sales the account took, in order (tests judge sale tagging from these)
				sendJson(res, 200, { sales: state.sales });
				return true;
			case 'POST reset':
				hooks.reset();
				sendJson(res, 200, { ok: true });
				return true;
			case 'POST config':
				try {
					state.config = mergeConfig(state.config, body);
				} catch (error) {
					fail((error as Error).message);
				}
				sendJson(res, 200, state.config);
				return true;
			case 'POST seed-calls': {
				const count = body.count;
				if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 2000000) {
					fail('count must be an integer 0..2000000');
				}
				const now = ctx.now();
				const tillMs = timeArg(body.till, now, 'till');
				const fromMs = timeArg(body.from, tillMs - 30 * 86400000, 'from');
				if (fromMs >= tillMs) fail('from must be before till');
				if (body.replace === true) state.clearCalls();
				const started = Date.now();
				const calls = generateCalls(state, {
					count,
					fromMs,
					tillMs,
					lostRatio: typeof body.lostRatio === 'number' ? body.lostRatio : undefined,
					seed: typeof body.seed === 'number' ? body.seed : ctx.seed,
				});
				state.insertMany(calls);
				sendJson(res, 200, {
					generated: calls.length,
					total: state.calls.length,
					firstId: calls[0]?.id ?? null,
					lastId: calls[calls.length - 1]?.id ?? null,
					ms: Date.now() - started,
				});
				return true;
			}
			case 'POST inbound-call': {
				const contact = phoneArg(body.contact_phone_number, 'contact_phone_number');
				const vn = phoneArg(
					body.virtual_phone_number ?? COMAGIC_VIRTUAL_NUMBER,
					'virtual_phone_number',
				);
				const number =
					state.virtualNumber(vn) ?? fail(`${vn} is not a virtual number of the account`);
				const lost = body.lost === true;
				const employeeId =
					typeof body.employee_id === 'number'
						? body.employee_id
						: (state.employees[0]?.id ?? null);
				if (employeeId !== null && !state.employee(employeeId))
					fail(`employee ${employeeId} does not exist`);
				const waitMs = typeof body.waitMs === 'number' ? body.waitMs : 0;
				const talkMs = typeof body.talkMs === 'number' ? body.talkMs : state.config.callDurationMs;
				const active = startCall(rt, {
					contact,
					virtualNumber: vn,
					direction: 'in',
					source: 'va',
					employeeId,
					operatorPhone: null,
					externalId: null,
					requestId: null,
					scenarioId: number.scenario_id,
					inbound: true,
					answered: !lost,
					waitSeconds: typeof body.waitSeconds === 'number' ? body.waitSeconds : lost ? 20 : 5,
					durationMs: lost ? waitMs : talkMs,
					talkSeconds: typeof body.talkSeconds === 'number' ? body.talkSeconds : undefined,
				});
				// wait:true answers after every notification of the call went out (handy in tests)
				if (body.wait === true) {
					while (state.active.has(active.record.id)) await new Promise((r) => setTimeout(r, 10));
					let chain: Promise<void>;
					do {
						chain = active.chain;
						await chain;
					} while (chain !== active.chain);
				}
				sendJson(res, 200, { call_session_id: active.record.id });
				return true;
			}
			case 'POST finish-call': {
				const id = body.call_session_id;
				if (typeof id !== 'number') fail('call_session_id must be a number');
				const finished = finishCall(rt, id, 'subscriber_disconnects');
				if (!finished) fail(`call ${id} is not active`);
				sendJson(res, 200, { ok: true });
				return true;
			}
			case 'GET notifications':
				sendJson(res, 200, { subscriptions: state.subscriptions });
				return true;
			case 'POST notifications': {
				const event =
					resolveEvent(body.event) ??
					fail(`event must be one of ${Object.keys(NOTIFICATION_EVENTS).join(', ')}`);
				const method = body.method ?? 'POST';
				if (method !== 'GET' && method !== 'POST') fail('method must be GET or POST');
				if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url))
					fail('url must be an http(s) URL');
				if (body.body !== undefined && typeof body.body !== 'string')
					fail('body must be a template string');
				const sub: Subscription = {
					id: state.nextSubscriptionId++,
					event,
					method,
					url: body.url,
					body: (body.body as string | undefined) ?? defaultBodyTemplate(event),
					name: typeof body.name === 'string' ? body.name : NOTIFICATION_EVENTS[event],
					contentType:
						typeof body.contentType === 'string'
							? body.contentType
							: 'application/json; charset=UTF-8',
				};
				state.subscriptions.push(sub);
				sendJson(res, 200, sub);
				return true;
			}
			case 'DELETE notifications':
				state.subscriptions = [];
				sendJson(res, 200, { ok: true });
				return true;
			case 'POST expire-tokens':
				sendJson(res, 200, { expired: expireSessions(state, ctx.now()) });
				return true;
			case 'POST block-token': {
				if (typeof body.access_token !== 'string') fail('access_token must be a string');
				state.blocked.add(body.access_token);
				sendJson(res, 200, { ok: true });
				return true;
			}
			case 'POST keys': {
				// a cabinet key: permanent (no expire_at) or temporary until expire_at (unix seconds), for both APIs or
				// only those in `apis` (e.g. ["data"]: a Data-API-only key the Call API does not know)
				if (typeof body.access_token !== 'string' || body.access_token === '')
					fail('access_token must be a string');
				const expireAt = body.expire_at;
				if (expireAt !== undefined && typeof expireAt !== 'number')
					fail('expire_at must be unix seconds');
				const apis = body.apis ?? ['call', 'data'];
				if (
					!Array.isArray(apis) ||
					apis.length === 0 ||
					!apis.every((a) => a === 'call' || a === 'data')
				)
					fail('apis must be a non-empty array of "call" and "data"');
				state.keys.set(body.access_token, {
					expireAtMs: expireAt === undefined ? null : expireAt * 1000,
					apis: apis as Array<'call' | 'data'>,
				});
				sendJson(res, 200, { ok: true });
				return true;
			}
			default:
				sendJson(res, 404, { error: `no CoMagic control route ${route}` });
				return true;
		}
	} catch (error) {
		if (!(error instanceof ControlError)) throw error;
		sendJson(res, 400, { error: error.message });
		return true;
	}
}
