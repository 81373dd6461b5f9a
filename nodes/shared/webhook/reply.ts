import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/**
 * Answers the request directly and starts no execution: rejections (401, 403, 400) must not reach the workflow,
 * and throwing instead would make n8n answer 500 and log a stack trace.
 */
export function replyWithoutExecution(
	ctx: IWebhookFunctions,
	status: number,
	body: IDataObject,
): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(status).json(body);
	return { noWebhookResponse: true };
}

/** Logs a rejected request in one line, without the body (it may carry the secret or personal data). */
export function logRejection(ctx: IWebhookFunctions, status: number, reason: string): void {
	ctx.logger.warn(`${ctx.getNode().name}: rejected a request with ${status}: ${reason}`);
}
