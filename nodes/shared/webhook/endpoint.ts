import type { IHttpRequestMethods, IWebhookDescription } from 'n8n-workflow';

/**
 * The one URL of a trigger (path `webhook`, the same for every method the sender may use), answered as `answer`
 * says: at once (onReceived) or with what the workflow produced.
 */
export function triggerWebhooks(
	methods: IHttpRequestMethods[],
	answer: Pick<IWebhookDescription, 'responseMode' | 'responseData'>,
): IWebhookDescription[] {
	return methods.map((httpMethod) => ({
		name: 'default',
		httpMethod,
		path: 'webhook',
		responseMode: answer.responseMode,
		responseData: answer.responseData,
	}));
}
