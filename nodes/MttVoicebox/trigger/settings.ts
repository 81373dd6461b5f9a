import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { OutcomeRule } from '../helpers/outcomes';
import {
	allowListProblems,
	secretSettingsProblems,
	type SecretLocation,
	type SecretSettings,
} from '../../shared/webhook/auth';
import { parametersOf, type ParameterReader } from '../../shared/webhook/parameters';
import { withTriggerSecret, type TriggerSecretCredential } from '../../shared/webhook/triggerSecret';
import { DEFAULT_SECRET_NAME } from './blockSettings';
import { outcomeRuleProblems, outcomeRulesFrom } from './outcomeRules';

export interface CallbackSettings {
	secret: SecretSettings;
	rules: OutcomeRule[];
	duplicateWindow: number;
	ipAllowList: string;
}

export function readCallbackSettings(get: ParameterReader): CallbackSettings {
	const options = (get('options', {}) ?? {}) as IDataObject;
	return {
		secret: {
			location: (get('secretLocation', 'header') as SecretLocation) ?? 'header',
			name: String(get('fieldName', DEFAULT_SECRET_NAME) ?? ''),
			secret: String(get('secret', '') ?? ''),
		},
		rules: outcomeRulesFrom(get('outcomeMap', {}) as IDataObject),
		duplicateWindow: Number(options.duplicateWindow ?? 3600),
		ipAllowList: String(options.ipAllowList ?? ''),
	};
}

/** The credential a version-2 trigger reads its secret from (credentials/MttVoiceboxTriggerApi.credentials.ts). */
export const VOICEBOX_TRIGGER_SECRET: TriggerSecretCredential = {
	type: 'mttVoiceboxTriggerApi',
	displayName: 'MTT Voicebox Trigger API',
};

/** The settings as activation and every callback see them, the secret included. */
export async function callbackSettingsOf(
	ctx: IHookFunctions | IWebhookFunctions,
): Promise<CallbackSettings> {
	return await withTriggerSecret(ctx, readCallbackSettings(parametersOf(ctx)), VOICEBOX_TRIGGER_SECRET);
}

export function callbackSettingsProblems(settings: CallbackSettings): string[] {
	return [
		...secretSettingsProblems(settings.secret),
		...allowListProblems(settings.ipAllowList),
		...outcomeRuleProblems(settings.rules),
	];
}
