import {
	COMAGIC_CAMPAIGNS,
	COMAGIC_EMPLOYEES,
	COMAGIC_MEDIA_FILES,
	COMAGIC_SCENARIOS,
	COMAGIC_TAGS,
	COMAGIC_VIRTUAL_NUMBERS,
	type SandboxCampaign,
	type SandboxEmployee,
	type SandboxTag,
	type SandboxVirtualNumber,
} from '../defaults';
import type { Subscription } from '../notifications/delivery';
import type { CallScript, CoMagicConfig } from './config';

export interface CallTag {
	tag_id: number;
	tag_type: 'auto' | 'manual';
	changeMs: number;
	employee_id: number | null;
}

/** One call session, kept compact: report rows are projected from it on demand (report.ts). */
export interface CallRecord {
	id: number;
	startMs: number;
	finishMs: number;
	direction: 'in' | 'out';
	source: string;
	isLost: boolean;
	finishReason: string;
	contact: string;
	virtualNumber: string;
	operatorPhone: string | null;
	waitSeconds: number;
	talkSeconds: number;
	employeeId: number | null;
	campaignId: number | null;
	scenarioId: number | null;
	externalId: string | null;
	requestId: number | null;
	recordHash: string | null;
	tags: CallTag[];
	saleMs: number | null;
	saleCost: number | null;
	communicationNumber: number;
	ongoing?: boolean;
}

export interface CallLeg {
	leg_id: number;
	calling_phone_number: string;
	called_phone_number: string;
	is_operator: boolean;
	employee_id: number | null;
	state: string;
}

export interface ActiveCall {
	record: CallRecord;
	legs: CallLeg[];
	script: CallScript;
	/** notifications of one call go out strictly in order */
	chain: Promise<void>;
	notify: boolean;
	answered: boolean;
}

export interface Sale {
	id: number;
	communication_id: number;
	date_time: string;
	transaction_value: number;
	comment: string | null;
}

export type ApiKind = 'call' | 'data';

export interface Session {
	login: string;
	expireAtMs: number;
	/** the API whose login.user issued it (matters with config.separateSessions) */
	api: ApiKind;
}

/** A cabinet key: permanent (expireAtMs null) or temporary; `apis` limits it to one API (a Data-API-only key). */
export interface AccessKey {
	expireAtMs: number | null;
	apis: ApiKind[];
}

export class CoMagicState {
	/** finished calls, sorted by startMs (binary-searched by the report) */
	calls: CallRecord[] = [];
	byId = new Map<number, CallRecord>();
	active = new Map<number, ActiveCall>();
	sessions = new Map<string, Session>();
	/** permanent and temporary keys, for both APIs or one */
	keys = new Map<string, AccessKey>();
	blocked = new Set<string>();
	subscriptions: Subscription[] = [];
	sales: Sale[] = [];
	employees: SandboxEmployee[] = structuredClone(COMAGIC_EMPLOYEES);
	virtualNumbers: SandboxVirtualNumber[] = structuredClone(COMAGIC_VIRTUAL_NUMBERS);
	campaigns: SandboxCampaign[] = structuredClone(COMAGIC_CAMPAIGNS);
	tags: SandboxTag[] = structuredClone(COMAGIC_TAGS);
	scenarios = structuredClone(COMAGIC_SCENARIOS);
	mediaIds = new Set(COMAGIC_MEDIA_FILES.map((m) => m.id));
	nextCallId = 3545100000;
	nextLegId = 287800000;
	nextSaleId = 9001;
	nextSubscriptionId = 1;
	nextRequestId = 1;
	sessionCounter = 0;

	constructor(public config: CoMagicConfig) {}

	employee(id: number | null | undefined): SandboxEmployee | undefined {
		return id === null || id === undefined ? undefined : this.employees.find((e) => e.id === id);
	}

	campaign(id: number | null | undefined): SandboxCampaign | undefined {
		return id === null || id === undefined ? undefined : this.campaigns.find((c) => c.id === id);
	}

	tag(id: number): SandboxTag | undefined {
		return this.tags.find((t) => t.id === id);
	}

	virtualNumber(number: string): SandboxVirtualNumber | undefined {
		return this.virtualNumbers.find((v) => v.virtual_phone_number === number);
	}

	scenario(id: number | null | undefined): { id: number; name: string } | undefined {
		return id === null || id === undefined ? undefined : this.scenarios.find((s) => s.id === id);
	}

	/** Adds one finished call, keeping `calls` sorted (new calls are almost always last: O(log n)). */
	insertCall(call: CallRecord): void {
		const list = this.calls;
		if (list.length === 0 || list[list.length - 1].startMs <= call.startMs) list.push(call);
		else list.splice(lowerBound(list, call.startMs + 1), 0, call);
		this.byId.set(call.id, call);
	}

	/** Adds many calls at once: one sort instead of n splices. */
	insertMany(calls: CallRecord[]): void {
		for (const c of calls) this.byId.set(c.id, c);
		const last = this.calls.length ? this.calls[this.calls.length - 1].startMs : -Infinity;
		if (calls.length && calls[0].startMs >= last) {
			for (const c of calls) this.calls.push(c);
		} else {
			this.calls = this.calls.concat(calls).sort((a, b) => a.startMs - b.startMs || a.id - b.id);
		}
	}

	clearCalls(): void {
		this.calls = [];
		this.byId.clear();
	}
}

/** First index whose startMs is >= ms. */
export function lowerBound(calls: CallRecord[], ms: number): number {
	let lo = 0;
	let hi = calls.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (calls[mid].startMs < ms) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
