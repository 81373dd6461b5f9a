/**
 * Status callbacks: the scenario's HTTPRequest blocks rendered per call and sent through
 * ctx.send (logged) on ctx.schedule timers (cleared on reset). A call posts up to two statuses, the pickup status
 * and the outcome (dialer.ts); delay, duplicates, loss and a missing Content-Type apply to each of them. The real
 * block is not known to retry (inferred: a failed request takes the block's error branch), so neither does the
 * simulator.
 */
import type { SandboxContext } from '../core/types';
import type { VoiceboxState } from './state';
import type { CallbackDelivery, CallRecord, Campaign } from './types';
import { renderTemplate, renderUrl } from './template';

type Rendered = Omit<CallbackDelivery, 'at' | 'lost' | 'status' | 'error' | 'copy'>;
export type StatusKind = 'pickup' | 'final';
const MODULE = 'voicebox';

/** Variables a block can use: the call's `data` plus built-ins (`numberB` is confirmed, the rest are the seed's). */
export function callbackVariables(
	call: CallRecord,
	kind: StatusKind,
	response: number | string,
): Record<string, unknown> {
	return {
		...call.variables,
		call_id: call.id,
		number_b: call.number,
		numberB: call.number,
		number: call.number,
		guid: call.guid ?? '',
		response,
		status: kind === 'pickup' ? 'answered' : 'completed',
		attempt: call.attempt,
		campaign_id: call.campaignId,
	};
}

export function renderCallback(
	campaign: Campaign,
	call: CallRecord,
	kind: StatusKind,
): Rendered | undefined {
	const cb = campaign.callback;
	if (!cb.url) return undefined;
	const response = kind === 'pickup' ? (cb.pickupStatus ?? '') : (call.outcome ?? '');
	const vars = callbackVariables(call, kind, response);
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(cb.headers))
		headers[name] = renderTemplate(value, vars);
	const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
	const body = cb.method === 'GET' ? undefined : renderTemplate(cb.body, vars);
	if (body !== undefined) {
		if (!hasType && cb.contentType !== null) headers['Content-Type'] = cb.contentType;
		headers['Content-Length'] = String(Buffer.byteLength(body));
	}
	return { kind, method: cb.method, url: renderUrl(cb.url, vars), headers, body };
}

/** Loss decision for one status: the `lose` counter first, then the seeded rate. */
function shouldLose(state: VoiceboxState, campaign: Campaign): boolean {
	const left = state.toLose.get(campaign.id) ?? 0;
	if (left > 0) {
		state.toLose.set(campaign.id, left - 1);
		return true;
	}
	return campaign.callback.loseRate > 0 && state.random() < campaign.callback.loseRate;
}

async function deliver(
	ctx: SandboxContext,
	call: CallRecord,
	rendered: Rendered,
	copy: number,
	kind: CallbackDelivery['kind'],
): Promise<CallbackDelivery> {
	const delivery: CallbackDelivery = {
		...rendered,
		kind,
		copy,
		at: new Date(ctx.now()).toISOString(),
		lost: false,
	};
	call.callbacks.push(delivery);
	const result = await ctx.send({
		module: MODULE,
		kind: `callback:${kind}`,
		method: rendered.method,
		url: rendered.url,
		headers: rendered.headers,
		body: rendered.body,
	});
	delivery.status = result.status;
	delivery.error = result.error;
	return delivery;
}

/** Schedules the pickup or the final status with the campaign's delay, copies and loss. */
export function scheduleStatus(
	ctx: SandboxContext,
	state: VoiceboxState,
	campaign: Campaign,
	call: CallRecord,
	kind: StatusKind,
): void {
	const rendered = renderCallback(campaign, call, kind);
	if (!rendered) return;
	state.lastCallback.set(String(call.id), rendered);
	const cb = campaign.callback;
	if (shouldLose(state, campaign)) {
		call.callbacks.push({
			...rendered,
			copy: 0,
			at: new Date(ctx.now()).toISOString(),
			lost: true,
		});
		ctx.log({
			direction: 'out',
			module: MODULE,
			method: rendered.method,
			url: rendered.url,
			body: rendered.body,
			rpcMethod: `callback:${kind}`,
			error: 'lost (simulated)',
		});
		return;
	}
	for (let copy = 0; copy <= cb.duplicates; copy++) {
		ctx.schedule(cb.delayMs + copy * cb.duplicateGapMs, async () => {
			await deliver(ctx, call, rendered, copy, kind);
		});
	}
}

/** Sends the call's last rendered status again, at once (a late or repeated delivery). */
export async function replayLastCallback(
	ctx: SandboxContext,
	state: VoiceboxState,
	call: CallRecord,
): Promise<CallbackDelivery | undefined> {
	const rendered = state.lastCallback.get(String(call.id));
	if (!rendered) return undefined;
	return deliver(ctx, call, rendered, 0, 'replay');
}
