import type { IDataObject } from 'n8n-workflow';

import type { OutcomeRule } from '../outcomes';
import {
	allowListProblems,
	secretSettingsProblems,
	type SecretLocation,
	type SecretSettings,
} from '../../shared/webhook/auth';
import type { ParameterReader } from '../../shared/webhook/parameters';
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

export function callbackSettingsProblems(settings: CallbackSettings): string[] {
	return [
		...secretSettingsProblems(settings.secret),
		...allowListProblems(settings.ipAllowList),
		...outcomeRuleProblems(settings.rules),
	];
}
