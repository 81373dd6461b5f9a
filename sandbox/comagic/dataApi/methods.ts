import { COMAGIC_ACCOUNT_NAME, COMAGIC_APP_ID } from '../defaults';
import { checkParams } from '../jsonrpc/params';
import type { Runtime } from '../model/runtime';
import { callsReport } from './callsReport';
import {
	campaignsRows,
	employeesRows,
	listRows,
	tagsRows,
	virtualNumbersRows,
} from './directories';
import { setTag, setTagSales, unsetTag } from './tagging';

/** Data API v2.0 methods (https://comagic.github.io/data_api/). `total` becomes metadata.total_items (get.* only). */
export type DataHandler = (
	rt: Runtime,
	params: Record<string, unknown>,
) => { data: unknown; total?: number };

const getAccount: DataHandler = (rt, params) => {
	checkParams(params, {
		access_token: { type: 'string', required: true },
		user_id: { type: 'integer' },
	});
	// an array, not an object (get_account page)
	return { data: [{ app_id: COMAGIC_APP_ID, name: COMAGIC_ACCOUNT_NAME, timezone: rt.zone }] };
};

export const DATA_API_METHODS: Record<string, DataHandler> = {
	'get.account': getAccount,
	'get.calls_report': (rt, params) =>
		callsReport(rt.state, params, { baseUrl: rt.ctx.baseUrl, zone: rt.zone }),
	'get.employees': (rt, params) => listRows(employeesRows(rt.state), params),
	'get.virtual_numbers': (rt, params) => listRows(virtualNumbersRows(rt.state, rt.zone), params),
	'get.campaigns': (rt, params) => listRows(campaignsRows(rt.state, rt.zone), params),
	'get.tags': (rt, params) =>
		listRows(tagsRows(rt.state), params, {
			filterable: ['id', 'name', 'is_system'],
			sortable: ['name', 'is_system'],
		}),
	'set.tag_communications': setTag,
	'unset.tag_communications': unsetTag,
	'set.tag_sales': setTagSales,
};
