import { hex32 } from './model/hash';
import type { Runtime } from './model/runtime';
import type { ActiveCall, CallLeg, CallRecord } from './model/state';
import { emitCallEvent } from './notifications/callEvents';

/**
 * Call lifecycle shared by start.* and simulated inbound calls: active (list.calls, tag.call, release.call) →
 * finished (get.calls_report row, recording), with the notifications of each step in event order
 * (the call state diagram of https://comagic.github.io/call_api/).
 */

export interface CallSpec {
	contact: string;
	virtualNumber: string;
	direction: 'in' | 'out';
	source: string;
	employeeId: number | null;
	operatorPhone: string | null;
	externalId: string | null;
	requestId: number | null;
	scenarioId: number | null;
	/** inbound calls come from the outside; start.* calls ring the contact (a phone attempt) */
	inbound: boolean;
	answered: boolean;
	waitSeconds: number;
	/** real ms until the call ends */
	durationMs: number;
	talkSeconds?: number;
}

export function startCall(rt: Runtime, spec: CallSpec): ActiveCall {
	const { state, ctx } = rt;
	const now = ctx.now();
	const id = state.nextCallId++;
	const record: CallRecord = {
		id,
		startMs: now,
		finishMs: now,
		direction: spec.direction,
		source: spec.source,
		isLost: false,
		finishReason: 'subscriber_disconnects',
		contact: spec.contact,
		virtualNumber: spec.virtualNumber,
		operatorPhone: spec.operatorPhone,
		waitSeconds: spec.waitSeconds,
		talkSeconds: 0,
		employeeId: spec.employeeId,
		campaignId: state.virtualNumber(spec.virtualNumber)?.campaign_id ?? null,
		scenarioId: spec.scenarioId,
		externalId: spec.externalId,
		requestId: spec.requestId,
		recordHash: null,
		tags: [],
		saleMs: null,
		saleCost: null,
		communicationNumber: 1,
	};
	const employee = state.employee(spec.employeeId);
	const otherSide =
		spec.operatorPhone ?? employee?.phones.find((p) => p.status === 'active')?.phone_number ?? '';
	const legState = spec.answered ? 'Разговор' : 'Дозвон';
	const legs: CallLeg[] = [
		{
			leg_id: state.nextLegId++,
			calling_phone_number: spec.virtualNumber,
			called_phone_number: spec.contact,
			is_operator: false,
			employee_id: null,
			state: legState,
		},
	];
	if (otherSide) {
		legs.push({
			leg_id: state.nextLegId++,
			calling_phone_number: spec.contact,
			called_phone_number: otherSide,
			is_operator: true,
			employee_id: spec.employeeId,
			state: legState,
		});
	}
	const active: ActiveCall = {
		record,
		legs,
		script: { answered: spec.answered, talkSeconds: spec.talkSeconds },
		chain: Promise.resolve(),
		notify: spec.inbound || state.config.notifyApiCalls,
		answered: spec.answered,
	};
	state.active.set(id, active);
	if (!spec.inbound) {
		ctx.recordPhoneAttempt(spec.contact, {
			source: 'comagic',
			outsideWindow: false,
			ref: String(id),
		});
		emitCallEvent(rt, active, 'outgoing_call');
	} else {
		emitCallEvent(rt, active, 'incoming_call');
		emitCallEvent(rt, active, 'waiting_answer');
	}
	if (spec.answered) emitCallEvent(rt, active, 'talk_started');
	if (spec.durationMs <= 0) finishCall(rt, id, 'subscriber_disconnects');
	else ctx.schedule(spec.durationMs, () => void finishCall(rt, id, 'subscriber_disconnects'));
	return active;
}

/** Ends an active call now: report row, recording, the closing notifications. False when not active. */
export function finishCall(rt: Runtime, id: number, finishReason: string): ActiveCall | undefined {
	const { state, ctx } = rt;
	const active = state.active.get(id);
	if (!active) return undefined;
	state.active.delete(id);
	const record = active.record;
	const elapsedSeconds = Math.round((ctx.now() - record.startMs) / 1000);
	if (active.answered) {
		record.talkSeconds = active.script.talkSeconds ?? Math.max(1, elapsedSeconds);
		record.finishReason = finishReason;
		if (state.config.recordCalls) record.recordHash = hex32('record', ctx.seed, id, record.startMs);
	} else {
		record.isLost = true;
		record.finishReason =
			record.direction === 'in' && record.source === 'va'
				? 'subscriber_disconnects'
				: 'subscriber_not_responsible';
		record.waitSeconds = Math.max(record.waitSeconds, elapsedSeconds);
	}
	record.finishMs = record.startMs + (record.waitSeconds + record.talkSeconds) * 1000;
	for (const leg of active.legs) leg.state = 'Разъединено';
	state.insertCall(record);
	if (active.answered) emitCallEvent(rt, active, 'talk_finished');
	else if (active.record.source === 'va') emitCallEvent(rt, active, 'lost_call');
	emitCallEvent(rt, active, 'call_finished');
	if (record.recordHash) emitCallEvent(rt, active, 'talk_recorded', state.config.recordingDelayMs);
	return active;
}
