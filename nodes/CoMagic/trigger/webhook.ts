import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { activationCheck } from '../../shared/webhook/activation';
import { bodyKey, isRepeat, REPEAT_SKIPPED } from '../../shared/webhook/dedupe';
import { admitRequest } from '../../shared/webhook/gate';
import { detectEvent } from './events';
import { parseIcpAnswer } from './icpAnswer';
import { guardIcpResponse } from './icpGuard';
import { normalizeIcpRequest, normalizeNotification } from './normalize';
import { settingsOf, settingsProblems, type TriggerSettings } from './settings';

/**
 * A named event of one call is keyed by (event, call session). Anything else — an event this node cannot name, or
 * no call session id — is keyed on the whole body, so two different notifications are never taken for one.
 */
function duplicateKey(
	detected: string | undefined,
	item: IDataObject,
	fields: IDataObject,
): string {
	if (detected !== undefined && item.callSessionId !== null) {
		return `${detected}:${String(item.callSessionId)}`;
	}
	return `${detected ?? 'unknown'}#${bodyKey(fields)}`;
}

function handleNotification(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	fields: IDataObject,
): IWebhookResponseData {
	const detected = detectEvent(fields);
	const event = detected ?? 'unknown';
	if (detected === undefined && settings.unknownEvents === 'drop') {
		return { webhookResponse: { ok: true, skipped: 'unknown event' } };
	}
	if (
		detected !== undefined &&
		!settings.events.includes('any') &&
		!settings.events.includes(detected)
	) {
		return { webhookResponse: { ok: true, skipped: 'event not selected' } };
	}
	const item = normalizeNotification(event, fields, settings.timeZone);
	if (isRepeat(ctx, duplicateKey(detected, item, fields), settings.duplicateWindow)) {
		return REPEAT_SKIPPED;
	}
	return { workflowData: [ctx.helpers.returnJsonArray([item])] };
}

function handleInteractive(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	fields: IDataObject,
): IWebhookResponseData {
	const parsed = parseIcpAnswer(settings.defaultAnswerText);
	// activation validates the default answer; this keeps a hand-edited workflow from leaving a call hanging
	const fallback = parsed.ok ? parsed.answer : { returned_code: 1 };
	const nodeName = ctx.getNode().name;
	const logger = ctx.logger;
	guardIcpResponse(ctx.getResponseObject(), fallback, settings.timeBudgetMs, (reason, detail) => {
		logger.warn(`${nodeName}: sent the default interactive answer (${reason}: ${detail})`);
	});
	const item = normalizeIcpRequest(fields);
	return { workflowData: [ctx.helpers.returnJsonArray([item])] };
}

/** CoMagic has no API to register a notification URL: activation refuses settings that could never work. */
export const activation = activationCheck(
	'CoMagic Trigger',
	settingsOf,
	settingsProblems,
	'Fix the settings, then paste the Production URL into the cabinet (Уведомления → Добавить → HTTP) or into the scenario step «Интерактивная обработка вызова».',
);

/** The trigger's `webhook()`: the shared gate first, then the mode's own handling. */
export async function handleRequest(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const settings = await settingsOf(ctx);
	const gate = await admitRequest(ctx, settings, settingsProblems(settings));
	if (!gate.admitted) return gate.response;
	return settings.mode === 'interactive'
		? handleInteractive(ctx, settings, gate.fields)
		: handleNotification(ctx, settings, gate.fields);
}
