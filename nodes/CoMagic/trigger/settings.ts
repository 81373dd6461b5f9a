import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { isValidZone } from '../../shared/timeZone';
import {
	allowListProblems,
	secretSettingsProblems,
	type SecretLocation,
	type SecretSettings,
} from '../../shared/webhook/auth';
import { parametersOf, type ParameterReader } from '../../shared/webhook/parameters';
import { withTriggerSecret, type TriggerSecretCredential } from '../../shared/webhook/triggerSecret';
import { parseIcpAnswer } from './icpAnswer';

export interface TriggerSettings {
	mode: 'notifications' | 'interactive';
	events: string[];
	secret: SecretSettings;
	timeZone: string;
	duplicateWindow: number;
	ipAllowList: string;
	unknownEvents: 'pass' | 'drop';
	defaultAnswerText: string;
	timeBudgetMs: number;
}

export function readSettings(get: ParameterReader): TriggerSettings {
	const mode = get('mode', 'notifications') === 'interactive' ? 'interactive' : 'notifications';
	const options = (get('options', {}) ?? {}) as IDataObject;
	const interactive = mode === 'interactive';
	const answer = interactive ? get('defaultAnswer', '{"returned_code": 1}') : '';
	return {
		mode,
		events: interactive ? [] : ((get('events', ['any']) as string[] | undefined) ?? ['any']),
		secret: {
			location: (get('secretLocation', 'query') as SecretLocation) ?? 'query',
			name: String(get('fieldName', 'token') ?? ''),
			secret: String(get('secret', '') ?? ''),
		},
		timeZone: String(options.timeZone ?? 'Europe/Moscow'),
		duplicateWindow: Number(options.duplicateWindow ?? 300),
		ipAllowList: String(options.ipAllowList ?? ''),
		unknownEvents: options.unknownEvents === 'drop' ? 'drop' : 'pass',
		defaultAnswerText: typeof answer === 'string' ? answer : JSON.stringify(answer),
		timeBudgetMs: interactive ? Number(get('timeBudgetMs', 3000)) : 0,
	};
}

/** The credential a version-2 trigger reads its secret from (credentials/CoMagicTriggerApi.credentials.ts). */
export const COMAGIC_TRIGGER_SECRET: TriggerSecretCredential = {
	type: 'coMagicTriggerApi',
	displayName: 'CoMagic Trigger API',
};

/** The settings as activation and every request see them, the secret included. */
export async function settingsOf(ctx: IHookFunctions | IWebhookFunctions): Promise<TriggerSettings> {
	return await withTriggerSecret(ctx, readSettings(parametersOf(ctx)), COMAGIC_TRIGGER_SECRET);
}

/** Everything wrong with the settings, as sentences; empty when the trigger can be activated. */
export function settingsProblems(settings: TriggerSettings): string[] {
	const problems = [
		...secretSettingsProblems(settings.secret),
		...allowListProblems(settings.ipAllowList),
	];
	if (!isValidZone(settings.timeZone))
		problems.push(`"${settings.timeZone}" is not an IANA time zone`);
	if (settings.mode === 'notifications' && settings.events.length === 0) {
		problems.push('no event is selected');
	}
	if (settings.mode === 'interactive') {
		const answer = parseIcpAnswer(settings.defaultAnswerText);
		if (!answer.ok) problems.push(`the default answer is not valid: ${answer.reason}`);
		if (!(settings.timeBudgetMs >= 100)) problems.push('the time budget must be at least 100 ms');
	}
	return problems;
}
