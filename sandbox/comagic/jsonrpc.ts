/**
 * JSON-RPC 2.0 as both CoMagic APIs speak it (reference §1, §2.5, §3.2): always HTTP 200, `result.data` +
 * `result.metadata`, or `error` {code, message, data: {mnemonic, field, value, params, extended_helper, metadata}}.
 */

export type RpcId = string | number | null;

export interface RpcRequest {
	id: string | number;
	method: string;
	params: Record<string, unknown>;
}

/** Errors that never cost points and never carry limits metadata (reference §1.2). */
const NO_LIMITS = new Set([
	'parse_error',
	'invalid_request',
	'method_not_found',
	'access_token_blocked',
	'access_token_invalid',
	'access_token_expired',
	'auth_error',
	'ip_not_whitelisted',
	'batch_opreations_not_supported',
	'notifications_not_supported',
]);

export class RpcError extends Error {
	constructor(
		readonly code: number,
		message: string,
		readonly mnemonic: string,
		readonly field: string | null = null,
		readonly value: unknown = null,
		readonly params: Record<string, unknown> = {},
	) {
		super(message);
	}

	/** Whether the answer carries metadata.limits (false for the kinds the reference excludes). */
	get withLimits(): boolean {
		return !NO_LIMITS.has(this.mnemonic);
	}
}

/** The documented error catalogue, messages verbatim from the reference tables. */
export const rpcErrors = {
	parse: () => new RpcError(-32700, 'Invalid JSON was received by the server.', 'parse_error'),
	invalidRequest: (field: string | null = null, value: unknown = null) =>
		new RpcError(
			-32600,
			'Invalid Request The JSON sent is not a valid Request object',
			'invalid_request',
			field,
			value,
		),
	batch: () =>
		new RpcError(-32099, 'Batch operations not supported', 'batch_opreations_not_supported'),
	notification: () =>
		new RpcError(-32099, 'Notifications not supported', 'notifications_not_supported'),
	methodNotFound: (method: string) =>
		new RpcError(
			-32601,
			'The method does not exist / is not available',
			'method_not_found',
			'method',
			method,
		),
	tokenInvalid: () => new RpcError(-32001, 'Access token is invalid', 'access_token_invalid'),
	tokenExpired: () => new RpcError(-32001, 'Access token has been expired', 'access_token_expired'),
	tokenBlocked: () => new RpcError(-32001, 'Access token has been blocked', 'access_token_blocked'),
	authError: () => new RpcError(-32001, 'Login or password is wrong', 'auth_error'),
	ipNotWhitelisted: (ip: string) =>
		new RpcError(-32003, `Your IP ${ip} is not whitelisted`, 'ip_not_whitelisted', null, null, {
			ip,
		}),
	limitExceeded: (limitType: 'minute' | 'day', max: number) =>
		new RpcError(
			-32029,
			`Limit per ${limitType} has been exceeded. Value of current limit per ${limitType} is ${max}`,
			'limit_exceeded',
			null,
			null,
			{ limit_type: limitType, limit_max_value: max },
		),
	required: (field: string) =>
		new RpcError(
			-32602,
			'The required parameter has been missed',
			'required_parameter_missed',
			field,
		),
	invalidValue: (field: string, value: unknown) =>
		new RpcError(-32602, 'Invalid parameter value', 'invalid_parameter_value', field, value),
	unexpected: (field: string, value: unknown = null) =>
		new RpcError(-32602, 'Unexpected method parameter(s)', 'unexpected_parameters', field, value),
	dataType: (field: string, value: unknown) =>
		new RpcError(-32602, 'Data supplied is of wrong type', 'data_type_error', field, value),
	combination: (field: string, value: unknown) =>
		new RpcError(
			-32602,
			'The combination of parameters is not permitted',
			'invalid_parameters_combination',
			field,
			value,
		),
	callNotFound: (value: unknown) =>
		new RpcError(
			-32602,
			'Call session not found',
			'call_session_not_found',
			'call_session_id',
			value,
		),
	entityNotFound: (field: string, value: unknown) =>
		new RpcError(-32602, 'Entity not found', 'entity_not_found', field, value),
	duplicateEntity: (field: string, value: unknown) =>
		new RpcError(-32602, 'Duplicate entity', 'duplicate_entity', field, value),
	dateInterval: (months: number) =>
		new RpcError(
			-32602,
			`Max value of requested date interval is ${months} months`,
			'date_interval_limit_reached',
			'date_till',
		),
	filterProhibited: (field: string) =>
		new RpcError(-32602, 'Filter by parameter is prohibited', 'filter_prohibited', 'filter', field),
	sortProhibited: (field: string) =>
		new RpcError(-32602, 'Sort by parameter is prohibited', 'sort_prohibited', 'sort', field),
};

/** Validates the envelope (reference §1 «Request envelope»); throws RpcError with the id it could read. */
export function parseEnvelope(text: string): RpcRequest {
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw rpcErrors.parse();
	}
	if (Array.isArray(body)) throw rpcErrors.batch();
	if (typeof body !== 'object' || body === null) throw rpcErrors.invalidRequest();
	const envelope = body as Record<string, unknown>;
	if (!('id' in envelope)) throw rpcErrors.notification();
	const id = envelope.id;
	if (typeof id !== 'string' && typeof id !== 'number') throw rpcErrors.invalidRequest('id', id);
	const fail = (field: string, value: unknown) => {
		const error = rpcErrors.invalidRequest(field, value);
		(error as RpcError & { id?: RpcId }).id = id;
		return error;
	};
	if (envelope.jsonrpc !== '2.0') throw fail('jsonrpc', envelope.jsonrpc ?? null);
	if (typeof envelope.method !== 'string' || envelope.method === '') {
		throw fail('method', envelope.method ?? null);
	}
	for (const key of Object.keys(envelope)) {
		if (!['jsonrpc', 'id', 'method', 'params'].includes(key)) throw fail(key, envelope[key]);
	}
	const params = envelope.params;
	if (
		params !== undefined &&
		(typeof params !== 'object' || params === null || Array.isArray(params))
	) {
		const error = rpcErrors.dataType('params', params);
		(error as RpcError & { id?: RpcId }).id = id;
		throw error;
	}
	return { id, method: envelope.method, params: (params ?? {}) as Record<string, unknown> };
}

/** The id an envelope error belongs to (null when it could not be read). */
export function errorId(error: RpcError): RpcId {
	return (error as RpcError & { id?: RpcId }).id ?? null;
}

export function successBody(id: RpcId, data: unknown, metadata: Record<string, unknown>): unknown {
	return { jsonrpc: '2.0', id, result: { data, metadata } };
}

export function errorBody(id: RpcId, error: RpcError, metadata: Record<string, unknown>): unknown {
	return {
		jsonrpc: '2.0',
		id,
		error: {
			code: error.code,
			message: error.message,
			data: {
				mnemonic: error.mnemonic,
				field: error.field,
				value: error.value ?? null,
				params: error.params,
				extended_helper: null,
				metadata,
			},
		},
	};
}
