import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

/** The JSON-RPC error object both APIs answer with in an HTTP 200 body (https://comagic.github.io/data_api/). */
export interface RpcErrorBody {
	code?: number;
	message?: string;
	data?: {
		mnemonic?: string;
		field?: string | null;
		value?: unknown;
		params?: Record<string, unknown> | null;
		metadata?: { limits?: Record<string, number> } | null;
	} | null;
}

const CABINET_API_SECURITY = 'Administrator → Account → Security rules and settings → API tab';
const USER_MANAGEMENT = 'Account → User management';
const TARIFF_OPTIONS = 'Account → Tariffs and options';

/**
 * -32002 is «security rules forbid a call in this direction; blacklist» in the Call API's error table. Its docs name
 * no mnemonic for a refused direction, only where it is set: mobile, long-distance and international directions
 * in Account → Security rules and settings → API, international forbidden by default, permissions split by Call
 * API component. So this hint keys on the code; the blacklist keeps its own mnemonic hint.
 */
const DIRECTION_HINT = `The account's security rules refuse a call in this direction (mobile, long-distance or international; international calls are forbidden by default). An administrator allows it in ${CABINET_API_SECURITY}; the permissions there are split by Call API component, so allow the direction for the component of this operation («Call API Базовый набор» for simple and employee calls, «Call API Информационный вызов» for informer calls). The API documentation names no per-employee or per-number setting for call directions; if the account already allows it, ask the CoMagic support service.`;

/**
 * What to do about each mnemonic of the Call API and Data API error tables. `params` fills {placeholders} from error.data.params.
 * Mnemonics are stable; messages are not, so hints key on the mnemonic.
 */
const HINTS: Record<string, string> = {
	access_token_invalid:
		'The API key is unknown (deleted or regenerated) or the session is over. Check the key in the credential, or create a new one in Account → User management.',
	access_token_expired:
		'The temporary API key has expired. Create a new key in Account → User management and put it in the credential.',
	access_token_blocked:
		'The API key is blocked. Unblock it or create a new one in Account → User management.',
	auth_error:
		"The login or password is wrong. Check them in the credential (they are the cabinet user's).",
	ip_not_whitelisted: `The API only answers whitelisted addresses. Add the n8n server's IP {ip} in the cabinet: ${CABINET_API_SECURITY} (0.0.0.0/0 allows any).`,
	forbidden: `The cabinet user lacks a right for this. Give it «Access to Call API» or the needed permission in ${USER_MANAGEMENT}.`,
	component_disabled: `A tariff component is off. Enable it in ${TARIFF_OPTIONS} (the Call API needs «Call API Базовый набор»).`,
	method_component_disabled: `This method needs one of these components: {components}. Enable one in ${TARIFF_OPTIONS}.`,
	parameter_component_disabled: `This parameter needs one of these components: {components}. Enable one in ${TARIFF_OPTIONS}, or leave the parameter out.`,
	account_inactive: 'The account is disabled. Contact the CoMagic support service.',
	limit_exceeded: `The account's API points per {limit_type} are used up. Wait and run again, spread the requests out, or raise the limits in ${TARIFF_OPTIONS}.`,
	tts_text_exceeded: `The message is {sent_tts_message_length} characters long; the tariff allows {tts_message_max_length}. Shorten it, or raise «TTS message length» in ${TARIFF_OPTIONS}.`,
	virtual_phone_number_not_found:
		'Use a virtual number of this account: pick it from the list, or check the digits (11 digits, e.g. 74993720692).',
	own_virtual_phone_number_not_allowed:
		"The contact (or operator) is one of your own virtual numbers. Call a client's or an employee's number instead.",
	contact_in_blacklist:
		"The contact is on the account's blacklist. Remove it from the blacklist in the cabinet to call it.",
	media_file_not_found:
		'No media file has that ID. Upload the file in the cabinet (Media files) and use its ID, or send a TTS text instead.',
	character_encoding_not_allowed:
		'The text has characters the speech engine cannot say (e.g. emoji). Remove them.',
	employee_not_found: 'No employee has that ID. Pick the employee from the list.',
	no_active_phone_number:
		"The employee has no active phone number (or the given one is not active). Activate a number in the employee's card or pick another one.",
	call_session_not_found: 'The call is not active (it has already ended) or the ID is wrong.',
	scenario_not_found:
		'The virtual number has no scenario, or the scenario ID is wrong. Attach a scenario in the cabinet.',
	invalid_parameters_combination:
		'Early switching works only when the operator (employee) is called first and Switch at Once is on.',
	date_interval_limit_reached:
		'Reports accept at most 3 months per request. Use a shorter range (the node splits long ranges on its own; a raw filter cannot change that).',
	filter_prohibited:
		'The report cannot filter by that field. Remove it from the filter (start_time and call_records are not filterable).',
	sort_prohibited: 'The report cannot sort by that field.',
	unexpected_parameters:
		'The API does not know a parameter or field name ({field}). Check the field names in Fields or the raw filter.',
	required_parameter_missed: 'A required parameter is missing: {field}.',
	invalid_parameter_value: 'A parameter has a value the API rejects: {field}.',
	data_type_error: 'A parameter has the wrong type: {field}.',
	entity_not_found:
		'Nothing was found for {field}. Check the ID (a communication must exist and be of the chosen type).',
	duplicate_entity: 'This was already done for {field}.',
	invalid_date_time:
		'The date is not valid here: a sale cannot be earlier than the communication itself.',
	method_not_found:
		'The API does not offer this method at this URL. Check the API URLs of the credential.',
	internal_error:
		'CoMagic failed internally. Try again later; contact the support service if it persists.',
};

