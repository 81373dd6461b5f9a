import type { DateTime } from 'luxon';

import { rpcErrors } from '../jsonrpc/errors';
import { checkParams, type ParamSchema } from '../jsonrpc/params';
import { type CallRecord, type CoMagicState, lowerBound } from '../model/state';
import { formatDataTime, parseDataTime } from '../model/timeFormats';
import { fullRecordLink } from '../recordings';
import { ACCOUNT_PARAMS, type FieldSet, parseQuery, QUERY_PARAMS, sortComparator } from './query';

/**
 * Every field name of get.calls_report (https://comagic.github.io/data_api/report/get_calls_report/); names the
 * simulator does not model answer null/[].
 */
const ALL_FIELDS = [
	'id',
	'start_time',
	'finish_time',
	'finish_reason',
	'direction',
	'source',
	'is_lost',
	'is_transfer',
	'communication_number',
	'communication_page_url',
	'communication_id',
	'communication_type',
	'contact_phone_number',
	'contact_full_name',
	'contact_id',
	'virtual_phone_number',
	'cpn_region_id',
	'cpn_region_name',
	'cpn_country_name',
	'cpn_country_id',
	'wait_duration',
	'total_wait_duration',
	'lost_call_processing_duration',
	'talk_duration',
	'clean_talk_duration',
	'total_duration',
	'postprocess_duration',
	'call_records',
	'wav_call_records',
	'full_record_file_link',
	'voice_mail_records',
	'ua_client_id',
	'ym_client_id',
	'sale_date',
	'sale_cost',
	'search_query',
	'search_engine',
	'referrer_domain',
	'referrer',
	'entrance_page',
	'gclid',
	'yclid',
	'ymclid',
	'ef_id',
	'channel',
	'site_id',
	'site_domain_name',
	'campaign_id',
	'campaign_name',
	'auto_call_campaign_name',
	'visit_other_campaign',
	'visitor_id',
	'person_id',
	'visitor_type',
	'visitor_session_id',
	'visits_count',
	'visitor_first_campaign_id',
	'visitor_first_campaign_name',
	'visitor_city',
	'visitor_region',
	'visitor_country',
	'visitor_device',
	'visitor_custom_properties',
	'segments',
	'tags',
	'employees',
	'last_answered_employee_id',
	'last_answered_employee_full_name',
	'last_answered_employee_rating',
	'first_answered_employee_id',
	'first_answered_employee_full_name',
	'last_talked_employee_id',
	'last_talked_employee_full_name',
	'first_talked_employee_id',
	'first_talked_employee_full_name',
	'operator_phone_number',
	'scenario_id',
	'scenario_name',
	'scenario_operations',
	'call_api_request_id',
	'call_api_external_id',
	'utm_source',
	'utm_medium',
	'utm_term',
	'utm_content',
	'utm_campaign',
	'openstat_ad',
	'openstat_campaign',
	'openstat_service',
	'openstat_source',
	'eq_utm_source',
	'eq_utm_medium',
	'eq_utm_term',
	'eq_utm_content',
	'eq_utm_campaign',
	'eq_utm_referrer',
	'eq_utm_expid',
	'attributes',
	'source_id',
	'source_name',
	'source_new',
	'channel_new',
	'channel_code',
	'ext_id',
	'properties',
	'recognized_text',
];

const ARRAY_FIELDS = new Set([
	'call_records',
	'wav_call_records',
	'voice_mail_records',
	'visitor_custom_properties',
	'segments',
	'tags',
	'employees',
	'scenario_operations',
	'attributes',
	'recognized_text',
]);

export const DEFAULT_REPORT_FIELDS = [
	'id',
	'start_time',
	'finish_time',
	'finish_reason',
	'direction',
	'cpn_region_id',
	'cpn_region_name',
	'cpn_country_name',
	'cpn_country_id',
	'source',
	'is_lost',
	'contact_phone_number',
	'communication_id',
	'communication_type',
	'wait_duration',
	'total_wait_duration',
	'talk_duration',
	'clean_talk_duration',
	'total_duration',
	'call_records',
	'wav_call_records',
	'full_record_file_link',
	'virtual_phone_number',
];

/** «not filterable: start_time, finish_time, call_records» (get_calls_report page), and the other record arrays alike. */
const NOT_FILTERABLE = new Set([
	'start_time',
	'finish_time',
	'call_records',
	'wav_call_records',
	'voice_mail_records',
	'full_record_file_link',
]);

