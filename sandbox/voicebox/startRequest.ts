/** Checks a start-call request (`{method: <campaign uuid>, data: {number, …}}`, Basic auth) and says which bare status it earns. */
import { tryParseJson } from '../core/http';
import type { SandboxRequest } from '../core/types';
import { isAuthorized } from './auth';
import { BUILT_IN_DATA_KEYS } from './defaults';
import type { VoiceboxState } from './state';
import type { Campaign, ErrorStatuses } from './types';

export interface StartRequest {
	campaign: Campaign;
	number: string;
	guid?: string;
	/** every `data` key except `number` */
	variables: Record<string, unknown>;
}

export type Checked = { ok: StartRequest } | { error: keyof ErrorStatuses; reason: string };

const fail = (error: keyof ErrorStatuses, reason: string): Checked => ({ error, reason });

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkStartRequest(req: SandboxRequest, state: VoiceboxState): Checked {
	const { config } = state;
	if (req.method !== 'POST')
		return fail('methodNotAllowed', `${req.method} is not allowed, use POST`);
	// auth before anything else: an unauthenticated caller learns nothing about campaigns
	if (!isAuthorized(req.headers, config.login, config.password)) {
		return fail('unauthorized', 'missing or wrong Basic credentials');
	}
	// whether the real server insists on application/json is unknown, so it is a switch
	const type = String(req.headers['content-type'] ?? '');
	if (config.requireJsonContentType && !/^application\/json\b/i.test(type)) {
		return fail('unsupportedMediaType', `Content-Type ${type || '(none)'} is not application/json`);
	}
	const body = tryParseJson(req.bodyText);
	if (!isObject(body)) return fail('badRequest', 'body is not a JSON object');
	if (typeof body.method !== 'string')
		return fail('badRequest', '`method` (campaign uuid) is missing');
	const campaign = state.campaigns.get(body.method);
	if (!campaign) return fail('unknownCampaign', `no campaign ${body.method}`);
	if (!isObject(body.data)) return fail('badRequest', '`data` is not an object');
	const data = body.data;
	const raw = data.number;
	const number = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : raw;
	if (typeof number !== 'string' || !new RegExp(config.numberPattern).test(number)) {
		return fail(
			'badNumber',
			`number ${JSON.stringify(raw)} does not match ${config.numberPattern}`,
		);
	}
	const guid = data.guid;
	if (guid !== undefined && typeof guid !== 'string' && typeof guid !== 'number') {
		return fail('badRequest', '`data.guid` must be a string');
	}
	// inferred: a scenario declares the variables it takes (customVariables), so undeclared `data` keys are refused
	const undeclared = Object.keys(data).filter(
		(k) => !BUILT_IN_DATA_KEYS.includes(k) && !campaign.variables.includes(k),
	);
	if (undeclared.length)
		return fail('undeclaredVariable', `undeclared variables: ${undeclared.join(', ')}`);
	const missing = campaign.variables.filter((k) => data[k] === undefined || data[k] === null);
	if (missing.length) return fail('missingVariable', `missing variables: ${missing.join(', ')}`);
	const variables = { ...data };
	delete variables.number;
	return {
		ok: { campaign, number, guid: guid === undefined ? undefined : String(guid), variables },
	};
}
