import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { activationCheck } from '../../shared/webhook/activation';
import { isRepeat, REPEAT_SKIPPED } from '../../shared/webhook/dedupe';
import { admitRequest } from '../../shared/webhook/gate';
import { duplicateKey, normalizeCallback } from './normalize';
import { callbackSettingsOf, callbackSettingsProblems } from './settings';

/** Voicebox has no API to register the URL: activation refuses settings that could never work. */
export const activation = activationCheck(
	'MTT Voicebox Trigger',
	callbackSettingsOf,
	callbackSettingsProblems,
	'Fix the settings, then put the Production URL into every «HTTP-запрос» block of the scenario.',
);

/** The trigger's `webhook()`: the shared gate, then one item per status, repeats of (call, code) suppressed. */
export async function handleCallback(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const settings = await callbackSettingsOf(ctx);
	const gate = await admitRequest(ctx, settings, callbackSettingsProblems(settings));
	if (!gate.admitted) return gate.response;
	const item = normalizeCallback(gate.fields, settings.rules);
	if (isRepeat(ctx, duplicateKey(item), settings.duplicateWindow)) return REPEAT_SKIPPED;
	return { workflowData: [ctx.helpers.returnJsonArray([item])] };
}
