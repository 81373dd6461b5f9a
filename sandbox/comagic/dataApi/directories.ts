import { checkParams } from '../jsonrpc/params';
import type { CoMagicState } from '../model/state';
import { formatDataTime } from '../model/timeFormats';
import { ACCOUNT_PARAMS, type FieldSet, parseQuery, QUERY_PARAMS, sortComparator } from './query';

/** Directory lists of the Data API (https://comagic.github.io/data_api/): employees, virtual numbers, campaigns, tags. */
type Row = Record<string, unknown>;

const LIST_PARAMS = { ...ACCOUNT_PARAMS, ...QUERY_PARAMS };

export function employeesRows(state: CoMagicState): Row[] {
	return state.employees.map((e) => ({
		id: e.id,
		login: e.login,
		first_name: e.first_name,
		last_name: e.last_name,
		patronymic: e.patronymic,
		full_name: [e.last_name, e.first_name, e.patronymic].filter(Boolean).join(' '),
		email: e.email,
		status: 'available',
		status_id: 1,
		call_recording: 'all',
		schedule_id: null,
		schedule_name: null,
		coach: null,
		groups: [],
		phone_numbers: e.phones.map((p) => ({
			phone_id: p.phone_id,
			phone_number: p.phone_number,
			channels_count: 1,
			dial_time: 60,
			status: p.status,
		})),
		extension: {
			extension_phone_number: String(100 + e.id),
			extension_voice_mail_enabled: false,
			extension_queue_enabled: false,
		},
	}));
}

export function virtualNumbersRows(state: CoMagicState, zone: string): Row[] {
	return state.virtualNumbers.map((v) => {
		const campaign = state.campaign(v.campaign_id);
		const scenario = state.scenario(v.scenario_id);
		return {
			id: v.id,
			child_customer_id: null,
			virtual_phone_number: v.virtual_phone_number,
			redirection_phone_number: null,
			activation_date: formatDataTime(Date.UTC(2024, 0, 15, 9), zone),
			status: 'active',
			category: 'usual',
			type: 'va',
			comment: null,
			name: v.name,
			campaigns: campaign
				? [
						{
							campaign_id: campaign.id,
							campaign_name: campaign.name,
							site_id: campaign.site_id,
							site_domain_name: campaign.site_domain_name,
							site_blocks: [],
						},
					]
				: [],
			scenarios: scenario
				? [
						{
							scenario_id: scenario.id,
							scenario_name: scenario.name,
							call_processing_rule_id: null,
							is_active: true,
						},
					]
				: [],
		};
	});
}

export function campaignsRows(state: CoMagicState, zone: string): Row[] {
	return state.campaigns.map((c) => ({
		id: c.id,
		name: c.name,
		description: null,
		status: c.status,
		creation_time: formatDataTime(Date.UTC(2024, 0, 10, 9), zone),
		campaign_conditions: null,
		engine: c.engine,
		type: 'basic',
		costs: null,
		cost_ratio: 1,
		cost_ratio_operator: 'wo_changes',
		site_id: c.site_id,
		site_domain_name: c.site_domain_name,
		site_blocks: [],
		dynamic_call_tracking: null,
	}));
}

export function tagsRows(state: CoMagicState): Row[] {
	return state.tags.map((t) => ({ id: t.id, name: t.name, is_system: t.is_system }));
}

/**
 * Lists with paging/filter/sort/fields. Every field filters and sorts unless the method page restricts it
 * (get.tags: filter id,name,is_system; sort name,is_system).
 */
export function listRows(
	rows: Row[],
	params: Record<string, unknown>,
	restrict?: { filterable: string[]; sortable: string[] },
): { data: Row[]; total: number } {
	checkParams(params, LIST_PARAMS);
	const names = rows.length ? Object.keys(rows[0]) : [];
	const fields: FieldSet<Row> = {
		all: new Set(names),
		filterable: new Set(restrict?.filterable ?? names),
		sortable: new Set(restrict?.sortable ?? names),
		value: (row, field) => {
			const value = row[field];
			if (field === 'phone_numbers' && Array.isArray(value))
				return value.map((p: Row) => p.phone_number);
			return value;
		},
	};
	const { limit, offset, fields: wanted, predicate, sortKeys } = parseQuery(params, fields, names);
	let matched = predicate ? rows.filter(predicate) : rows;
	if (sortKeys.length) matched = [...matched].sort(sortComparator(sortKeys, fields));
	const data = matched.slice(offset, offset + limit).map((row) => {
		const out: Row = {};
		for (const f of wanted) out[f] = row[f];
		return out;
	});
	return { data, total: matched.length };
}
