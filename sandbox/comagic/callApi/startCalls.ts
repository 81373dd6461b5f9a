/**
 * The five start.* methods of the Call API and the checks they share
 * (https://comagic.github.io/call_api/create_call/start_simple_call/ and its sibling pages).
 */
import { startCall } from '../callLifecycle';
import { RpcError, rpcErrors } from '../jsonrpc/errors';
import { checkE164, checkEnum, checkParams, type ParamSchema } from '../jsonrpc/params';
import type { Runtime } from '../model/runtime';
import { checkMessage } from './messages';
import type { MethodHandler } from './methods';
import { checkDirection } from './securityRules';

const SHARED: ParamSchema = {
	access_token: { type: 'string', required: true },
	virtual_phone_number: { type: 'string', required: true },
	virtual_phone_usage_rule: { type: 'string' },
	contact: { type: 'string', required: true },
	external_id: { type: 'string' },
	dtmf_string: { type: 'string' },
	direction: { type: 'string' },
	contact_message: { type: 'object' },
};

const DIALLED: ParamSchema = {
	...SHARED,
	first_call: { type: 'string', required: true },
	switch_at_once: { type: 'boolean' },
	early_switching: { type: 'boolean' },
	show_virtual_phone_number: { type: 'boolean' },
	media_file_id: { type: 'integer' },
};

const USAGE_RULES = [
	'fixed',
	'fixed_for_numa',
	'random',
	'regional_random',
	'regional_fixed_for_numa',
];

