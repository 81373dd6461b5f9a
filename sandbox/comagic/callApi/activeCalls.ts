/** Call API methods on calls in progress: release.call, list.calls, tag.call (https://comagic.github.io/call_api/). */
import { finishCall } from '../callLifecycle';
import { RpcError, rpcErrors } from '../jsonrpc/errors';
import { checkEnum, checkParams, type ParamSchema } from '../jsonrpc/params';
import { formatCallApiTime } from '../model/timeFormats';
import type { MethodHandler } from './methods';

const SESSION_PARAMS: ParamSchema = {
	access_token: { type: 'string', required: true },
	call_session_id: { type: 'integer', required: true },
};

export const releaseCall: MethodHandler = (rt, params) => {
	checkParams(params, SESSION_PARAMS);
	if (!finishCall(rt, params.call_session_id as number, 'operator_disconnects')) {
		throw rpcErrors.callNotFound(params.call_session_id);
	}
	return { success: 'true' };
};

export const listCalls: MethodHandler = (rt, params) => {
	checkParams(params, {
		access_token: { type: 'string', required: true },
		direction: { type: 'string' },
		virtual_phone_number: { type: 'string' },
	});
	checkEnum('direction', params.direction, ['in', 'out']);
	const vn = params.virtual_phone_number as string | undefined;
	// «должен начинаться с 7» (list_calls page)
	if (vn != null && !/^7\d{10}$/.test(vn)) throw rpcErrors.invalidValue('virtual_phone_number', vn);
	return [...rt.state.active.values()]
		.filter(
			(a) =>
				(params.direction == null || a.record.direction === params.direction) &&
				(vn == null || a.record.virtualNumber === vn),
		)
		.map((a) => ({
			call_session_id: a.record.id,
			direction: a.record.direction,
			start_time: formatCallApiTime(a.record.startMs, rt.zone),
			virtual_phone_number: a.record.virtualNumber,
			contact_phone_number: a.record.contact,
			external_id: a.record.externalId,
			tags: a.record.tags.map((t) => ({
				tag_id: t.tag_id,
				tag_name: rt.state.tag(t.tag_id)?.name ?? null,
			})),
			legs: a.legs.map((l) => {
				const e = rt.state.employee(l.employee_id);
				return {
					...l,
					employee_full_name: e ? `${e.last_name} ${e.first_name}` : null,
					record_call_enabled: rt.state.config.recordCalls,
				};
			}),
		}));
};

export const tagCall: MethodHandler = (rt, params) => {
	checkParams(params, { ...SESSION_PARAMS, tag_id: { type: 'integer', required: true } });
	// active calls only; finished ones are tagged through Data API set.tag_communications
	const active = rt.state.active.get(params.call_session_id as number);
	if (!active) throw rpcErrors.callNotFound(params.call_session_id);
	const tagId = params.tag_id as number;
	if (!rt.state.tag(tagId))
		throw new RpcError(-32602, 'Tag not found', 'tag_not_found', 'tag_id', tagId);
	if (active.record.tags.some((t) => t.tag_id === tagId)) {
		throw new RpcError(-32602, 'Tag has already been set', 'duplicate_tag', 'tag_id', tagId);
	}
	active.record.tags.push({
		tag_id: tagId,
		tag_type: 'manual',
		changeMs: rt.ctx.now(),
		employee_id: active.record.employeeId,
	});
	return { success: 'true' };
};
