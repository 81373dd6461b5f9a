import { DateTime } from 'luxon';

import type { CoMagicConfig } from '../model/config';
import { rpcErrors } from './errors';

/**
 * Points per account and API (Call API and Data API have separate tariff options). Every method
 * weighs 1 point; points are charged on success only. Minutes are clock minutes, days end at midnight of the
 * account time zone (inferred: the docs only say «per day»).
 */
export interface LimitCounter {
	minuteStart: number;
	minuteUsed: number;
	dayStart: number;
	dayEnd: number;
	dayUsed: number;
}

export interface LimitsMetadata {
	day_limit: number;
	day_remaining: number;
	day_reset: number;
	minute_limit: number;
	minute_remaining: number;
	minute_reset: number;
}

function roll(counter: LimitCounter | undefined, now: number, zone: string): LimitCounter {
	const minuteStart = Math.floor(now / 60000) * 60000;
	const c = counter ?? { minuteStart, minuteUsed: 0, dayStart: 0, dayEnd: 0, dayUsed: 0 };
	if (c.minuteStart !== minuteStart) {
		c.minuteStart = minuteStart;
		c.minuteUsed = 0;
	}
	if (now < c.dayStart || now >= c.dayEnd) {
		const day = DateTime.fromMillis(now, { zone }).startOf('day');
		c.dayStart = day.toMillis();
		c.dayEnd = day.plus({ days: 1 }).toMillis();
		c.dayUsed = 0;
	}
	return c;
}

export class Limits {
	private counters = new Map<string, LimitCounter>();

	constructor(
		private readonly config: () => CoMagicConfig,
		private readonly zone: string,
	) {}

	snapshot(api: string, now: number): LimitsMetadata {
		const c = roll(this.counters.get(api), now, this.zone);
		this.counters.set(api, c);
		const { minuteLimit, dayLimit } = this.config();
		return {
			day_limit: dayLimit,
			day_remaining: Math.max(0, dayLimit - c.dayUsed),
			day_reset: Math.ceil((c.dayEnd - now) / 1000),
			minute_limit: minuteLimit,
			minute_remaining: Math.max(0, minuteLimit - c.minuteUsed),
			minute_reset: Math.ceil((c.minuteStart + 60000 - now) / 1000),
		};
	}

	/** Throws limit_exceeded when no point is left; the day limit is reported first when both are out. */
	check(api: string, now: number, weight = 1): void {
		const s = this.snapshot(api, now);
		if (s.day_remaining < weight) throw rpcErrors.limitExceeded('day', s.day_limit);
		if (s.minute_remaining < weight) throw rpcErrors.limitExceeded('minute', s.minute_limit);
	}

	charge(api: string, now: number, weight = 1): void {
		const c = roll(this.counters.get(api), now, this.zone);
		c.minuteUsed += weight;
		c.dayUsed += weight;
		this.counters.set(api, c);
	}

	used(api: string): { minute: number; day: number } {
		const c = this.counters.get(api);
		return { minute: c?.minuteUsed ?? 0, day: c?.dayUsed ?? 0 };
	}
}
