/**
 * The only place that talks to Voicebox: `POST <url>` with Basic auth and `{method: <campaign uuid>, data}`, as a
 * campaign "launched by HTTP request" expects. A failure comes back as a bare HTTP status without a body, so the
 * status alone decides the message.
 * A start is never retried here: a retry after a timeout or a 5xx can ring a patient twice.
 */
import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type IN8nHttpFullResponse,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'mttVoiceboxApi';
/** How long a start may take; the timeout message names it in seconds. */
const START_TIMEOUT_MS = 30_000;

export interface StartCallBody {
	method: string;
	data: IDataObject;
}

interface StatusText {
	message: string;
	description: string;
}

const TEMPORARY_HINT =
	'Temporary on the Voicebox side. The node does not retry a start by itself (a retry can ring the patient twice): ' +
	'check the campaign report, then run the item again or let the next planned attempt call.';

/** MTT publishes no list of status codes, so the common meanings are used; the sandbox follows the same guesses. */
export function describeStatus(status: number): StatusText {
	if (status === 401) {
		return {
			message: 'Voicebox rejected the login or password (HTTP 401)',
			description:
				'Open the campaign page in Voicebox and copy the login and password shown for "launch by HTTP request" into the credential.',
		};
	}
	if (status === 402 || status === 403) {
		return {
			message: `Voicebox refused to start the call (HTTP ${status})`,
			description:
				'The account or campaign may be blocked, out of balance, or outside its calling hours. Check the campaign status and balance in Voicebox.',
		};
	}
	if (status === 404) {
		return {
			message: 'Campaign not found or not launched by HTTP request (HTTP 404)',
			description:
				'Check the campaign ID (the UUID from the campaign page), that the campaign is started, and that its launch type is "by HTTP request". A wrong credential URL gives the same answer.',
		};
	}
	if (status === 400 || status === 422) {
		return {
			message: `Voicebox did not accept the number or the variables (HTTP ${status})`,
			description:
				'The number must be 11 digits starting with 7, and the variables must match the names the scenario declares ({{name}} in the scenario = "name" here), each with a value.',
		};
	}
	if (status === 405 || status === 415) {
		return {
			message: `Voicebox did not accept the request format (HTTP ${status})`,
			description:
				'Check the credential URL: it must be the "launch by HTTP request" address (default https://voicebox.mtt.ru/api/v1/sb).',
		};
	}
	if (status === 429 || status >= 500) {
		return {
			message: `Voicebox is busy or unavailable (HTTP ${status})`,
			description: TEMPORARY_HINT,
		};
	}
	return {
		message: `Voicebox answered HTTP ${status}`,
		description: 'Unexpected status for a start-call request; see the campaign report in Voicebox.',
	};
}

function statusOf(error: JsonObject): number | undefined {
	const candidates = [
		error.httpCode,
		(error.cause as JsonObject | undefined)?.status,
		((error.cause as JsonObject | undefined)?.response as JsonObject | undefined)?.status,
		(error.response as JsonObject | undefined)?.status,
	];
	for (const c of candidates) {
		const n = Number(c);
		if (Number.isInteger(n) && n >= 100 && n < 600) return n;
	}
	return undefined;
}

/** The request went out and its answer did not come back in time (axios: ECONNABORTED or ETIMEDOUT). */
function timedOut(error: JsonObject, code: string): boolean {
	const message = String(error.message ?? (error.cause as JsonObject | undefined)?.message ?? '');
	return (
		code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout of \d+ms exceeded/i.test(message)
	);
}

function networkCodeOf(error: JsonObject): string | undefined {
	const code = (error.cause as JsonObject | undefined)?.code ?? error.code;
	return typeof code === 'string' && code !== '' ? code : undefined;
}

/**
 * A NodeApiError built from the status only: the original error carries the request config, whose Authorization
 * header holds the password in base64, so none of it is passed on.
 */
export function startCallError(node: INode, error: unknown, itemIndex: number): NodeApiError {
	const source = (error ?? {}) as JsonObject;
	const status = statusOf(source);
	if (status !== undefined) {
		const text = describeStatus(status);
		return new NodeApiError(
			node,
			{ status, message: text.message },
			{ ...text, httpCode: String(status), itemIndex },
		);
	}
	// n8n swaps a message holding a network code (ECONNREFUSED…) for its own, so the code goes to the description
	const code = networkCodeOf(source) ?? 'no response';
	if (timedOut(source, code)) {
		const waited = `Voicebox did not answer within ${START_TIMEOUT_MS / 1000} seconds`;
		return new NodeApiError(
			node,
			{ message: waited },
			{
				message: waited,
				description:
					'The start reached Voicebox but got no answer in time, so the call may have been placed: it is not sent again. ' +
					'Check the campaign report before running the item again; a status callback for this GUID may still arrive.',
				itemIndex,
			},
		);
	}
	const message = 'Voicebox could not be reached';
	return new NodeApiError(
		node,
		{ message },
		{
			message,
			description: `Network error: ${code}. Check the credential URL and the network. ${TEMPORARY_HINT}`,
			itemIndex,
		},
	);
}

interface VoiceboxCredentials {
	url: string;
	login: string;
	password: string;
}

/**
 * The one request, with Basic auth from the credential. Not httpRequestWithAuthentication: the credential has no
 * `authenticate` (see credentials/MttVoiceboxApi.credentials.ts — n8n would add "Custom API Call" to the node), and
 * without it n8n's helper would send no Authorization. axios builds the header from `auth` as base64 of the UTF-8
 * bytes of "login:password". No status throws (`ignoreHttpStatusErrors`): the caller reads it, so nothing in n8n
 * gets a chance to send a start twice.
 */
async function sendStart(
	ctx: IExecuteFunctions,
	credentials: VoiceboxCredentials,
	body: StartCallBody,
): Promise<IN8nHttpFullResponse> {
	return (await ctx.helpers.httpRequest({
		method: 'POST',
		url: String(credentials.url).trim(),
		auth: {
			username: String(credentials.login ?? ''),
			password: String(credentials.password ?? ''),
		},
		body,
		json: true,
		headers: { 'Content-Type': 'application/json' },
		// a start that hangs is reported (not retried) so the workflow can move on
		timeout: START_TIMEOUT_MS,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
	})) as IN8nHttpFullResponse;
}

/** Starts one call; returns the parsed response body (`{id}` on success: the call id its callbacks carry). */
export async function postStartCall(
	this: IExecuteFunctions,
	body: StartCallBody,
	itemIndex: number,
): Promise<IDataObject> {
	const credentials = await this.getCredentials<VoiceboxCredentials>(CREDENTIAL_TYPE, itemIndex);
	let response: IN8nHttpFullResponse;
	try {
		response = await sendStart(this, credentials, body);
	} catch (error) {
		throw startCallError(this.getNode(), error, itemIndex);
	}
	const status = Number(response?.statusCode);
	if (!(status >= 200 && status < 300)) {
		throw startCallError(this.getNode(), { httpCode: status }, itemIndex);
	}
	return parsedBody(response.body);
}

function parsedBody(body: unknown): IDataObject {
	let value = body;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return { raw: value as string };
		}
	}
	if (value && typeof value === 'object') return value as IDataObject;
	return { raw: String(value) };
}
