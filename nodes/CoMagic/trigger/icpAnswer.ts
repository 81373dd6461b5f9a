import type { IDataObject } from 'n8n-workflow';

/**
 * Answers of interactive call processing (https://comagic.github.io/interactive_call_processing/): redirect to `phones` (optionally with a message to the
 * caller and a hint to the operator), play a message, or branch the scenario with `returned_code`.
 */
const MESSAGE_KEYS = [
	'message_name',
	'text',
	'operator_message',
	'operator_media',
	'operator_text',
];

export type IcpAnswerResult = { ok: true; answer: IDataObject } | { ok: false; reason: string };

function unwrap(value: unknown): unknown {
	// lastNode mode with "all entries" or a Code node returning one item array
	if (Array.isArray(value) && value.length > 0) return unwrap(value[0]);
	if (typeof value === 'string') {
		try {
			return JSON.parse(value);
		} catch {
			return value;
		}
	}
	return value;
}

/** Keeps only what the scenario understands; undefined-free and typed. */
export function parseIcpAnswer(value: unknown): IcpAnswerResult {
	const input = unwrap(value);
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		return { ok: false, reason: 'the answer is not a JSON object' };
	}
	const source = input as IDataObject;
	const answer: IDataObject = {};
	if (source.returned_code !== undefined && source.returned_code !== null) {
		const code = Number(source.returned_code);
		if (!Number.isInteger(code)) return { ok: false, reason: 'returned_code must be an integer' };
		answer.returned_code = code;
	}
	if (source.phones !== undefined && source.phones !== null) {
		const list = Array.isArray(source.phones) ? source.phones : [source.phones];
		const phones = list
			.map((p) => (typeof p === 'number' ? String(p) : typeof p === 'string' ? p.trim() : ''))
			.filter((p) => p !== '');
		if (phones.length === 0 || phones.length !== list.length) {
			return { ok: false, reason: 'phones must be a non-empty list of phone numbers' };
		}
		answer.phones = phones;
	}
	for (const key of MESSAGE_KEYS) {
		const text = source[key];
		if (typeof text === 'string' && text.trim() !== '') answer[key] = text;
	}
	if (answer.returned_code !== undefined && answer.phones !== undefined) {
		return { ok: false, reason: 'an answer has either phones or returned_code, not both' };
	}
	if (Object.keys(answer).length === 0) {
		return {
			ok: false,
			reason: 'the answer has none of phones, returned_code, message_name, text',
		};
	}
	return { ok: true, answer };
}
