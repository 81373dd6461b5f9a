/** Campaign input from the control API or options → a checked Campaign. */
import {
	DEFAULT_MAX_LINES,
	DEFAULT_PICKUP_STATUS,
	DEFAULT_WINDOW,
	defaultCallback,
} from './defaults';
import type { CallbackSettings, Campaign, HttpMethod } from './types';
import { windowProblem } from './window';

/** The first simulator's names for the pickup status: off by default, with a code of its own (0). */
interface LegacyCallbackInput {
	earlyStatus?: unknown;
	earlyResponse?: unknown;
}

export type CallbackInput = Partial<CallbackSettings> & LegacyCallbackInput;

export type CampaignInput = Partial<Omit<Campaign, 'callback' | 'window'>> & {
	window?: Partial<Campaign['window']>;
	callback?: CallbackInput;
};

export class InputError extends Error {}

function check(condition: boolean, message: string): void {
	if (!condition) throw new InputError(message);
}

const nonNegativeInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;

/**
 * `earlyStatus: false` → no pickup status; `earlyStatus: true` and/or `earlyResponse: X` → pickup status X (else the
 * current one, else the seed's 4). Mixing them with `pickupStatus` is refused rather than guessed.
 */
function migrateLegacy(input: CallbackInput, base: CallbackSettings): Partial<CallbackSettings> {
	const { earlyStatus, earlyResponse, ...rest } = input;
	if (earlyStatus === undefined && earlyResponse === undefined) return rest;
	check(
		rest.pickupStatus === undefined,
		'callback.earlyStatus/earlyResponse are the old names of callback.pickupStatus: give pickupStatus only',
	);
	check(
		earlyStatus === undefined || typeof earlyStatus === 'boolean',
		'callback.earlyStatus must be true or false (or use callback.pickupStatus)',
	);
	if (earlyStatus === false) return { ...rest, pickupStatus: null };
	const code = earlyResponse ?? base.pickupStatus ?? DEFAULT_PICKUP_STATUS;
	return { ...rest, pickupStatus: code as CallbackSettings['pickupStatus'] };
}

function buildCallback(raw: CallbackInput, base: CallbackSettings): CallbackSettings {
	const input = migrateLegacy(raw, base);
	const cb: CallbackSettings = {
		...base,
		...input,
		headers: { ...(input.headers ?? base.headers) },
	};
	check(cb.url === null || typeof cb.url === 'string', 'callback.url must be a string or null');
	if (typeof cb.url === 'string') {
		check(/^https?:\/\//.test(cb.url), 'callback.url must start with http:// or https://');
	}
	cb.method = String(cb.method).toUpperCase() as HttpMethod;
	check(['POST', 'PUT', 'GET'].includes(cb.method), 'callback.method must be POST, PUT or GET');
	check(typeof cb.body === 'string', 'callback.body must be a string (the raw body template)');
	check(
		cb.contentType === null || typeof cb.contentType === 'string',
		'callback.contentType must be a string or null (no Content-Type header)',
	);
	check(
		Object.values(cb.headers).every((v) => typeof v === 'string'),
		'callback.headers values must be strings',
	);
	for (const key of ['delayMs', 'duplicates', 'duplicateGapMs', 'lose'] as const) {
		check(nonNegativeInt(cb[key]), `callback.${key} must be a non-negative integer`);
	}
	check(
		typeof cb.loseRate === 'number' && cb.loseRate >= 0 && cb.loseRate <= 1,
		'callback.loseRate must be between 0 and 1',
	);
	check(
		cb.pickupStatus === null ||
			Number.isInteger(cb.pickupStatus) ||
			(typeof cb.pickupStatus === 'string' && cb.pickupStatus !== ''),
		'callback.pickupStatus must be the code posted at pickup (e.g. 4) or null (post the outcome only)',
	);
	return cb;
}

/** `base` = the campaign being patched, or undefined to start from the defaults (create/replace). */
export function buildCampaign(input: CampaignInput, base?: Campaign): Campaign {
	check(typeof input === 'object' && input !== null, 'campaign must be a JSON object');
	const id = input.id ?? base?.id;
	check(
		typeof id === 'string' && id.trim() !== '',
		'campaign id (the uuid sent as `method`) is required',
	);
	const campaign: Campaign = {
		id: id as string,
		name: input.name ?? base?.name ?? (id as string),
		variables: input.variables ?? base?.variables ?? [],
		window: { ...(base?.window ?? DEFAULT_WINDOW), ...(input.window ?? {}) },
		outsideWindow: input.outsideWindow ?? base?.outsideWindow ?? 'queue',
		maxLines: input.maxLines ?? base?.maxLines ?? DEFAULT_MAX_LINES,
		overLines: input.overLines ?? base?.overLines ?? 'queue',
		callback: buildCallback(input.callback ?? {}, base?.callback ?? defaultCallback()),
	};
	check(typeof campaign.name === 'string', 'name must be a string');
	check(
		Array.isArray(campaign.variables) &&
			campaign.variables.every((v) => typeof v === 'string' && /^\w+$/.test(v)),
		'variables must be an array of names (letters, digits, _)',
	);
	check(
		!campaign.variables.some((v) => v === 'number'),
		'`number` is built in and cannot be declared as a variable',
	);
	const problem = windowProblem(campaign.window);
	check(!problem, problem ?? '');
	check(
		['queue', 'reject', 'place'].includes(campaign.outsideWindow),
		'outsideWindow must be queue, reject or place',
	);
	check(
		Number.isInteger(campaign.maxLines) && campaign.maxLines >= 1,
		'maxLines must be an integer ≥ 1',
	);
	check(['queue', 'reject'].includes(campaign.overLines), 'overLines must be queue or reject');
	return campaign;
}