const SORTABLE = new Set([
	'start_time',
	'finish_reason',
	'direction',
	'cpn_region_id',
	'cpn_region_name',
	'cpn_country_name',
	'cpn_country_id',
	'source',
	'is_lost',
	'communication_number',
	'lost_call_processing_duration',
	'virtual_phone_number',
	'sale_date',
	'sale_cost',
	'is_transfer',
	'scenario_id',
	'site_id',
	'campaign_id',
	'auto_call_campaign_name',
	'visitor_id',
	'visitor_type',
	'visitor_device',
	'source_id',
	'source_name',
	'source_new',
	'channel_new',
	'channel_code',
	'ext_id',
]);

type Getter = (c: CallRecord, r: ReportScope) => unknown;

interface ReportScope {
	state: CoMagicState;
	baseUrl: string;
	zone: string;
}

function employeeName(r: ReportScope, id: number | null): string | null {
	const e = r.state.employee(id);
	return e ? `${e.last_name} ${e.first_name}` : null;
}

const answeredEmployee = (c: CallRecord) => (c.isLost ? null : c.employeeId);

const GETTERS: Record<string, Getter> = {
	id: (c) => c.id,
	start_time: (c, r) => formatDataTime(c.startMs, r.zone),
	finish_time: (c, r) => (c.ongoing ? null : formatDataTime(c.finishMs, r.zone)),
	finish_reason: (c) => (c.ongoing ? null : c.finishReason),
	direction: (c) => c.direction,
	source: (c) => c.source,
	is_lost: (c) => c.isLost,
	is_transfer: () => false,
	communication_number: (c) => c.communicationNumber,
	communication_id: (c) => c.id,
	communication_type: () => 'call',
	contact_phone_number: (c) => c.contact,
	virtual_phone_number: (c) => c.virtualNumber,
	cpn_region_id: (c) => (c.contact.startsWith('7') ? 77 : null),
	cpn_region_name: (c) => (c.contact.startsWith('7') ? 'Москва и Московская область' : null),
	cpn_country_name: (c) => (c.contact.startsWith('7') ? 'Россия' : null),
	cpn_country_id: (c) => (c.contact.startsWith('7') ? 1 : null),
	wait_duration: (c) => c.waitSeconds,
	total_wait_duration: (c) => c.waitSeconds,
	talk_duration: (c) => c.talkSeconds,
	clean_talk_duration: (c) => c.talkSeconds,
	total_duration: (c) => c.waitSeconds + c.talkSeconds,
	postprocess_duration: () => 0,
	call_records: (c) => (c.recordHash ? [c.recordHash] : []),
	wav_call_records: (c) => (c.recordHash ? [c.recordHash] : []),
	full_record_file_link: (c, r) => fullRecordLink(r.baseUrl, c),
	sale_date: (c, r) => (c.saleMs === null ? null : formatDataTime(c.saleMs, r.zone)),
	sale_cost: (c) => c.saleCost,
	site_id: (c, r) => r.state.campaign(c.campaignId)?.site_id ?? null,
	site_domain_name: (c, r) => r.state.campaign(c.campaignId)?.site_domain_name ?? null,
	campaign_id: (c) => c.campaignId,
	campaign_name: (c, r) => r.state.campaign(c.campaignId)?.name ?? null,
	tags: (c, r) =>
		c.tags.map((t) => ({
			tag_id: t.tag_id,
			tag_name: r.state.tag(t.tag_id)?.name ?? null,
			tag_type: t.tag_type,
			tag_change_time: formatDataTime(t.changeMs, r.zone),
			tag_user_id: null,
			tag_user_login: null,
			tag_employee_id: t.employee_id,
			tag_employee_full_name: employeeName(r, t.employee_id),
		})),
	employees: (c, r) =>
		c.employeeId === null
			? []
			: [
					{
						employee_id: c.employeeId,
						employee_full_name: employeeName(r, c.employeeId),
						is_answered: !c.isLost,
						is_talked: !c.isLost,
					},
				],
	last_answered_employee_id: answeredEmployee,
	last_answered_employee_full_name: (c, r) => employeeName(r, answeredEmployee(c)),
	first_answered_employee_id: answeredEmployee,
	first_answered_employee_full_name: (c, r) => employeeName(r, answeredEmployee(c)),
	last_talked_employee_id: answeredEmployee,
	last_talked_employee_full_name: (c, r) => employeeName(r, answeredEmployee(c)),
	first_talked_employee_id: answeredEmployee,
	first_talked_employee_full_name: (c, r) => employeeName(r, answeredEmployee(c)),
	operator_phone_number: (c) => c.operatorPhone,
	scenario_id: (c) => c.scenarioId,
	scenario_name: (c, r) => r.state.scenario(c.scenarioId)?.name ?? null,
	call_api_request_id: (c) => c.requestId,
	call_api_external_id: (c) => c.externalId,
	attributes: (c) => (c.isLost ? ['lost'] : []),
};

