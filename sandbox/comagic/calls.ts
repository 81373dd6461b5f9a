import { COMAGIC_APP_ID } from './defaults';
import { deliver, type NotificationEvent } from './notifications';
import { talkLink } from './recordings';
import { hex32 } from './rng';
import type { Runtime } from './runtime';
import type { ActiveCall, CallLeg, CallRecord } from './state';
import { formatDataTime, formatNotificationTime } from './time';

/**
 * Call lifecycle shared by start.* and simulated inbound calls: active (list.calls, tag.call, release.call) →
 * finished (get.calls_report row, recording) with notifications in event order (reference §2.4, §5.2).
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

export function callVariables(
	rt: Runtime,
	call: CallRecord,
	legs: CallLeg[],
): Record<string, unknown> {
	const { state, zone } = rt;
	const now = rt.ctx.now();
	const employee = state.employee(call.employeeId);
	const fullName = employee ? `${employee.last_name} ${employee.first_name}` : null;
	const tagNames = call.tags.map((t) => state.tag(t.tag_id)?.name ?? null);
	return {
		app_id: COMAGIC_APP_ID,
		notification_time: formatNotificationTime(now, zone),
		notification_timestamp: Math.floor(now / 1000),
		virtual_phone_number: call.virtualNumber,
		contact_phone_number: call.contact,
		contact_id: null,
		contact_full_name: null,
		communication_number: call.communicationNumber,
		communication_id: call.id,
		// the advertising campaign of the called virtual number (call tracking, reference §5.2)
		campaign_id: call.campaignId,
		communication_type: 'call',
		call_session_id: call.id,
		external_id: call.externalId,
		scenario_id: call.scenarioId,
		scenario_name: state.scenario(call.scenarioId)?.name ?? null,
		employee_id: call.employeeId,
		employee_ids: call.employeeId === null ? [] : [call.employeeId],
		employee_full_name: fullName,
		employee_phone_number:
			employee?.phones.find((p) => p.status === 'active')?.phone_number ?? call.operatorPhone,
		call_source: call.source,
		direction: call.direction,
		start_time: formatDataTime(call.startMs, zone),
		calling_phone_number: call.direction === 'in' ? call.contact : call.virtualNumber,
		called_phone_number: call.direction === 'in' ? call.virtualNumber : call.contact,
		is_internal: false,
		talk_time_duration: call.talkSeconds,
		total_time_duration: call.waitSeconds + call.talkSeconds,
		wait_time_duration: call.waitSeconds,
		tag_ids: call.tags.map((t) => t.tag_id),
		tag_names: tagNames,
		leg_id: legs[0]?.leg_id ?? null,
		leg_ids: legs.map((l) => l.leg_id),
		file_link: talkLink(rt.ctx.baseUrl, call),
		file_duration: call.recordHash ? call.talkSeconds : null,
		cpn_region_id: call.contact.startsWith('7') ? 77 : null,
		cpn_region_name: call.contact.startsWith('7') ? 'Москва и Московская область' : null,
		visitor_country: null,
		attributes: call.isLost ? ['lost'] : [],
		contact_group_ids: [],
		tp_project: null,
	};
}

/** Queues an event behind the call's previous ones, so receivers see them in order. */
function emit(rt: Runtime, active: ActiveCall, event: NotificationEvent, delayMs = 0): void {
	if (!active.notify) return;
	active.chain = active.chain.then(async () => {
		if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
		await deliver(
			rt.ctx,
			rt.state.subscriptions,
			event,
			callVariables(rt, active.record, active.legs),
		);
	});
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
		emit(rt, active, 'outgoing_call');
	} else {
		emit(rt, active, 'incoming_call');
		emit(rt, active, 'waiting_answer');
	}
	if (spec.answered) emit(rt, active, 'talk_started');
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
	if (active.answered) emit(rt, active, 'talk_finished');
	else if (active.record.source === 'va') emit(rt, active, 'lost_call');
	emit(rt, active, 'call_finished');
	if (record.recordHash) emit(rt, active, 'talk_recorded', state.config.recordingDelayMs);
	return active;
}
