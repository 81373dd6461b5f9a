import { RpcError, rpcErrors } from './jsonrpc';

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
 * Unknown names → unexpected_parameters, missing → required_parameter_missed, wrong JSON type → data_type_error
 * (reference §2.5 common errors). `null` counts as absent for optional parameters (empty fields are null, §1).
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

/** E.164 without `+` (reference §2.2): digits only, 11–15 long, no extension. */
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

/** Characters outside the Basic Multilingual Plane (emoji) stand for «character_encoding_not_allowed» (§2.5). */
export function checkEncoding(field: string, text: string): void {
	if (/[\u{10000}-\u{10FFFF}]/u.test(text)) {
		throw new RpcError(
			-32602,
			'Character encoding is not allowed',
			'character_encoding_not_allowed',
			field,
			text,
		);
	}
}

/** `{type: media|tts, value}` messages of start.* (reference §2.2). */
export function checkMessage(
	field: string,
	value: unknown,
	ttsMaxLength: number,
	mediaIds: ReadonlySet<number>,
): void {
	if (value === undefined || value === null) return;
	checkParams(
		value as Record<string, unknown>,
		{
			type: { type: 'string', required: true },
			value: { type: 'string', required: true },
		},
		`${field}.`,
	);
	const message = value as { type: string; value: string };
	checkEnum(`${field}.type`, message.type, ['media', 'tts']);
	if (message.type === 'tts') {
		if (message.value.trim() === '') throw rpcErrors.invalidValue(`${field}.value`, message.value);
		checkEncoding(`${field}.value`, message.value);
		const length = [...message.value].length;
		if (length > ttsMaxLength) {
			throw new RpcError(
				-32602,
				`The maximum length of Text-to-Speech message is ${ttsMaxLength}. The length of your message is ${length}`,
				'tts_text_exceeded',
				`${field}.value`,
				message.value,
				{ tts_message_max_length: ttsMaxLength, sent_tts_message_length: length },
			);
		}
	} else if (!/^\d+$/.test(message.value) || !mediaIds.has(Number(message.value))) {
		throw new RpcError(
			-32602,
			'Media file not found',
			'media_file_not_found',
			`${field}.value`,
			message.value,
		);
	}
}
