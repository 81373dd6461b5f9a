/** The contact, operator and employee messages of start.* calls (https://comagic.github.io/call_api/). */
import { RpcError, rpcErrors } from '../jsonrpc/errors';
import { checkEnum, checkParams } from '../jsonrpc/params';
import type { CoMagicState } from '../model/state';

/** Characters outside the Basic Multilingual Plane (emoji) stand for «character_encoding_not_allowed». */
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

/** `{type: media|tts, value}` messages of start.*: TTS text up to the tariff's length, or a media file of the account. */
export function checkMessage(state: CoMagicState, field: string, value: unknown): void {
	if (value === undefined || value === null) return;
	const { ttsMaxLength } = state.config;
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
	} else if (!/^\d+$/.test(message.value) || !state.mediaIds.has(Number(message.value))) {
		throw new RpcError(
			-32602,
			'Media file not found',
			'media_file_not_found',
			`${field}.value`,
			message.value,
		);
	}
}
