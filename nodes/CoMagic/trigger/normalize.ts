import type { IDataObject } from 'n8n-workflow';

import {
	toIsoTime,
	toList,
	toNumber,
	toNumberList,
	toPhone,
	toText,
} from '../../shared/webhook/fields';
import { findEvent } from './events';

/**
 * One notification as the workflow sees it: typed fields under stable camelCase names, the detected event and the
 * payload as received in `raw` (minus the shared secret).
 */
export function normalizeNotification(
	event: string,
	fields: IDataObject,
	timeZone: string,
): IDataObject {
	const f = fields;
	return {
		event,
		eventLabel: findEvent(event)?.label ?? null,
		notificationName: toText(f.notification_name),
		notificationTime: toIsoTime(f.notification_time ?? f.notification_timestamp, timeZone),
		startTime: toIsoTime(f.start_time, timeZone),
		callSessionId: toNumber(f.call_session_id),
		communicationId: toNumber(f.communication_id),
		communicationNumber: toNumber(f.communication_number),
		campaignId: toNumber(f.campaign_id),
		contactPhone: toPhone(f.contact_phone_number),
		virtualPhone: toPhone(f.virtual_phone_number),
		contactId: toNumber(f.contact_id),
		contactName: toText(f.contact_full_name),
		employeeId: toNumber(f.employee_id),
		employeeIds: toNumberList(f.employee_ids),
		employeeName: toText(f.employee_full_name),
		employeePhone: toPhone(f.employee_phone_number),
		extension: toText(f.extension ?? f.extension_phone_number),
		direction: toText(f.direction),
		callSource: toText(f.call_source),
		scenarioName: toText(f.scenario_name),
		externalId: toText(f.external_id),
		talkDuration: toNumber(f.talk_time_duration),
		waitDuration: toNumber(f.wait_time_duration),
		totalDuration: toNumber(f.total_time_duration),
		fileDuration: toNumber(f.file_duration),
		fileLink: toText(f.file_link),
		tagNames: toList(f.tag_names),
		tagIds: toNumberList(f.tag_ids),
		legId: toNumber(f.leg_id),
		legIds: toNumberList(f.leg_ids),
		raw: fields,
	};
}

/** Interactive call processing request (`cdr_id`, `numa`, `numb`, `input_result`, `start_time`, …). */
export function normalizeIcpRequest(fields: IDataObject): IDataObject {
	return {
		event: 'interactive_call',
		cdrId: toNumber(fields.cdr_id),
		callSessionId: toNumber(fields.call_session_id),
		callerPhone: toPhone(fields.numa),
		calledPhone: toPhone(fields.numb),
		input: toText(fields.input_result),
		// the documented example sends `start_time=1200`, so its unit is unknown: passed on as text
		startTime: toText(fields.start_time),
		raw: fields,
	};
}
