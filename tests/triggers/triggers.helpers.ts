import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { NOTIFICATION_EVENTS } from '../../nodes/CoMagic/trigger/events';
import { startWebhookDriver, type DriverOptions, type WebhookDriver } from '../harness/webhook';

export const SECRET = 'x7Hq-9pLm_2Zr!';

export function comagicParams(overrides: INodeParameters = {}): INodeParameters {
	return {
		mode: 'notifications',
		events: ['any'],
		secretLocation: 'query',
		fieldName: 'token',
		secret: SECRET,
		...overrides,
	};
}

export function voiceboxParams(overrides: INodeParameters = {}): INodeParameters {
	return {
		secretLocation: 'header',
		fieldName: 'X-Webhook-Secret',
		secret: SECRET,
		...overrides,
	};
}

/**
 * A trigger as the editor saves it. Version 2 (the default, what n8n gives a new node) keeps the secret in its
 * credential, so a `secret` in the parameters moves there; `extra.typeVersion: 1` keeps it a parameter.
 */
function trigger(
	type: string,
	credentialType: string,
	parameters: INodeParameters,
	extra: Partial<DriverOptions>,
): Promise<WebhookDriver> {
	const { secret, ...rest } = parameters;
	const version2 = (extra.typeVersion ?? 2) >= 2;
	return startWebhookDriver({
		type,
		parameters: version2 ? rest : parameters,
		...(version2 && secret !== undefined
			? { credentials: { [credentialType]: { secret } as ICredentialDataDecryptedObject } }
			: {}),
		...extra,
	});
}

export function comagic(
	overrides: INodeParameters = {},
	extra: Partial<DriverOptions> = {},
): Promise<WebhookDriver> {
	return trigger('coMagicTrigger', 'coMagicTriggerApi', comagicParams(overrides), extra);
}

export function voicebox(
	overrides: INodeParameters = {},
	extra: Partial<DriverOptions> = {},
): Promise<WebhookDriver> {
	return trigger('mttVoiceboxTrigger', 'mttVoiceboxTriggerApi', voiceboxParams(overrides), extra);
}

/** A realistic notification of `event` as the cabinet renders our template (JSON literals). */
export function notification(
	eventKey: string,
	callSessionId = 3545169699,
): Record<string, unknown> {
	const event = NOTIFICATION_EVENTS.find((e) => e.key === eventKey)!;
	const values: Record<string, unknown> = {
		notification_name: event.label,
		notification_mnemonic: eventKey,
		virtual_phone_number: '74951045771',
		notification_time: '2025-01-10 10:17:41.123456',
		scenario_name: 'Основной',
		contact_phone_number: '79031234567',
		communication_number: 1,
		contact_id: 77,
		contact_full_name: 'Иванов Иван',
		call_session_id: callSessionId,
		external_id: null,
		employee_full_name: 'Петрова Анна',
		employee_id: 25,
		employee_ids: [25, 26],
		employee_phone_number: '79990001122',
		call_source: 'va',
		direction: 'in',
		leg_id: 901,
		leg_ids: [901, 902],
		talk_time_duration: 140,
		total_time_duration: 158,
		wait_time_duration: 18,
		tag_names: ['Целевой'],
		tag_ids: [5],
		file_link:
			'https://app.comagic.ru/system/media/talk/3545169699/3be7cc7f8dabe9d67dc276c98987248f/',
		file_duration: 140,
		start_time: '2025-01-10 10:15:03',
		campaign_id: 4411,
		communication_id: 3545169699,
	};
	const body: Record<string, unknown> = { event: eventKey };
	for (const v of event.variables) body[v] = values[v];
	return body;
}
