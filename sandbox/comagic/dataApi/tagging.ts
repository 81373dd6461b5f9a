/** Data API tagging of finished calls: set/unset.tag_communications and set.tag_sales (https://comagic.github.io/data_api/). */
import { COMAGIC_SALE_TAG_ID } from '../defaults';
import { RpcError, rpcErrors } from '../jsonrpc/errors';
import { checkEnum, checkParams, type ParamSchema } from '../jsonrpc/params';
import type { Runtime } from '../model/runtime';
import type { CallRecord } from '../model/state';
import { parseDataTime } from '../model/timeFormats';
import type { DataHandler } from './methods';

const TAG_PARAMS: ParamSchema = {
	access_token: { type: 'string', required: true },
	user_id: { type: 'integer' },
	communication_id: { type: 'integer' },
	communication_ext_id: { type: 'string' },
	communication_type: { type: 'string', required: true },
	tag_id: { type: 'integer', required: true },
};

const COMMUNICATION_TYPES = ['chat', 'call', 'goal', 'offline_message'];

/** communication_id wins over communication_ext_id; only calls exist in the simulator. */
function findCommunication(rt: Runtime, params: Record<string, unknown>): CallRecord {
	checkEnum('communication_type', params.communication_type, COMMUNICATION_TYPES);
	if (params.communication_id == null && params.communication_ext_id == null) {
		throw rpcErrors.required('communication_id');
	}
	let call: CallRecord | undefined;
	if (params.communication_id != null) {
		call = rt.state.byId.get(params.communication_id as number);
		if (!call || params.communication_type !== 'call') {
			throw rpcErrors.entityNotFound('communication_id', params.communication_id);
		}
	} else {
		const ext = params.communication_ext_id as string;
		call = rt.state.calls.find((c) => c.externalId === ext);
		if (!call || params.communication_type !== 'call') {
			throw rpcErrors.entityNotFound('communication_ext_id', ext);
		}
	}
	return call;
}

export const setTag: DataHandler = (rt, params) => {
	checkParams(params, TAG_PARAMS);
	const call = findCommunication(rt, params);
	const tagId = params.tag_id as number;
	if (!rt.state.tag(tagId)) throw rpcErrors.entityNotFound('tag_id', tagId);
	if (call.tags.some((t) => t.tag_id === tagId)) throw rpcErrors.duplicateEntity('tag_id', tagId);
	call.tags.push({ tag_id: tagId, tag_type: 'manual', changeMs: rt.ctx.now(), employee_id: null });
	// the doc sample shows `result: {}`; the envelope keeps result.data like every other answer (the docs do not settle it)
	return { data: {} };
};

export const unsetTag: DataHandler = (rt, params) => {
	checkParams(params, TAG_PARAMS);
	const call = findCommunication(rt, params);
	const tagId = params.tag_id as number;
	if (!rt.state.tag(tagId)) throw rpcErrors.entityNotFound('tag_id', tagId);
	const index = call.tags.findIndex((t) => t.tag_id === tagId);
	if (index < 0) throw rpcErrors.entityNotFound('tag_id', tagId);
	call.tags.splice(index, 1);
	// the unset_tag_communications page: removing the «Продажа» tag drops the sale
	if (tagId === COMAGIC_SALE_TAG_ID) {
		call.saleMs = null;
		call.saleCost = null;
	}
	return { data: {} };
};

export const setTagSales: DataHandler = (rt, params) => {
	checkParams(params, {
		access_token: { type: 'string', required: true },
		user_id: { type: 'integer' },
		communication_id: { type: 'integer', required: true },
		communication_type: { type: 'string', required: true },
		date_time: { type: 'string', required: true },
		transaction_value: { type: 'number', required: true },
		comment: { type: 'string' },
	});
	const call = findCommunication(rt, params);
	const when = parseDataTime(params.date_time, rt.zone);
	if (!when) throw rpcErrors.invalidValue('date_time', params.date_time);
	// «not earlier than the communication» (set_tag_sales page)
	if (when.toMillis() < Math.floor(call.startMs / 1000) * 1000) {
		throw new RpcError(
			-32602,
			'Invalid date time',
			'invalid_date_time',
			'date_time',
			params.date_time,
		);
	}
	const value = params.transaction_value as number;
	if (value < 0) throw rpcErrors.invalidValue('transaction_value', value);
	const comment = (params.comment as string | undefined) ?? null;
	if (comment !== null && [...comment].length > 255)
		throw rpcErrors.invalidValue('comment', comment);
	const repeat = rt.state.sales.find(
		(s) =>
			s.communication_id === call.id &&
			s.date_time === params.date_time &&
			s.transaction_value === value &&
			s.comment === comment,
	);
	if (repeat) {
		if (rt.state.config.repeatSale === 'duplicate_entity')
			throw rpcErrors.duplicateEntity('communication_id', call.id);
		if (rt.state.config.repeatSale === 'same_id') return { data: { id: repeat.id } };
	}
	const sale = {
		id: rt.state.nextSaleId++,
		communication_id: call.id,
		date_time: params.date_time as string,
		transaction_value: value,
		comment,
	};
	rt.state.sales.push(sale);
	call.saleMs = when.toMillis();
	call.saleCost = value;
	if (!call.tags.some((t) => t.tag_id === COMAGIC_SALE_TAG_ID)) {
		call.tags.push({
			tag_id: COMAGIC_SALE_TAG_ID,
			tag_type: 'manual',
			changeMs: rt.ctx.now(),
			employee_id: null,
		});
	}
	return { data: { id: sale.id } };
};