export function reportValue(c: CallRecord, field: string, r: ReportScope): unknown {
	const get = GETTERS[field];
	if (get) return get(c, r);
	return ARRAY_FIELDS.has(field) ? [] : null;
}

function fieldSet(r: ReportScope): FieldSet<CallRecord> {
	const all = new Set(ALL_FIELDS);
	return {
		all,
		filterable: new Set(ALL_FIELDS.filter((f) => !NOT_FILTERABLE.has(f))),
		sortable: SORTABLE,
		value: (c, field) => {
			// arrays of objects filter by their ids, e.g. {field: "tags", operator: "overlap", value: [456]}
			if (field === 'tags') return c.tags.map((t) => t.tag_id);
			if (field === 'employees') return c.employeeId === null ? [] : [c.employeeId];
			if (field === 'start_time') return c.startMs;
			if (field === 'finish_time') return c.finishMs;
			if (field === 'sale_date') return c.saleMs;
			return reportValue(c, field, r);
		},
	};
}

const REPORT_PARAMS: ParamSchema = {
	...ACCOUNT_PARAMS,
	date_from: { type: 'string', required: true },
	date_till: { type: 'string', required: true },
	...QUERY_PARAMS,
	include_ongoing_calls: { type: 'boolean' },
};

/** Checks date_from/date_till and the interval cap (the docs: 3 months). */
export function parseInterval(
	params: Record<string, unknown>,
	zone: string,
	maxMonths: number,
): { from: DateTime; till: DateTime } {
	const from = parseDataTime(params.date_from, zone);
	if (!from) throw rpcErrors.invalidValue('date_from', params.date_from);
	const till = parseDataTime(params.date_till, zone);
	if (!till) throw rpcErrors.invalidValue('date_till', params.date_till);
	if (till < from) throw rpcErrors.invalidValue('date_till', params.date_till);
	if (till > from.plus({ months: maxMonths })) throw rpcErrors.dateInterval(maxMonths);
	return { from, till };
}

/** get.calls_report: binary search of the date range, one filtering pass, sort only when asked. */
export function callsReport(
	state: CoMagicState,
	params: Record<string, unknown>,
	scope: { baseUrl: string; zone: string },
): { data: Record<string, unknown>[]; total: number } {
	checkParams(params, REPORT_PARAMS);
	const r: ReportScope = { state, ...scope };
	const fields = fieldSet(r);
	const { from, till } = parseInterval(params, scope.zone, state.config.maxReportMonths);
	const {
		limit,
		offset,
		fields: wanted,
		predicate,
		sortKeys,
	} = parseQuery(params, fields, DEFAULT_REPORT_FIELDS);

	const fromMs = from.toMillis();
	const tillMs = till.toMillis() + 1000; // date_till is inclusive to the second
	const lo = lowerBound(state.calls, fromMs);
	const hi = lowerBound(state.calls, tillMs);
	let ongoing: CallRecord[] = [];
	if (params.include_ongoing_calls === true) {
		ongoing = [...state.active.values()]
			.map((a) => ({ ...a.record, ongoing: true }))
			.filter((c) => c.startMs >= fromMs && c.startMs < tillMs);
	}

	let rows: CallRecord[];
	let total: number;
	const plainOrder =
		sortKeys.length === 0 || (sortKeys.length === 1 && sortKeys[0].field === 'start_time');
	if (!predicate && plainOrder && ongoing.length === 0) {
		// fast path: the sorted store is the answer, slice by index
		total = hi - lo;
		const desc = sortKeys[0]?.desc === true;
		rows = [];
		for (let i = offset; i < Math.min(total, offset + limit); i++)
			rows.push(state.calls[desc ? hi - 1 - i : lo + i]);
	} else {
		let matched: CallRecord[] = [];
		for (let i = lo; i < hi; i++) {
			const c = state.calls[i];
			if (!predicate || predicate(c)) matched.push(c);
		}
		for (const c of ongoing) if (!predicate || predicate(c)) matched.push(c);
		if (ongoing.length) matched.sort((a, b) => a.startMs - b.startMs);
		if (sortKeys.length) matched = matched.sort(sortComparator(sortKeys, fields));
		total = matched.length;
		rows = matched.slice(offset, offset + limit);
	}
	const data = rows.map((c) => {
		const row: Record<string, unknown> = {};
		for (const f of wanted) row[f] = reportValue(c, f, r);
		return row;
	});
	return { data, total };
}
