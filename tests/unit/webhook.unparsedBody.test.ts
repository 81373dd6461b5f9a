import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { admitRequest } from '../../nodes/shared/webhook/gate';
import { readPayload, readUnparsedBody } from '../../nodes/shared/webhook/payload';

/**
 * What n8n hands a start node of version 2 for a body it does not parse (no Content-Type, or one other than JSON,
 * form, text or XML: `parseRequestBody` in n8n's webhook-helpers, 1.123 and 2.41): `req.body` and `req.rawBody`
 * unset, the bytes still in the stream behind `req.readRawBody()`.
 */
function unparsedRequest(text: string | undefined, contentType?: string) {
	const req: {
		contentType?: string;
		rawBody?: Buffer;
		readRawBody: jest.Mock<Promise<void>, []>;
	} = {
		contentType,
		readRawBody: jest.fn(async () => {
			if (text === undefined) throw new Error('Request body stream was aborted or is not readable');
			req.rawBody = Buffer.from(text);
		}),
	};
	return req;
}

function contextFor(
	req: object,
	headers: IDataObject = {},
): { ctx: IWebhookFunctions; answered: Array<{ status: number; body: unknown }> } {
	const answered: Array<{ status: number; body: unknown }> = [];
	const ctx = {
		getRequestObject: () => req,
		getBodyData: () => undefined,
		getHeaderData: () => headers,
		getQueryData: () => ({}),
		getNode: () => ({ name: 'MTT Voicebox Trigger' }),
		getResponseObject: () => ({
			status: (status: number) => ({ json: (body: unknown) => answered.push({ status, body }) }),
		}),
		logger: { warn: () => undefined },
	} as unknown as IWebhookFunctions;
	return { ctx, answered };
}

const secret = { location: 'header' as const, name: 'X-Webhook-Secret', secret: 's3cret-value' };

describe('a body n8n left unread (start node of version 2, no parsable Content-Type)', () => {
	it('is read, so the fields arrive as they did on version 1', async () => {
		const req = unparsedRequest('{"call_id":"c-1","response":5,"guid":"v-1-1"}');
		const { ctx } = contextFor(req);
		expect(await readUnparsedBody(ctx)).toBe(true);
		expect(req.readRawBody).toHaveBeenCalledTimes(1);
		expect(readPayload(ctx)).toEqual({
			ok: true,
			fields: { call_id: 'c-1', response: 5, guid: 'v-1-1' },
			source: 'json',
		});
	});

	it('reaches the gate: the secret is checked, then the fields are admitted', async () => {
		const req = unparsedRequest('call_id=c-2&response=1');
		const { ctx } = contextFor(req, { 'x-webhook-secret': 's3cret-value' });
		const gate = await admitRequest(ctx, { secret, ipAllowList: '' }, []);
		expect(gate).toEqual({ admitted: true, fields: { call_id: 'c-2', response: '1' } });
	});

	it('is not read again when n8n parsed it, nor after a multipart parse spent the stream', async () => {
		const parsed = { ...unparsedRequest('{}', 'application/json'), rawBody: Buffer.from('{}') };
		expect(await readUnparsedBody(contextFor(parsed).ctx)).toBe(true);
		expect(parsed.readRawBody).not.toHaveBeenCalled();
		const multipart = unparsedRequest('--x', 'multipart/form-data');
		expect(await readUnparsedBody(contextFor(multipart).ctx)).toBe(true);
		expect(multipart.readRawBody).not.toHaveBeenCalled();
	});

	it('an unreadable body gets a 400 and starts nothing', async () => {
		const req = unparsedRequest(undefined);
		const { ctx, answered } = contextFor(req, { 'x-webhook-secret': 's3cret-value' });
		const gate = await admitRequest(ctx, { secret, ipAllowList: '' }, []);
		expect(gate).toEqual({ admitted: false, response: { noWebhookResponse: true } });
		expect(answered).toEqual([{ status: 400, body: { error: 'The body could not be read' } }]);
	});
});
