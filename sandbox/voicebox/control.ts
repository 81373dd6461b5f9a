/** Control API under /_control/voicebox/: campaigns, scripts, calls, config, callback replay. */
import type { ServerResponse } from 'node:http';

import { sendJson, tryParseJson } from '../core/http';
import type { SandboxContext, SandboxRequest } from '../core/types';
import { replayLastCallback } from './callbacks';
import { buildCampaign, InputError, type CampaignInput } from './campaigns';
import { OUTCOME_CODES } from './defaults';
import { pumpQueue } from './dialer';
import type { VoiceboxState } from './state';
import type { CallRecord, ErrorStatuses, VoiceboxConfig } from './types';

export const CONTROL_PREFIX = '/_control/voicebox';

export type ConfigInput = Partial<Omit<VoiceboxConfig, 'statuses'>> & {
	statuses?: Partial<ErrorStatuses>;
};

/** Merges a partial config, rejecting values the simulator cannot use. */
export function mergeConfig(base: VoiceboxConfig, input: ConfigInput): VoiceboxConfig {
	const next: VoiceboxConfig = {
		...base,
		...input,
		statuses: { ...base.statuses, ...(input.statuses ?? {}) },
	};
	const fail = (m: string): never => {
		throw new InputError(m);
	};
	if (typeof next.login !== 'string' || typeof next.password !== 'string')
		fail('login and password must be strings');
	if (next.login.includes(':')) fail('a Basic-auth login cannot contain ":"');
	for (const [key, status] of Object.entries(next.statuses)) {
		if (!Number.isInteger(status) || status < 200 || status > 599)
			fail(`statuses.${key} must be an HTTP status`);
	}
	if (!['string', 'number'].includes(next.callIdType))
		fail('callIdType must be "string" or "number"');
	try {
		new RegExp(next.numberPattern);
	} catch {
		fail('numberPattern is not a valid regular expression');
	}
	if (!(OUTCOME_CODES as readonly number[]).includes(next.defaultOutcome))
		fail('defaultOutcome must be 1–5');
	for (const key of ['durationMs', 'pickupMs', 'queuePollMs'] as const) {
		if (!Number.isInteger(next[key]) || next[key] < 0)
			fail(`${key} must be a non-negative integer`);
	}
	if (next.queuePollMs < 1) fail('queuePollMs must be ≥ 1');
	return next;
}

function publicCall(call: CallRecord): Omit<CallRecord, 'notBefore'> & { notBefore: string } {
	return { ...call, notBefore: new Date(call.notBefore).toISOString() };
}

function body(req: SandboxRequest): Record<string, unknown> {
	const parsed = tryParseJson(req.bodyText || '{}');
	if (typeof parsed !== 'object' || parsed === null)
		throw new InputError('body must be a JSON object');
	return parsed as Record<string, unknown>;
}

const isOutcome = (o: unknown): o is number => (OUTCOME_CODES as readonly unknown[]).includes(o);
const isMs = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** One attempt of a script: a code, or `{outcome, gapMs}` where gapMs = pickup status → outcome post. */
function scriptStep(step: unknown): { outcome: number; gapMs: number | null } {
	if (isOutcome(step)) return { outcome: step, gapMs: null };
	const { outcome, gapMs } = (typeof step === 'object' && step !== null ? step : {}) as Record<
		string,
		unknown
	>;
	if (!isOutcome(outcome) || (gapMs !== undefined && !isMs(gapMs))) {
		throw new InputError(
			'outcomes must be an array of codes 1–5 or {"outcome": 1–5, "gapMs": ms from the pickup status to the outcome}, one per attempt',
		);
	}
	return { outcome, gapMs: gapMs ?? null };
}

function setScript(state: VoiceboxState, input: Record<string, unknown>): unknown {
	const { number, outcomes, durationMs } = input;
	if (typeof number !== 'string' || number === '') throw new InputError('number is required');
	if (!Array.isArray(outcomes)) {
		throw new InputError('outcomes must be an array of codes 1–5, one per attempt');
	}
	const steps = outcomes.map(scriptStep);
	if (durationMs !== undefined && !isMs(durationMs)) {
		throw new InputError('durationMs must be a non-negative integer');
	}
	const script = {
		outcomes: steps.map((s) => s.outcome),
		gapsMs: steps.map((s) => s.gapMs),
		durationMs: durationMs as number | undefined,
		used: 0,
	};
	state.scripts.set(number, script);
	return { number, ...script };
}