/** Words for placeholders the API left out of error.data.params. */
const PLACEHOLDER_FALLBACKS: Record<string, string> = {
	ip: '',
	limit_type: 'minute or day',
	components: '(see the message)',
	tts_message_max_length: "the tariff's maximum",
	sent_tts_message_length: 'too many',
};

function fill(template: string, values: Record<string, unknown>): string {
	return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
		const value = values[key];
		if (value !== undefined && value !== null && value !== '') return String(value);
		return PLACEHOLDER_FALLBACKS[key] ?? whole;
	});
}

/** Removes every secret from a text (API messages can echo what was sent). */
export function redact(text: string, secrets: string[]): string {
	let out = text;
	for (const secret of secrets) out = out.split(secret).join('***');
	return out;
}

export function hintFor(error: RpcErrorBody): string | undefined {
	const mnemonic = error.data?.mnemonic ?? '';
	const template = HINTS[mnemonic] ?? (error.code === -32002 ? DIRECTION_HINT : undefined);
	if (!template) return undefined;
	return fill(template, {
		...(error.data?.params ?? {}),
		field: error.data?.field ?? 'a parameter',
	})
		.replace(/ {2,}/g, ' ')
		.replace(/\s+\)/g, ')');
}

export function mnemonicOf(error: RpcErrorBody): string {
	return error.data?.mnemonic ?? '';
}

/**
 * The NodeApiError for an API error body: message = what happened (API text + mnemonic), description = how to fix.
 * The body kept on the error is rebuilt from safe parts only: `value` is dropped because the API echoes what it was
 * sent (a malformed access_token comes back verbatim).
 */
export function apiError(
	node: INode,
	error: RpcErrorBody,
	context: { method: string; itemIndex?: number; secrets: string[] },
): NodeApiError {
	const mnemonic = mnemonicOf(error) || 'unknown_error';
	const message = redact(error.message ?? 'CoMagic answered with an error', context.secrets);
	const safe: JsonObject = {
		code: error.code ?? null,
		message,
		mnemonic,
		field: error.data?.field ?? null,
		method: context.method,
	};
	const params = error.data?.params;
	if (params && typeof params === 'object') {
		safe.params = JSON.parse(redact(JSON.stringify(params), context.secrets)) as JsonObject;
	}
	const hint = hintFor(error);
	const nodeError = new NodeApiError(node, safe, {
		message: `CoMagic ${context.method}: ${message} (${mnemonic})`,
		description: redact(hint ?? `The API refused the request with «${mnemonic}».`, context.secrets),
		itemIndex: context.itemIndex,
		// n8n shows httpCode as «Error code»; the HTTP status is always 200 here, the JSON-RPC code says what failed
		httpCode: typeof error.code === 'number' ? String(error.code) : undefined,
	});
	nodeError.context.mnemonic = mnemonic;
	nodeError.context.field = error.data?.field ?? null;
	return nodeError;
}

/** The API mnemonic an error from this transport carries, if any. */
export function errorMnemonic(error: unknown): string | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const mnemonic = error.context?.mnemonic;
	return typeof mnemonic === 'string' ? mnemonic : undefined;
}

/** The parameter the API named in its error (error.data.field), if any. */
export function errorField(error: unknown): string | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const field = error.context?.field;
	return typeof field === 'string' ? field : undefined;
}

/**
 * A failure below JSON-RPC (network, HTTP status, non-JSON body). n8n's own wrapper keeps the request config, whose
 * body holds the access token, so only the status and a scrubbed message survive.
 */
export function transportError(
	node: INode,
	caught: unknown,
	context: { method: string; url: string; itemIndex?: number; secrets: string[] },
): NodeApiError {
	const raw = caught as {
		httpCode?: string | null;
		message?: string;
		code?: string;
		cause?: { code?: string; response?: { status?: number } };
		response?: { status?: number };
	};
	// n8n puts socket codes (ECONNRESET) into httpCode too: only three digits are an HTTP status
	const candidates = [raw?.httpCode, raw?.response?.status, raw?.cause?.response?.status].map(
		(v) => (v === undefined || v === null ? '' : String(v)),
	);
	const status = candidates.find((v) => /^\d{3}$/.test(v)) ?? null;
	const code = raw?.cause?.code ?? raw?.code ?? candidates.find((v) => /^[A-Z_]+$/.test(v)) ?? null;
	const reason = redact(String(raw?.message ?? 'no answer'), context.secrets).slice(0, 300);
	// n8n swaps a message holding a socket error code (ECONNRESET…) for a generic text: the code goes below
	const what = status ? `HTTP ${status}` : 'no connection';
	return new NodeApiError(
		node,
		{ message: reason, httpCode: status, method: context.method } as JsonObject,
		{
			message: `CoMagic ${context.method}: the API at ${context.url} did not answer properly (${what})`,
			description: `${code ? `${code}: ` : ''}${reason}. Check the platform (or the API URLs of a Custom platform) in the credential and that this server can reach it. If the API is down, try again later.`,
			itemIndex: context.itemIndex,
			httpCode: status ?? undefined,
		},
	);
}
