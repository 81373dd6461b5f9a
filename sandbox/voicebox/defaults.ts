/**
 * Defaults of the Voicebox simulator. The node and template engineers rely on these names: change them only
 * together with the credentials/tests that use them.
 */
import type { CallbackSettings, Campaign, ErrorStatuses } from './types';

export const DEFAULT_VOICEBOX_LOGIN = 'demo';
export const DEFAULT_VOICEBOX_PASSWORD = 'demo-password';

/** The appointment-reminder campaign every fresh sandbox has (`method` of a start request is a campaign uuid). */
export const DEFAULT_REMINDER_CAMPAIGN_ID = '7e1b6f0c-3a52-4d8e-9b1a-5c2f0d9e4a61';
export const DEFAULT_REMINDER_CAMPAIGN_NAME = 'Напоминание о визите';
/** `name` = how to address the patient, `phrase` = the speakable visit text (e.g. «Эндоскопист, 4 июня, в 11:30»). */
export const DEFAULT_REMINDER_VARIABLES: readonly string[] = ['name', 'phrase'];
export const DEFAULT_WINDOW = { from: '09:00', to: '21:00', timeZone: 'Europe/Moscow' } as const;
export const DEFAULT_MAX_LINES = 10;

/**
 * `data` keys accepted on every campaign without being declared. `guid` is sent in `data` by the seed integration
 * and is what our ledger uses to match callbacks; the simulator keeps it optional.
 */
export const BUILT_IN_DATA_KEYS: readonly string[] = ['number', 'guid'];

/** 11 digits starting with 7, no plus, as integrations send it (a guess: MTT's exact rule is unknown). */
export const DEFAULT_NUMBER_PATTERN = '^7\\d{10}$';

/** Guesses (MTT does not publish its error statuses): every status is configurable through POST /_control/voicebox/config. */
export const DEFAULT_ERROR_STATUSES: ErrorStatuses = {
	unauthorized: 401,
	unknownCampaign: 404,
	badNumber: 400,
	undeclaredVariable: 400,
	missingVariable: 400,
	badRequest: 400,
	unsupportedMediaType: 415,
	outsideWindow: 403,
	linesBusy: 429,
	methodNotAllowed: 405,
};

/** Outcome codes of the seed's scenario: 1 confirmed, 2 cancelled, 3 operator, 4 hung up early, 5 no answer. */
export const OUTCOME_CODES = [1, 2, 3, 4, 5] as const;
/** No pickup for 5: no pickup status for it. */
export const NO_ANSWER_OUTCOME = 5;
export const DEFAULT_OUTCOME = 1;
/**
 * The seed's scenario posts 4 as soon as the patient picks up, then the answer (1/2/3) for the same call; the 4
 * stays the last word only when the patient hangs up first.
 */
export const DEFAULT_PICKUP_STATUS = 4;

/** Small so tests are fast; `npm run sandbox` users can raise them through the config endpoint. */
export const DEFAULT_CALL_DURATION_MS = 30;
export const DEFAULT_PICKUP_MS = 5;
export const DEFAULT_QUEUE_POLL_MS = 20;
export const DEFAULT_DUPLICATE_GAP_MS = 5;

/** The body of the seed's status blocks, with our guid added for matching. */
export const DEFAULT_CALLBACK_BODY =
	'{"call_id":"{{call_id}}","number_b":"{{number_b}}","response":{{response}},"guid":"{{guid}}"}';

export function defaultCallback(): CallbackSettings {
	return {
		url: null,
		method: 'POST',
		headers: {},
		body: DEFAULT_CALLBACK_BODY,
		contentType: 'application/json',
		delayMs: 0,
		duplicates: 0,
		duplicateGapMs: DEFAULT_DUPLICATE_GAP_MS,
		lose: 0,
		loseRate: 0,
		pickupStatus: DEFAULT_PICKUP_STATUS,
	};
}

export function defaultReminderCampaign(): Campaign {
	return {
		id: DEFAULT_REMINDER_CAMPAIGN_ID,
		name: DEFAULT_REMINDER_CAMPAIGN_NAME,
		variables: [...DEFAULT_REMINDER_VARIABLES],
		window: { ...DEFAULT_WINDOW },
		outsideWindow: 'queue',
		maxLines: DEFAULT_MAX_LINES,
		overLines: 'queue',
		callback: defaultCallback(),
	};
}
