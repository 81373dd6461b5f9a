/** A call's notifications: the variables the cabinet offers for it, sent in event order. */
import { COMAGIC_APP_ID } from '../defaults';
import type { Runtime } from '../model/runtime';
import type { ActiveCall, CallLeg, CallRecord } from '../model/state';
import { formatDataTime, formatNotificationTime } from '../model/timeFormats';
import { talkLink } from '../recordings';
import { deliver } from './delivery';
import type { NotificationEvent } from './events';

/** Every variable a notification template may use for this call, whatever its event (the catalogue picks per event). */
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
		// the advertising campaign of the called virtual number (call tracking)
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
export function emitCallEvent(
	rt: Runtime,
	active: ActiveCall,
	event: NotificationEvent,
	delayMs = 0,
): void {
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
