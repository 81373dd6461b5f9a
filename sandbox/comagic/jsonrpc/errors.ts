/**
 * The error objects both CoMagic APIs answer with: always HTTP 200 with `error` {code, message, data: {mnemonic, field,
 * value, params, extended_helper, metadata}} (https://comagic.github.io/call_api/, https://comagic.github.io/data_api/).
 */

/** Errors that never cost points and never carry limits metadata (https://comagic.github.io/data_api/). */
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

	/** Whether the answer carries metadata.limits (false for the kinds the docs exclude). */
	get withLimits(): boolean {
		return !NO_LIMITS.has(this.mnemonic);
	}
}

/** The documented error catalogue, messages verbatim from the error tables of the docs. */
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
