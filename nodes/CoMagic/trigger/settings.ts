import type { IDataObject } from 'n8n-workflow';

import { isValidZone } from '../../shared/timeZone';
import {
	allowListProblems,
	secretSettingsProblems,
	type SecretLocation,
	type SecretSettings,
} from '../../shared/webhook/auth';
import type { ParameterReader } from '../../shared/webhook/parameters';
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
