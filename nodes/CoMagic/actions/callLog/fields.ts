import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** get.calls_report field names (https://comagic.github.io/data_api/report/get_calls_report/). */
export const REPORT_FIELDS = [
	'attributes',
	'auto_call_campaign_name',
	'call_api_external_id',
	'call_api_request_id',
	'call_records',
	'campaign_id',
	'campaign_name',
	'channel',
	'clean_talk_duration',
	'communication_id',
	'communication_number',
	'communication_page_url',
	'communication_type',
	'contact_full_name',
	'contact_id',
	'contact_phone_number',
	'cpn_country_id',
	'cpn_country_name',
	'cpn_region_id',
	'cpn_region_name',
	'direction',
	'employees',
	'entrance_page',
	'finish_reason',
	'finish_time',
	'first_answered_employee_full_name',
	'first_answered_employee_id',
	'first_talked_employee_full_name',
	'first_talked_employee_id',
	'full_record_file_link',
	'gclid',
	'id',
	'is_lost',
	'is_transfer',
	'last_answered_employee_full_name',
	'last_answered_employee_id',
	'last_answered_employee_rating',
	'last_talked_employee_full_name',
	'last_talked_employee_id',
	'lost_call_processing_duration',
	'operator_phone_number',
	'postprocess_duration',
	'referrer',
	'referrer_domain',
	'sale_cost',
	'sale_date',
	'scenario_id',
	'scenario_name',
	'search_engine',
	'search_query',
	'site_domain_name',
	'site_id',
	'source',
	'start_time',
	'tags',
	'talk_duration',
	'total_duration',
	'total_wait_duration',
	'ua_client_id',
	'utm_campaign',
	'utm_content',
	'utm_medium',
	'utm_source',
	'utm_term',
	'virtual_phone_number',
	'visitor_city',
	'visitor_country',
	'visitor_device',
	'visitor_id',
	'visitor_region',
	'voice_mail_records',
	'wait_duration',
	'wav_call_records',
	'yclid',
];

/** What a call log user usually needs; the picker starts here. */
export const DEFAULT_FIELDS = [
	'id',
	'start_time',
	'finish_time',
	'finish_reason',
	'direction',
	'source',
	'is_lost',
	'contact_phone_number',
	'virtual_phone_number',
	'communication_id',
	'wait_duration',
	'talk_duration',
	'total_duration',
	'call_records',
	'full_record_file_link',
	'campaign_id',
	'campaign_name',
	'employees',
	'tags',
	'call_api_external_id',
];

/** Simplify asks only for these and flattens tags and employees to names. */
const SIMPLE_FIELDS = [
	'id',
	'start_time',
	'finish_time',
	'direction',
	'is_lost',
	'finish_reason',
	'contact_phone_number',
	'virtual_phone_number',
	'wait_duration',
	'talk_duration',
	'total_duration',
	'campaign_name',
	'employees',
	'tags',
	'call_records',
	'call_api_external_id',
];

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

export const fieldsProperty: INodeProperties = {
	displayName: 'Fields',
	name: 'fields',
	type: 'multiOptions',
	options: REPORT_FIELDS.map((field) => ({ name: field, value: field })),
	default: [...DEFAULT_FIELDS],
	description: 'Report columns to return',
	displayOptions: { show: { simplify: [false] } },
};

export function requestedFields(simplify: boolean, fields: unknown): string[] {
	if (simplify) return SIMPLE_FIELDS;
	const list = Array.isArray(fields) ? (fields as string[]) : [];
	return list.length ? list : DEFAULT_FIELDS;
}

function names(list: unknown, key: string): unknown[] {
	return Array.isArray(list) ? list.map((entry) => (entry as IDataObject)?.[key] ?? null) : [];
}

export function simplifyRow(row: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const field of SIMPLE_FIELDS) {
		if (field === 'tags') out.tags = names(row.tags, 'tag_name');
		else if (field === 'employees') out.employees = names(row.employees, 'employee_full_name');
		else out[field] = row[field] ?? null;
	}
	return out;
}
