import { rpcErrors } from './errors';

export type ParamType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'any';

export interface ParamSpec {
	type: ParamType;
	required?: boolean;
}

export type ParamSchema = Record<string, ParamSpec>;

function typeMatches(type: ParamType, value: unknown): boolean {
	switch (type) {
		case 'string':
			return typeof value === 'string';
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'integer':
			return typeof value === 'number' && Number.isInteger(value);
		case 'boolean':
			return typeof value === 'boolean';
		case 'object':
			return typeof value === 'object' && value !== null && !Array.isArray(value);
		case 'array':
			return Array.isArray(value);
		default:
			return true;
	}
}

/**
 * Unknown names → unexpected_parameters, missing → required_parameter_missed, wrong JSON type → data_type_error, as
 * the common error table of both APIs says. `null` counts as absent for optional parameters (the APIs send empty
 * fields as null).
 */
export function checkParams(
	params: Record<string, unknown>,
	schema: ParamSchema,
	prefix = '',
): void {
	for (const key of Object.keys(params)) {
		if (!(key in schema)) throw rpcErrors.unexpected(prefix + key, params[key]);
	}
	for (const [key, spec] of Object.entries(schema)) {
		const value = params[key];
		if (value === undefined || value === null) {
			if (spec.required) throw rpcErrors.required(prefix + key);
			continue;
		}
		if (!typeMatches(spec.type, value)) throw rpcErrors.dataType(prefix + key, value);
	}
}

/** E.164 without `+`, as start.* takes numbers: digits only, 11–15 long, no extension. */
export function checkE164(field: string, value: unknown): string {
	if (typeof value !== 'string' || !/^[1-9]\d{10,14}$/.test(value)) {
		throw rpcErrors.invalidValue(field, value);
	}
	return value;
}

export function checkEnum(field: string, value: unknown, allowed: readonly string[]): void {
	if (value !== undefined && value !== null && !allowed.includes(value as string)) {
		throw rpcErrors.invalidValue(field, value);
	}
}
