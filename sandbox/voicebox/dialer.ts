/**
 * Places calls: calling window, «Максимум линий», the queue, scripted outcomes and the patient-safety record
 * (every dialled call goes to ctx.recordPhoneAttempt with its window verdict at ctx.now()).
 */
import type { SandboxContext } from '../core/types';
import { scheduleStatus } from './callbacks';
import { NO_ANSWER_OUTCOME } from './defaults';
import { seededUuid } from '../core/random';
import type { StartRequest } from './startRequest';
import type { VoiceboxState } from './state';
import type { CallRecord, Campaign, ErrorStatuses } from './types';
import { isInsideWindow, localTime, nextOpening } from './window';

export type Accepted = { call: CallRecord } | { error: keyof ErrorStatuses; reason: string };

const iso = (ms: number): string => new Date(ms).toISOString();

function linesInUse(state: VoiceboxState, campaignId: string): number {
	return state.calls.filter((c) => c.campaignId === campaignId && c.state === 'in_progress').length;
}

function newCallId(state: VoiceboxState): string | number {
	// the id's type is unknown (integrations only pass it on), so both shapes can be simulated
	return state.config.callIdType === 'number' ? state.nextNumericId++ : seededUuid(state.random);
}

/**
 * Inferred: the campaign's calling window and «Максимум линий» apply to HTTP-launched calls too. What happens to a
 * call outside the window is unknown, so it is a switch: queue, reject or place.
 */
export function acceptCall(
	ctx: SandboxContext,
	state: VoiceboxState,
	start: StartRequest,
): Accepted {
	const { campaign } = start;
	const now = ctx.now();
	const inside = isInsideWindow(now, campaign.window);
	if (!inside && campaign.outsideWindow === 'reject') {
		return {
			error: 'outsideWindow',
			reason: `outside ${campaign.window.from}–${campaign.window.to}`,
		};
	}
	const linesFree = linesInUse(state, campaign.id) < campaign.maxLines;
	const dialNow = (inside || campaign.outsideWindow === 'place') && linesFree;
	if (
		(inside || campaign.outsideWindow === 'place') &&
		!linesFree &&
		campaign.overLines === 'reject'
	) {
		return { error: 'linesBusy', reason: `all ${campaign.maxLines} lines are busy` };
	}
	const call: CallRecord = {
		id: newCallId(state),
		campaignId: campaign.id,
		number: start.number,
		guid: start.guid,
		variables: start.variables,
		requestedAt: iso(now),
		state: 'queued',
		notBefore:
			inside || campaign.outsideWindow === 'place' ? now : nextOpening(now, campaign.window),
		queuedBecause: dialNow
			? undefined
			: inside || campaign.outsideWindow === 'place'
				? 'lines'
				: 'window',
		callbacks: [],
	};
	state.calls.push(call);
	state.callsById.set(String(call.id), call);
	if (dialNow) placeCall(ctx, state, campaign, call);
	else ensurePolling(ctx, state);
	return { call };
}

interface Planned {
	outcome: number;
	durationMs: number;
	/** ms from the pickup status to the outcome's post, when the script sets it for this attempt */
	gapMs: number | null;
}

function pickOutcome(state: VoiceboxState, number: string): Planned {
	const script = state.scripts.get(number);
	let outcome = state.config.defaultOutcome;
	let gapMs: number | null = null;
	if (script && script.used < script.outcomes.length) {
		outcome = script.outcomes[script.used];
		gapMs = script.gapsMs[script.used] ?? null;
	}
	if (script) script.used++;
	return { outcome, durationMs: script?.durationMs ?? state.config.durationMs, gapMs };
}

/**
 * The seed's sequence: the pickup status as soon as the subscriber answers, then the outcome; an outcome equal to the
 * pickup status (4: hung up first) is not posted twice, and nobody picks up a 5. Without a pickup status the outcome
 * is posted when the call ends, as a single block would.
 */
function statusTimeline(
	state: VoiceboxState,
	campaign: Campaign,
	planned: Planned,
): { pickupAt: number | null; durationMs: number; finalPost: boolean } {
	const pickup = campaign.callback.pickupStatus;
	if (pickup === null || planned.outcome === NO_ANSWER_OUTCOME) {
		return { pickupAt: null, durationMs: planned.durationMs, finalPost: true };
	}
	const pickupAt =
		planned.gapMs === null
			? Math.min(state.config.pickupMs, planned.durationMs)
			: state.config.pickupMs;
	const durationMs = planned.gapMs === null ? planned.durationMs : pickupAt + planned.gapMs;
	return { pickupAt, durationMs, finalPost: String(planned.outcome) !== String(pickup) };
}

function placeCall(
	ctx: SandboxContext,
	state: VoiceboxState,
	campaign: Campaign,
	call: CallRecord,
): void {
	const now = ctx.now();
	const planned = pickOutcome(state, call.number);
	const { pickupAt, durationMs, finalPost } = statusTimeline(state, campaign, planned);
	call.state = 'in_progress';
	call.placedAt = iso(now);
	call.localTime = localTime(now, campaign.window).toISO() ?? undefined;
	call.outsideWindow = !isInsideWindow(now, campaign.window);
	call.attempt = state.calls.filter((c) => c.number === call.number && c.placedAt).length;
	call.outcome = planned.outcome;
	call.durationMs = durationMs;
	ctx.recordPhoneAttempt(call.number, {
		source: 'voicebox',
		outsideWindow: call.outsideWindow,
		localTime: call.localTime,
		ref: String(call.id),
	});
	const complete = () => {
		call.state = 'completed';
		call.completedAt = iso(ctx.now());
		if (finalPost) scheduleStatus(ctx, state, campaign, call, 'final');
		pumpQueue(ctx, state);
	};
	if (pickupAt === null) {
		ctx.schedule(durationMs, complete);
		return;
	}
	// a scripted gap counts from the pickup status as sent, so a late timer never shortens it
	const { gapMs } = planned;
	ctx.schedule(pickupAt, () => {
		scheduleStatus(ctx, state, campaign, call, 'pickup');
		if (gapMs !== null) ctx.schedule(gapMs, complete);
	});
	if (gapMs === null) ctx.schedule(durationMs, complete);
}

/** Dials queued calls whose time has come, window and free lines permitting (FIFO per campaign). */
export function pumpQueue(ctx: SandboxContext, state: VoiceboxState): void {
	const now = ctx.now();
	for (const call of state.calls) {
		if (call.state !== 'queued' || call.notBefore > now) continue;
		const campaign = state.campaigns.get(call.campaignId);
		if (!campaign) continue;
		if (campaign.outsideWindow === 'queue' && !isInsideWindow(now, campaign.window)) {
			call.notBefore = nextOpening(now, campaign.window);
			call.queuedBecause = 'window';
			continue;
		}
		if (linesInUse(state, campaign.id) >= campaign.maxLines) {
			call.queuedBecause = 'lines';
			continue;
		}
		placeCall(ctx, state, campaign, call);
	}
}

/** Re-checks the queue on a short timer while it is not empty, so moving the sandbox clock takes effect. */
export function ensurePolling(ctx: SandboxContext, state: VoiceboxState): void {
	if (state.polling || !state.calls.some((c) => c.state === 'queued')) return;
	state.polling = true;
	ctx.schedule(state.config.queuePollMs, () => {
		state.polling = false;
		pumpQueue(ctx, state);
		ensurePolling(ctx, state);
	});
}
