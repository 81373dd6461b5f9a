import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

/** How a trigger's settings are read: a parameter by name, with the value to use when it is unset. */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

/** The reader of a trigger node's parameters, on activation (hook) and for each request (webhook) alike. */
export function parametersOf(ctx: IHookFunctions | IWebhookFunctions): ParameterReader {
	return (name, fallback) => ctx.getNodeParameter(name, fallback);
}
