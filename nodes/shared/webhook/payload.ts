import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

/**
 * The fields of an incoming webhook request, whatever shape the sender chose. n8n parses the body before calling
 * `webhook()` only for JSON, form, text and XML content types; with no Content-Type (Voicebox HTTP blocks may send
 * none) `getBodyData()` is empty and the bytes sit in `req.rawBody`, so those are parsed here. A JSON body with a
 * JSON Content-Type that does not parse never reaches the node: n8n itself answers 422.
 */
export type PayloadResult =
	| { ok: true; fields: IDataObject; source: PayloadSource }
	| { ok: false; status: 400 | 413; message: string };

export type PayloadSource = 'json' | 'form' | 'query' | 'empty';

/** A sender never needs more than this; bigger bodies are rejected before parsing. */
const MAX_BODY_BYTES = 256 * 1024;

interface RequestWithRawBody {
	rawBody?: unknown;
	contentType?: string;
	readRawBody?: () => Promise<void>;
}

/**
 * n8n reads and parses the body before `webhook()` for every start node of version 1, but from version 2 on only
 * for the content types it parses (JSON, form, text, XML: `parseRequestBody` in n8n's webhook-helpers, alike on
 * 1.123 and 2.41); with no Content-Type or another one the bytes stay unread, left to the node as n8n's own Webhook
 * node reads binary data. So a version-2 trigger reads them here into `req.rawBody`, and sees what version 1 saw.
 * Returns false when the body could not be read (an aborted request).
 */
export async function readUnparsedBody(ctx: IWebhookFunctions): Promise<boolean> {
	const req = ctx.getRequestObject() as unknown as RequestWithRawBody;
	if (req.rawBody !== undefined || typeof req.readRawBody !== 'function') return true;
	// n8n has parsed a multipart body into fields already, from a stream that is now spent
	if (req.contentType?.startsWith('multipart/')) return true;
	try {
		await req.readRawBody();
		return true;
	} catch {
		return false;
	}
}

function isPlainObject(value: unknown): value is IDataObject {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
	);
}

function stripBom(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function parseForm(text: string): IDataObject {
	const fields: IDataObject = {};
	for (const [key, value] of new URLSearchParams(text)) {
		const existing = fields[key];
		if (existing === undefined) fields[key] = value;
		else if (Array.isArray(existing)) (existing as string[]).push(value);
		else fields[key] = [existing as string, value];
	}
	return fields;
}

/** Parses body text the way a lenient sender expects: JSON object, else `a=1&b=2`. */
export function parseBodyText(raw: string): PayloadResult {
	const text = stripBom(raw).trim();
	if (text === '') return { ok: true, fields: {}, source: 'empty' };
	if (text.startsWith('{') || text.startsWith('[') || text.startsWith('"')) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch (error) {
			return {
				ok: false,
				status: 400,
				message: `The body is not valid JSON (${(error as Error).message})`,
			};
		}
		if (!isPlainObject(parsed)) {
			return { ok: false, status: 400, message: 'The body must be a JSON object' };
		}
		return { ok: true, fields: parsed, source: 'json' };
	}
	if (/^[^=&\s]+=/.test(text)) return { ok: true, fields: parseForm(text), source: 'form' };
	return {
		ok: false,
		status: 400,
		message: 'The body is neither a JSON object nor form fields (name=value&…)',
	};
}

/**
 * JSON sent with a form Content-Type (`curl -d '{…}'`, an HTTP block left at its default type): n8n's form parser
 * turns the whole text into one key with an empty value.
 */
function jsonSentAsForm(ctx: IWebhookFunctions, body: IDataObject): string | undefined {
	const contentType = String(ctx.getHeaderData()['content-type'] ?? '');
	if (!contentType.includes('x-www-form-urlencoded')) return undefined;
	const raw = (ctx.getRequestObject() as unknown as RequestWithRawBody).rawBody;
	const text = Buffer.isBuffer(raw)
		? stripBom(raw.toString('utf8')).trim()
		: Object.keys(body).join('');
	return text.startsWith('{') ? text : undefined;
}

function bodyFromRequest(ctx: IWebhookFunctions): PayloadResult {
	const body: unknown = ctx.getBodyData();
	const misfiledJson = isPlainObject(body) ? jsonSentAsForm(ctx, body) : undefined;
	if (misfiledJson !== undefined) return parseBodyText(misfiledJson);
	if (isPlainObject(body) && Object.keys(body).length > 0) {
		return { ok: true, fields: body, source: 'json' };
	}
	if (Array.isArray(body)) {
		return { ok: false, status: 400, message: 'The body must be a JSON object, not an array' };
	}
	if (typeof body === 'string') return parseBodyText(body);
	if (body !== undefined && body !== null && !isPlainObject(body)) {
		return { ok: false, status: 400, message: 'The body must be a JSON object' };
	}
	const raw = (ctx.getRequestObject() as unknown as RequestWithRawBody).rawBody;
	if (Buffer.isBuffer(raw) && raw.length > 0) {
		if (raw.length > MAX_BODY_BYTES) {
			return { ok: false, status: 413, message: 'The body is too large' };
		}
		return parseBodyText(raw.toString('utf8'));
	}
	return { ok: true, fields: {}, source: 'empty' };
}

/**
 * Query fields and body fields merged (the body wins on a clash): the cabinet puts variables in the URL for GET and
 * may still add some to a POST URL.
 */
export function readPayload(ctx: IWebhookFunctions): PayloadResult {
	const fromBody = bodyFromRequest(ctx);
	if (!fromBody.ok) return fromBody;
	const query = ctx.getQueryData();
	const queryFields = isPlainObject(query) ? query : {};
	const fields = { ...queryFields, ...fromBody.fields };
	const source =
		fromBody.source !== 'empty'
			? fromBody.source
			: Object.keys(queryFields).length > 0
				? 'query'
				: 'empty';
	return { ok: true, fields, source };
}
