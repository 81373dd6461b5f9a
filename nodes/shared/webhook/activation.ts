import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

/**
 * Activation of a trigger whose service has no API to register a webhook URL (neither CoMagic nor Voicebox has
 * one): the URL is set up by hand, so the only useful thing to do on activation is to refuse settings that could
 * never work and say how to set the URL up.
 */
export interface ActivationCheck {
	/** the node's name in the message, e.g. "CoMagic Trigger" */
	trigger: string;
	/** everything wrong with the node's settings, as sentences; empty when it can be activated */
	problems(ctx: IHookFunctions): Promise<string[]>;
	/** the error's description: what to do once the settings are fixed */
	howToFix: string;
}

/**
 * The activation check of a trigger whose settings `read` turns into something `problems` can judge (the same two
 * functions its webhook() uses, so activation and each request agree).
 */
export function activationCheck<Settings>(
	trigger: string,
	read: (ctx: IHookFunctions) => Promise<Settings>,
	problems: (settings: Settings) => string[],
	howToFix: string,
): ActivationCheck {
	return { trigger, problems: async (ctx) => problems(await read(ctx)), howToFix };
}

export async function assertActivatable(ctx: IHookFunctions, check: ActivationCheck): Promise<void> {
	const problems = await check.problems(ctx);
	if (problems.length > 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The ${check.trigger} cannot start: ${problems.join('; ')}`,
			{ description: check.howToFix },
		);
	}
}

/**
 * The webhook lifecycle n8n's lint requires of a trigger, for a URL set up by hand: checkExists and create only
 * validate, delete has nothing to remove (the URL stays in the service until removed there).
 */
export function manualWebhookMethods(check: ActivationCheck) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await assertActivatable(this, check);
				// nothing on the service's side to look up: let create() run its own check on every activation
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await assertActivatable(this, check);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};
}