/** Answers every /_control/voicebox/* request (404 JSON for unknown ones). */
export async function handleControl(
	req: SandboxRequest,
	res: ServerResponse,
	ctx: SandboxContext,
	state: VoiceboxState,
): Promise<boolean> {
	const sub = req.path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '');
	const [, resource, id] = sub.split('/');
	try {
		switch (`${req.method} ${resource}${id ? '/:id' : ''}`) {
			case 'GET campaigns':
				sendJson(res, 200, [...state.campaigns.values()]);
				return true;
			case 'POST campaigns': {
				const campaign = buildCampaign(body(req) as CampaignInput);
				state.campaigns.set(campaign.id, campaign);
				state.toLose.set(campaign.id, campaign.callback.lose);
				sendJson(res, 200, campaign);
				return true;
			}
			case 'GET campaigns/:id':
			case 'PATCH campaigns/:id':
			case 'DELETE campaigns/:id': {
				const existing = state.campaigns.get(decodeURIComponent(id));
				if (!existing) {
					sendJson(res, 404, { error: `no campaign ${id}` });
				} else if (req.method === 'GET') {
					sendJson(res, 200, existing);
				} else if (req.method === 'DELETE') {
					state.campaigns.delete(existing.id);
					sendJson(res, 200, { ok: true });
				} else {
					const input = body(req) as CampaignInput;
					const campaign = buildCampaign({ ...input, id: existing.id }, existing);
					state.campaigns.set(campaign.id, campaign);
					if (input.callback?.lose !== undefined)
						state.toLose.set(campaign.id, campaign.callback.lose);
					sendJson(res, 200, campaign);
				}
				return true;
			}
			case 'POST script':
				sendJson(res, 200, setScript(state, body(req)));
				return true;
			case 'GET script':
				sendJson(res, 200, Object.fromEntries(state.scripts));
				return true;
			case 'DELETE script': {
				const number = req.query.get('number');
				if (number) state.scripts.delete(number);
				else state.scripts.clear();
				sendJson(res, 200, { ok: true });
				return true;
			}
			case 'GET calls': {
				pumpQueue(ctx, state);
				const number = req.query.get('number');
				const campaignId = req.query.get('campaignId');
				const calls = state.calls.filter(
					(c) => (!number || c.number === number) && (!campaignId || c.campaignId === campaignId),
				);
				sendJson(res, 200, calls.map(publicCall));
				return true;
			}
			case 'GET calls/:id': {
				const call = state.callsById.get(decodeURIComponent(id));
				if (call) sendJson(res, 200, publicCall(call));
				else sendJson(res, 404, { error: `no call ${id}` });
				return true;
			}
			case 'GET config':
				sendJson(res, 200, state.config);
				return true;
			case 'POST config':
				state.config = mergeConfig(state.config, body(req) as ConfigInput);
				sendJson(res, 200, state.config);
				return true;
			case 'POST tick':
				pumpQueue(ctx, state);
				sendJson(res, 200, { queued: state.calls.filter((c) => c.state === 'queued').length });
				return true;
			case 'POST replay-callback': {
				const callId = body(req).callId;
				const call = state.callsById.get(String(callId));
				if (!call) {
					sendJson(res, 404, { error: `no call ${String(callId)}` });
					return true;
				}
				const delivery = await replayLastCallback(ctx, state, call);
				if (delivery) sendJson(res, 200, delivery);
				else sendJson(res, 409, { error: `call ${String(callId)} has sent no callback yet` });
				return true;
			}
			default:
				sendJson(res, 404, { error: `no voicebox control endpoint ${req.method} ${req.path}` });
				return true;
		}
	} catch (error) {
		if (error instanceof InputError) {
			sendJson(res, 400, { error: error.message });
			return true;
		}
		throw error;
	}
}
