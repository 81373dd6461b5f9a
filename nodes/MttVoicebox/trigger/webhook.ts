import {
	NodeOperationError,
	type IHookFunctions,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { seenRecently, triggerScope } from '../../shared/duplicates';
import { admitRequest } from '../../shared/webhookGate';
import { duplicateKey, normalizeCallback } from './normalize';
import { callbackSettingsProblems, readCallbackSettings } from './settings';

/** The trigger's `webhook()`: the shared gate, then one item per status, repeats of (call, code) suppressed. */
export async function handleCallback(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const settings = readCallbackSettings((name, fallback) => ctx.getNodeParameter(name, fallback));
	const gate = admitRequest(ctx, {
		secret: settings.secret,
		ipAllowList: settings.ipAllowList,
		problems: callbackSettingsProblems(settings),
	});
	if (!gate.admitted) return gate.response;
	const item = normalizeCallback(gate.fields, settings.rules);
	const key = duplicateKey(item);
	if (settings.duplicateWindow > 0 && key !== undefined) {
		const scope = triggerScope(ctx.getWorkflow().id, ctx.getNode().id);
		if (seenRecently(scope, key, settings.duplicateWindow, Date.now())) {
			return { webhookResponse: { ok: true, skipped: 'duplicate' } };
		}
	}
	return { workflowData: [ctx.helpers.returnJsonArray([item])] };
}

/** Activation check: Voicebox has no API to register the URL, so refuse settings that could never work. */
export function assertCallbackSettingsValid(ctx: IHookFunctions): void {
	const problems = callbackSettingsProblems(
		readCallbackSettings((name, fallback) => ctx.getNodeParameter(name, fallback)),
	);
	if (problems.length > 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The MTT Voicebox Trigger cannot start: ${problems.join('; ')}`,
			{
				description:
					'Fix the settings, then put the Production URL into every «HTTP-запрос» block of the scenario.',
			},
		);
	}
}
