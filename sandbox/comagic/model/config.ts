import {
	COMAGIC_CALL_DURATION_MS,
	COMAGIC_DAY_LIMIT,
	COMAGIC_MINUTE_LIMIT,
	COMAGIC_TOKEN_TTL_SECONDS,
	COMAGIC_TTS_MAX_LENGTH,
} from '../defaults';

/** What a started call does, per contact number (scripted calls for tests and demos). */
export interface CallScript {
	/** real milliseconds the call stays active; overrides callDurationMs */
	durationMs?: number;
	/** false = nobody answers: a lost call without a recording */
	answered?: boolean;
	/** reported talk duration in seconds (default: elapsed sandbox time, at least 1 s) */
	talkSeconds?: number;
}

/** Everything the public docs leave to the tariff or do not settle is a switch here (POST /_control/comagic/config). */
export interface CoMagicConfig {
	/** login.user session lifetime; the docs say 1 hour */
	tokenTtlSeconds: number;
	/** mnemonic for an expired session token: the docs say access_token_invalid, some clients see _expired */
	sessionExpiredMnemonic: 'access_token_invalid' | 'access_token_expired';
	minuteLimit: number;
	dayLimit: number;
	/** null = every address allowed; otherwise exact IPs or IPv4 CIDRs (`0.0.0.0/0` allows all) */
	ipWhitelist: string[] | null;
	ttsMaxLength: number;
	/** default real time a started call stays active; 0 = finishes before start.* answers */
	callDurationMs: number;
	callScripts: Record<string, CallScript>;
	/** contacts on the account blacklist → contact_in_blacklist */
	blacklist: string[];
	/** answered calls get call_records and a recording */
	recordCalls: boolean;
	/** delay of the «Записанный разговор» notification after the call ends (recordings come later than the call's end) */
	recordingDelayMs: number;
	/** longest recording generated, seconds (files stay tiny) */
	maxRecordingSeconds: number;
	/** Call API calls (start.*) fire notifications too, not only simulated inbound calls */
	notifyApiCalls: boolean;
	/**
	 * Repeating set.tag_sales with the same communication, date, value and comment: the docs do not say; default duplicate_entity (-32602), or `new_sale` (another id) or `same_id` (success, first id).
	 */
	repeatSale: 'duplicate_entity' | 'new_sale' | 'same_id';
	/** adds metadata.api_version with current_version_depricated=true, as an outdated version answers */
	versionDeprecated: boolean;
	/** date interval cap of reports in months (3 in the docs) */
	maxReportMonths: number;
	/** the account's security rules allow international calls (forbidden by default) */
	internationalCalls: boolean;
	/** login.user sessions work only on the API that issued them (the docs do not say whether they are shared) */
	separateSessions: boolean;
}

export const DEFAULT_CONFIG: CoMagicConfig = {
	tokenTtlSeconds: COMAGIC_TOKEN_TTL_SECONDS,
	sessionExpiredMnemonic: 'access_token_invalid',
	minuteLimit: COMAGIC_MINUTE_LIMIT,
	dayLimit: COMAGIC_DAY_LIMIT,
	ipWhitelist: null,
	ttsMaxLength: COMAGIC_TTS_MAX_LENGTH,
	callDurationMs: COMAGIC_CALL_DURATION_MS,
	callScripts: {},
	blacklist: [],
	recordCalls: true,
	recordingDelayMs: 0,
	maxRecordingSeconds: 10,
	notifyApiCalls: true,
	repeatSale: 'duplicate_entity',
	versionDeprecated: false,
	maxReportMonths: 3,
	internationalCalls: false,
	separateSessions: false,
};

const NUMBER_KEYS = [
	'tokenTtlSeconds',
	'minuteLimit',
	'dayLimit',
	'ttsMaxLength',
	'callDurationMs',
	'recordingDelayMs',
	'maxRecordingSeconds',
	'maxReportMonths',
] as const;
const BOOLEAN_KEYS = [
	'recordCalls',
	'notifyApiCalls',
	'versionDeprecated',
	'internationalCalls',
	'separateSessions',
] as const;

/** Merges a partial config from the control API, rejecting wrong types so a typo does not pass silently. */
export function mergeConfig(base: CoMagicConfig, input: Record<string, unknown>): CoMagicConfig {
	const next: CoMagicConfig = { ...base };
	for (const [key, value] of Object.entries(input)) {
		if ((NUMBER_KEYS as readonly string[]).includes(key)) {
			if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
				throw new Error(`${key} must be a non-negative number`);
			}
			(next as unknown as Record<string, unknown>)[key] = value;
		} else if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
			if (typeof value !== 'boolean') throw new Error(`${key} must be a boolean`);
			(next as unknown as Record<string, unknown>)[key] = value;
		} else if (key === 'ipWhitelist') {
			if (value !== null && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
				throw new Error('ipWhitelist must be null or an array of strings');
			}
			next.ipWhitelist = value as string[] | null;
		} else if (key === 'blacklist') {
			if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
				throw new Error('blacklist must be an array of strings');
			}
			next.blacklist = value as string[];
		} else if (key === 'callScripts') {
			if (typeof value !== 'object' || value === null || Array.isArray(value)) {
				throw new Error('callScripts must be an object keyed by contact number');
			}
			next.callScripts = value as Record<string, CallScript>;
		} else if (key === 'sessionExpiredMnemonic') {
			if (value !== 'access_token_invalid' && value !== 'access_token_expired') {
				throw new Error(
					'sessionExpiredMnemonic must be access_token_invalid or access_token_expired',
				);
			}
			next.sessionExpiredMnemonic = value;
		} else if (key === 'repeatSale') {
			if (value !== 'duplicate_entity' && value !== 'new_sale' && value !== 'same_id') {
				throw new Error('repeatSale must be duplicate_entity, new_sale or same_id');
			}
			next.repeatSale = value;
		} else {
			throw new Error(`unknown config key ${key}`);
		}
	}
	return next;
}
