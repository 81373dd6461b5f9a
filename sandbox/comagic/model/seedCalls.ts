import { pick, randInt, seededRandom } from '../../core/random';
import { hex32 } from './hash';
import type { CallRecord, CallTag, CoMagicState } from './state';

export interface SeedOptions {
	count: number;
	fromMs: number;
	tillMs: number;
	/** share of lost calls, default 0.15 */
	lostRatio?: number;
	seed: number;
}

const ANSWERED_REASONS = ['subscriber_disconnects', 'operator_disconnects'];
const LOST_REASONS = [
	'subscriber_disconnects',
	'operator_not_responsible',
	'timeout',
	'employee_busy',
];
const SOURCES = ['va', 'va', 'call_tracking', 'dynamic_call_tracking', 'sitephone'];

/**
 * Deterministic calls spread evenly over [from, till) with jitter inside each slot, so they come out sorted
 * without a sort: O(n) for 100k+ rows. Same seed and options → same calls (ids depend on what exists already).
 */
export function generateCalls(state: CoMagicState, options: SeedOptions): CallRecord[] {
	// seed 0 has always started from this state here; kept so seed-0 data stays what it was
	const rng = seededRandom(options.seed >>> 0 || 0x9e3779b9);
	const { count, fromMs, tillMs } = options;
	const lostRatio = options.lostRatio ?? 0.15;
	const slot = (tillMs - fromMs) / Math.max(1, count);
	const employees = state.employees.map((e) => e.id);
	const manualTags = state.tags.filter((t) => !t.is_system).map((t) => t.id);
	const calls: CallRecord[] = new Array(count);
	for (let i = 0; i < count; i++) {
		const startMs = Math.floor(fromMs + slot * i + rng() * slot * 0.9);
		const number = pick(rng, state.virtualNumbers);
		const isLost = rng() < lostRatio;
		const direction = rng() < 0.8 ? 'in' : 'out';
		const waitSeconds = randInt(rng, 2, 40);
		const talkSeconds = isLost ? 0 : randInt(rng, 15, 600);
		const id = state.nextCallId++;
		const employeeId = pick(rng, employees);
		const tags: CallTag[] = [];
		if (!isLost && rng() < 0.25) {
			tags.push({
				tag_id: pick(rng, manualTags),
				tag_type: 'manual',
				changeMs: startMs + (waitSeconds + talkSeconds) * 1000 + 30000,
				employee_id: employeeId,
			});
		}
		calls[i] = {
			id,
			startMs,
			finishMs: startMs + (waitSeconds + talkSeconds) * 1000,
			direction,
			source: direction === 'out' ? 'sip' : pick(rng, SOURCES),
			isLost,
			finishReason: isLost ? pick(rng, LOST_REASONS) : pick(rng, ANSWERED_REASONS),
			contact: `79${String(randInt(rng, 0, 999999999)).padStart(9, '0')}`,
			virtualNumber: number.virtual_phone_number,
			operatorPhone: null,
			waitSeconds,
			talkSeconds,
			employeeId,
			campaignId: number.campaign_id,
			scenarioId: number.scenario_id,
			externalId: null,
			requestId: null,
			recordHash: isLost ? null : hex32('record', options.seed, id),
			tags,
			saleMs: null,
			saleCost: null,
			communicationNumber: randInt(rng, 1, 5),
		};
	}
	return calls;
}