/** Checks every start.* shares: the caller id is the account's, the contact may be called, options are valid. */
function checkShared(rt: Runtime, params: Record<string, unknown>): void {
	const { state } = rt;
	const vn = checkE164('virtual_phone_number', params.virtual_phone_number);
	if (!state.virtualNumber(vn)) {
		throw new RpcError(
			-32007,
			`Virtual phone number ${vn} not found. It is not your virtual phone number.`,
			'virtual_phone_number_not_found',
			'virtual_phone_number',
			vn,
			{ virtual_phone_number: vn },
		);
	}
	checkEnum('virtual_phone_usage_rule', params.virtual_phone_usage_rule, USAGE_RULES);
	const contact = checkE164('contact', params.contact);
	if (state.virtualNumber(contact)) {
		throw new RpcError(
			-32602,
			'Calling own virtual phone number is not allowed',
			'own_virtual_phone_number_not_allowed',
			'contact',
			contact,
		);
	}
	checkDirection(state.config, 'contact', contact);
	if (state.config.blacklist.includes(contact)) {
		throw new RpcError(
			-32002,
			'Contact is in the blacklist',
			'contact_in_blacklist',
			'contact',
			contact,
		);
	}
	if (params.dtmf_string != null && !/^[0-9*#.]+$/.test(params.dtmf_string as string)) {
		throw rpcErrors.invalidValue('dtmf_string', params.dtmf_string);
	}
	checkEnum('direction', params.direction, ['in', 'out']);
	if (params.external_id != null && (params.external_id as string).length > 255) {
		throw rpcErrors.invalidValue('external_id', params.external_id);
	}
	checkMessage(state, 'contact_message', params.contact_message);
	if (params.media_file_id != null && !state.mediaIds.has(params.media_file_id as number)) {
		throw new RpcError(
			-32602,
			'Media file not found',
			'media_file_not_found',
			'media_file_id',
			params.media_file_id,
		);
	}
}

/** first_call / switch_at_once / early_switching: early switching needs the operator first and switch_at_once. */
function checkSwitching(params: Record<string, unknown>, firstCallValues: string[]): void {
	checkEnum('first_call', params.first_call, firstCallValues);
	if (params.early_switching === true) {
		const operatorFirst = params.first_call === firstCallValues[1];
		if (!operatorFirst || params.switch_at_once !== true) {
			throw rpcErrors.combination('early_switching', true);
		}
	}
}

interface Party {
	source: string;
	employeeId?: number | null;
	operatorPhone?: string | null;
	scenarioId?: number | null;
}

/** Places a validated start.* call (scripted per contact) and answers with its session id. */
function place(rt: Runtime, params: Record<string, unknown>, requestId: number, party: Party) {
	const contact = params.contact as string;
	const script = rt.state.config.callScripts[contact] ?? {};
	const call = startCall(rt, {
		contact,
		virtualNumber: params.virtual_phone_number as string,
		direction: (params.direction as 'in' | 'out' | undefined) ?? 'in',
		externalId: (params.external_id as string | undefined) ?? null,
		requestId,
		inbound: false,
		answered: script.answered ?? true,
		waitSeconds: 0,
		durationMs: script.durationMs ?? rt.state.config.callDurationMs,
		talkSeconds: script.talkSeconds,
		source: party.source,
		employeeId: party.employeeId ?? null,
		operatorPhone: party.operatorPhone ?? null,
		scenarioId: party.scenarioId ?? null,
	});
	return { call_session_id: call.record.id };
}

/** A call the scenario handles; the first employee stands for whoever the scenario puts through. */
function placeScenarioCall(
	rt: Runtime,
	params: Record<string, unknown>,
	requestId: number,
	scenarioId: number,
) {
	return place(rt, params, requestId, {
		source: 'callapi_scenario_call',
		employeeId: rt.state.employees[0]?.id ?? null,
		scenarioId,
	});
}

export const startSimpleCall: MethodHandler = (rt, params, requestId) => {
	checkParams(params, {
		...DIALLED,
		operator: { type: 'string', required: true },
		operator_confirmation: { type: 'string' },
		operator_message: { type: 'object' },
	});
	checkShared(rt, params);
	checkSwitching(params, ['contact', 'operator']);
	const operator = checkE164('operator', params.operator);
	checkDirection(rt.state.config, 'operator', operator);
	// «Звонок на любые номера кроме собственных виртуальных» (start_simple_call page)
	if (rt.state.virtualNumber(operator)) {
		throw new RpcError(
			-32602,
			'Calling own virtual phone number is not allowed',
			'own_virtual_phone_number_not_allowed',
			'operator',
			operator,
		);
	}
	if (
		params.operator_confirmation != null &&
		!/^([0-9*#]|any)$/.test(params.operator_confirmation as string)
	) {
		throw rpcErrors.invalidValue('operator_confirmation', params.operator_confirmation);
	}
	checkMessage(rt.state, 'operator_message', params.operator_message);
	return place(rt, params, requestId, { source: 'callapi', operatorPhone: operator });
};

export const startEmployeeCall: MethodHandler = (rt, params, requestId) => {
	checkParams(params, {
		...DIALLED,
		employee: { type: 'object', required: true },
		employee_message: { type: 'object' },
	});
	checkParams(
		params.employee as Record<string, unknown>,
		{
			id: { type: 'integer', required: true },
			phone_number: { type: 'string' },
		},
		'employee.',
	);
	checkShared(rt, params);
	checkSwitching(params, ['contact', 'employee']);
	const ref = params.employee as { id: number; phone_number?: string };
	const employee = rt.state.employee(ref.id);
	if (!employee)
		throw new RpcError(-32602, 'Employee not found', 'employee_not_found', 'employee.id', ref.id);
	const activePhones = employee.phones
		.filter((p) => p.status === 'active')
		.map((p) => p.phone_number);
	// a given phone must be an active number of that employee; without one all active numbers ring
	if (
		activePhones.length === 0 ||
		(ref.phone_number != null && !activePhones.includes(ref.phone_number))
	) {
		throw new RpcError(
			-32602,
			'Employee has no active phone number',
			'no_active_phone_number',
			'employee.phone_number',
			ref.phone_number ?? null,
		);
	}
	checkMessage(rt.state, 'employee_message', params.employee_message);
	return place(rt, params, requestId, {
		source: 'callapi',
		employeeId: employee.id,
		operatorPhone: ref.phone_number ?? activePhones[0],
	});
};

export const startScenarioCall: MethodHandler = (rt, params, requestId) => {
	checkParams(params, {
		...DIALLED,
		scenario_id: { type: 'integer', required: true },
		employee_message: { type: 'object' },
	});
	checkShared(rt, params);
	checkSwitching(params, ['contact', 'employee']);
	if (!rt.state.scenario(params.scenario_id as number)) {
		throw new RpcError(
			-32602,
			'Scenario not found',
			'scenario_not_found',
			'scenario_id',
			params.scenario_id,
		);
	}
	checkMessage(rt.state, 'employee_message', params.employee_message);
	return placeScenarioCall(rt, params, requestId, params.scenario_id as number);
};

export const startVnumberCall: MethodHandler = (rt, params, requestId) => {
	checkParams(params, DIALLED);
	checkShared(rt, params);
	checkSwitching(params, ['contact', 'employee']);
	const scenarioId =
		rt.state.virtualNumber(params.virtual_phone_number as string)?.scenario_id ?? null;
	if (scenarioId === null) {
		throw new RpcError(
			-32007,
			'Virtual phone number does not have a scenario',
			'scenario_not_found',
			'virtual_phone_number',
			params.virtual_phone_number,
		);
	}
	return placeScenarioCall(rt, params, requestId, scenarioId);
};

export const startInformerCall: MethodHandler = (rt, params, requestId) => {
	checkParams(params, {
		...SHARED,
		contact_message: { type: 'object', required: true },
		dialing_timeout: { type: 'integer' },
	});
	checkShared(rt, params);
	const timeout = params.dialing_timeout as number | undefined;
	if (timeout != null && (timeout < 1 || timeout > 120))
		throw rpcErrors.invalidValue('dialing_timeout', timeout);
	return place(rt, params, requestId, { source: 'callapi_informer_call' });
};
