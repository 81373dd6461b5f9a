/** Everything the Voicebox simulator remembers between requests; rebuilt on reset. */
import {
	DEFAULT_CALL_DURATION_MS,
	DEFAULT_ERROR_STATUSES,
	DEFAULT_NUMBER_PATTERN,
	DEFAULT_OUTCOME,
	DEFAULT_PICKUP_MS,
	DEFAULT_QUEUE_POLL_MS,
	DEFAULT_VOICEBOX_LOGIN,
	DEFAULT_VOICEBOX_PASSWORD,
	defaultReminderCampaign,
} from './defaults';
import { seededRandom } from '../core/random';
import type { CallbackDelivery, CallRecord, Campaign, Script, VoiceboxConfig } from './types';

export interface VoiceboxState {
	config: VoiceboxConfig;
	campaigns: Map<string, Campaign>;
	/** by number */
	scripts: Map<string, Script>;
	calls: CallRecord[];
	callsById: Map<string, CallRecord>;
	/** per campaign: callbacks still to drop (`lose`) */
	toLose: Map<string, number>;
	/** per call: the last rendered callback, for replay */
	lastCallback: Map<string, Omit<CallbackDelivery, 'at' | 'lost' | 'status' | 'error' | 'copy'>>;
	random: () => number;
	nextNumericId: number;
	polling: boolean;
}

export function defaultConfig(): VoiceboxConfig {
	return {
		login: DEFAULT_VOICEBOX_LOGIN,
		password: DEFAULT_VOICEBOX_PASSWORD,
		statuses: { ...DEFAULT_ERROR_STATUSES },
		callIdType: 'string',
		numberPattern: DEFAULT_NUMBER_PATTERN,
		requireJsonContentType: false,
		defaultOutcome: DEFAULT_OUTCOME,
		durationMs: DEFAULT_CALL_DURATION_MS,
		pickupMs: DEFAULT_PICKUP_MS,
		queuePollMs: DEFAULT_QUEUE_POLL_MS,
	};
}

export function freshState(
	seed: number,
	config: VoiceboxConfig,
	campaigns: Campaign[],
): VoiceboxState {
	const all = campaigns.length ? campaigns : [defaultReminderCampaign()];
	return {
		config,
		campaigns: new Map(all.map((c) => [c.id, c])),
		scripts: new Map(),
		calls: [],
		callsById: new Map(),
		toLose: new Map(all.map((c) => [c.id, c.callback.lose])),
		lastCallback: new Map(),
		random: seededRandom(seed),
		nextNumericId: 100001,
		polling: false,
	};
}
