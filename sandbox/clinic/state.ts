/** The clinic's data between requests; rebuilt on reset. */
import { seededRandom, type Random } from '../core/random';
import { phoneDigits } from './phones';
import type { ScreenPop } from './screenPops';
import { generateVisits, type SeedRequest } from './seed';
import type { Visit, WriteRequest, WrittenResult } from './types';

export class ClinicState {
	visits = new Map<string, Visit>();
	results: WrittenResult[] = [];
	/** every result write that reached the API (after injected faults), with the status it got: writes per visit */
	writes: WriteRequest[] = [];
	/**
	 * A strict clinic system: any write after a final result is refused with 409, even the same result again (one
	 * that appends a note or a task per write). Off by default: the same result again is then a no-op.
	 */
	refuseRepeats = false;
	/** the token every /clinic request must carry (auth.ts); null = any request passes */
	apiToken: string | null = null;
	screenPops: ScreenPop[] = [];
	/** personal administrator per patient (`7XXXXXXXXXX` → administrator id, null = none); others get the default */
	administratorOverrides = new Map<string, string | null>();

	constructor(private readonly baseSeed: number) {}

	/** One generator per (seed, date, first index): a seed request gives the same patients whatever came before. */
	private randomFor(date: string, firstIndex: number, seed = this.baseSeed): Random {
		let h = seed >>> 0;
		for (const ch of `${date}#${firstIndex}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
		return seededRandom(h);
	}

	/** Adds visits for a date (or replaces everything when `replace`), numbering on from that date's last one. */
	seed(request: SeedRequest, nowIso: string, replace: boolean, seed?: number): Visit[] {
		if (replace) this.visits.clear();
		const taken = new Set([...this.visits.values()].map((v) => phoneDigits(v.phone).slice(-10)));
		const prefix = `V${request.date.replace(/-/g, '')}-`;
		const onDate = [...this.visits.keys()].filter((id) => id.startsWith(prefix)).length;
		const random = this.randomFor(request.date, onDate + 1, seed);
		const visits = generateVisits(random, request, onDate + 1, taken, nowIso);
		for (const v of visits) this.visits.set(v.id, v);
		return visits;
	}

	sorted(): Visit[] {
		return [...this.visits.values()].sort(
			(a, b) => Date.parse(a.startAt) - Date.parse(b.startAt) || a.id.localeCompare(b.id),
		);
	}
}
