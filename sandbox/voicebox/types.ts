/** Shapes of the Voicebox simulator's state. */

export type HttpMethod = 'POST' | 'PUT' | 'GET';

export interface CallingWindow {
	/** HH:mm, inclusive */
	from: string;
	/** HH:mm, exclusive; may be earlier than `from` for a window over midnight; '24:00' allowed */
	to: string;
	/** IANA zone the window is read in */
	timeZone: string;
	/** ISO weekdays (1 = Monday … 7 = Sunday) the window opens on; all when omitted */
	days?: number[];
}

/** How the simulator renders the scenario's HTTPRequest blocks. */
export interface CallbackSettings {
	/** with `{{var}}` placeholders (values URL-encoded); null = the scenario has no status block yet */
	url: string | null;
	method: HttpMethod;
	/** values may hold `{{var}}` */
	headers: Record<string, string>;
	/** raw body template (requestParametersRaw); not sent for GET */
	body: string;
	/** null = send no Content-Type at all (unknown whether Voicebox adds one) */
	contentType: string | null;
	delayMs: number;
	/** extra copies of every callback (0 = delivered once) */
	duplicates: number;
	duplicateGapMs: number;
	/** drop the next K callbacks (each pickup/final status counts once, whatever its copies) */
	lose: number;
	/** then drop each callback with this probability, drawn from the seeded RNG */
	loseRate: number;
	/**
	 * `{{response}}` posted as soon as the subscriber picks up (the seed's scenario posts 4), before the outcome;
	 * an outcome equal to it (4: hung up first) is not posted again; 5 has no pickup. null = post the outcome only.
	 * The old `earlyStatus`/`earlyResponse` inputs set this (campaigns.ts).
	 */
	pickupStatus: number | string | null;
}

export interface Campaign {
	id: string;
	name: string;
	/** customVariables of the scenario: each must be present in `data`, no other key is allowed */
	variables: string[];
	window: CallingWindow;
	/** queue = dial at the next window opening; reject = error status; place = dial anyway (misconfigured) */
	outsideWindow: 'queue' | 'reject' | 'place';
	/** «Максимум линий»: calls in progress at once */
	maxLines: number;
	overLines: 'queue' | 'reject';
	callback: CallbackSettings;
}

export interface ErrorStatuses {
	unauthorized: number;
	unknownCampaign: number;
	badNumber: number;
	undeclaredVariable: number;
	missingVariable: number;
	badRequest: number;
	unsupportedMediaType: number;
	outsideWindow: number;
	linesBusy: number;
	methodNotAllowed: number;
}

export interface VoiceboxConfig {
	login: string;
	password: string;
	statuses: ErrorStatuses;
	/** type of `id` in the start response is unknown */
	callIdType: 'string' | 'number';
	numberPattern: string;
	/** false = parse JSON whatever the Content-Type says */
	requireJsonContentType: boolean;
	defaultOutcome: number;
	durationMs: number;
	/** time from dialling to pickup (the pickup status) */
	pickupMs: number;
	queuePollMs: number;
}

export interface Script {
	/** one per attempt */
	outcomes: number[];
	/** per attempt: ms from the pickup status to the outcome's post (null = the call's usual length) */
	gapsMs: Array<number | null>;
	durationMs?: number;
	/** attempts placed since the script was set */
	used: number;
}

export interface CallbackDelivery {
	kind: 'pickup' | 'final' | 'replay';
	copy: number;
	at: string;
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: string;
	lost: boolean;
	status?: number;
	error?: string;
}

export type CallState = 'queued' | 'in_progress' | 'completed';

export interface CallRecord {
	id: string | number;
	campaignId: string;
	number: string;
	guid?: string;
	variables: Record<string, unknown>;
	requestedAt: string;
	state: CallState;
	/** sandbox-clock ms before which a queued call is not dialled */
	notBefore: number;
	queuedBecause?: 'window' | 'lines';
	placedAt?: string;
	localTime?: string;
	outsideWindow?: boolean;
	/** 1-based attempt of this number */
	attempt?: number;
	outcome?: number;
	durationMs?: number;
	completedAt?: string;
	callbacks: CallbackDelivery[];
}
