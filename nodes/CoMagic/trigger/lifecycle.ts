import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { readSettings, settingsProblems } from './settings';

/**
 * Activation check shared by checkExists/create: CoMagic has no API to register a notification URL, so the only
 * useful thing to do on activation is to refuse settings that could never work, and say how to set it up by hand.
 */
export function assertSettingsValid(ctx: IHookFunctions): void {
	const settings = readSettings((name, fallback) => ctx.getNodeParameter(name, fallback));
	const problems = settingsProblems(settings);
	if (problems.length > 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The CoMagic Trigger cannot start: ${problems.join('; ')}`,
			{
				description:
					'Fix the settings, then paste the Production URL into the cabinet (Уведомления → Добавить → HTTP) or into the scenario step «Интерактивная обработка вызова».',
			},
		);
	}
}
