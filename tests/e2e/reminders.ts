/**
 * The shipped reminder templates in a real n8n, as a clinic would set them up: the ledger Data Table created through
 * n8n's API (public API on 2.x, the internal REST route on 1.123), workflows/*.json imported through the public
 * API, the Settings node bound (table id, sub-workflow id, campaign; time scaled to 1-minute intervals), the
 * Voicebox credential and the trigger's secret credential created and bound, then activated / published. A small
 * scripted run against the sandbox, judged from the sandbox's own records: placed calls and start requests per visit
 * and per guid, the time of each call in the patient's zone, and what the clinic system received.
 */
import type { AxiosInstance } from 'axios';
import { DateTime } from 'luxon';

import { controlClient } from '../../sandbox/controlClient';
import type { Sandbox } from '../../sandbox';
import type { SeedRequest } from '../../sandbox/clinic/seed';
import { DEFAULT_VOICEBOX_LOGIN, DEFAULT_VOICEBOX_PASSWORD } from '../../sandbox/voicebox/defaults';
import { heardByN8n, timedOut } from '../../sandbox/voicebox/delivery';
import {
	LEDGER_COLUMNS,
	LEDGER_TABLE_NAME,
	REMINDER_WEBHOOKS,
	TEMPLATE_FILES,
} from '../../templates/names';
import { n8nSetup, tableRows } from '../../setup/n8nClient';
import { setSetting, type Workflow } from '../../setup/workflowFile';
import { assert, check as runCheck, log, sleep, waitFor } from './support/checks';
import { clinicSystemFor } from '../../tooling/n8n/clinicApi';
import { installTemplate } from '../../tooling/n8n/template';

export interface ReminderContext {
	http: AxiosInstance;
	/** n8n's base URL, as the sandbox reaches it */
	base: string;
	sandbox: Sandbox;
	apiKey: string;
	v1: boolean;
	owner: { email: string; password: string };
	/** to crash and restart n8n in the middle of the run (queue mode: to kill a busy worker) */
	n8n?: { kill(): Promise<void>; start(): Promise<void> };
	/** where production webhooks are served (queue mode: the webhook process); default `http` */
	webhook?: AxiosInstance;
	/** the Voicebox Trigger's Duplicate Window to set (0 = off: every copy reaches the ledger); default the template's */
	duplicateWindow?: number;
	/**
	 * to kill what runs a result write while it waits on the clinic system, and bring it back (queue mode: the busy
	 * worker); default `n8n`
	 */
	writeCrash?: { kill(): Promise<void>; start(): Promise<void> };
	/**
	 * the clinic's existing reminder_ledger (a year of history, tests/e2e/soak.ts) instead of a new table; the checks then
	 * judge only the rows this run adds
	 */
	reuseLedger?: boolean;
	/** the clinic system the reminder talks to; default the sandbox's clinic API (clinic-system.json) */
	clinic?: ClinicPeer;
	/**
	 * moves rows' createdAt into the past (n8n on SQLite: tooling/n8n/sqlite.ts); without it a check that needs an old
	 * row proves the rest and says what it left out
	 */
	backdate?: (tableId: string, key: string, values: string[], createdAt: Date) => number;
	/** the Voicebox campaign of this run (a second run in the same sandbox needs its own: calls are told apart by it) */
	campaign?: string;
	/** the ledger table's name (a second run in the same n8n needs its own) */
	ledgerName?: string;
}

/** A visit as the checks read it back from the clinic system (the sandbox clinic's shape). */
export interface PeerVisit {
	id: string;
	status: string;
	startAt: string;
	staffFollowUp: boolean;
	reminder: { outcome: string; final: boolean; note: string | null } | null;
}
/** One result write that reached the clinic system, with the status it was answered (HTTP status or its equal). */
export interface PeerWrite {
	visitId: string;
	status: number;
	at: string;
}

/**
 * The clinic system a reminder run talks to and is judged by: the sandbox's clinic API (sandboxClinic) or a real
 * PostgreSQL (postgresClinic.ts). Each reads what it holds from its own records.
 */
export interface ClinicPeer {
	name: string;
	/** the Clinic system template under workflows/ */
	clinicSystemFile: string;
	/** no visits, results or writes */
	reset(): Promise<void>;
	/** visits made by the sandbox's generator (sandbox/clinic/seed.ts); how many */
	seed(request: SeedRequest): Promise<number>;
	/** a strict clinic system: a repeat after a final result is refused too */
	strict(on: boolean): Promise<void>;
	/** one visit with these fields (the rest generated); `badTimeZone`: the zone is stored as typed, read in the clinic's */
	addVisit(body: { id: string; phone: string; timeZone: string; startAt: string; specialty?: string; badTimeZone?: boolean }): Promise<void>;
	/** what the front desk changes after the import */
	patchVisit(id: string, change: { status?: string; startAt?: string }): Promise<void>;
	visits(): Promise<PeerVisit[]>;
	writes(): Promise<PeerWrite[]>;
	/** results applied (200 answers, duplicates included) */
	resultCount(): Promise<number>;
	/** the next result write of this visit fails (the sandbox: 503) */
	failWrite(visitId: string): Promise<void>;
	/** the next re-read (getVisit) of this visit fails */
	failRead(visitId: string): Promise<void>;
	/** the next result write of this visit waits `ms`; one whose sender dies meanwhile is never applied */
	holdWrite(visitId: string, ms: number): Promise<void>;
	/** the next result write of this visit is applied at once and its answer held `ms` (lost if the sender dies) */
	holdAnswer?(visitId: string, ms: number): Promise<void>;
	/** the held write of this visit has reached the clinic system */
	writeArrived(visitId: string): Promise<boolean>;
	/** faults of the clinic's own not hit yet (the sandbox's are in its /faults list) */
	faultsLeft(): Promise<unknown[]>;
	/** the Clinic system template, bound to this clinic (Settings, credential) */
	workflow(setup: ReturnType<typeof n8nSetup>): Promise<Workflow>;
}

/** The sandbox's clinic API, driven and read through its control API. */
export function sandboxClinic(sandbox: Sandbox): ClinicPeer {
	const ctl = controlClient(sandbox).request;
	const ok = (what: string, res: { status: number; data: unknown }) =>
		assert(res.status === 200, `${what}: ${JSON.stringify(res.data)}`);
	const fault = async (body: Record<string, unknown>) => ok('fault', await ctl('POST', '/faults', { count: 1, ...body }));
	const writePath = (visitId: string) => `/clinic/visits/${visitId}/reminder-result`;
	return {
		name: 'sandbox',
		clinicSystemFile: TEMPLATE_FILES.clinicSystem,
		async reset() {
			ok('clinic seed', await ctl('POST', '/clinic/seed', { count: 0 }));
		},
		async seed(request) {
			const res = await ctl('POST', '/clinic/seed', { ...request, append: true });
			ok('clinic seed', res);
			return Number(res.data.created);
		},
		async strict(on) {
			ok('strict clinic', await ctl('PUT', '/clinic/config', { refuseRepeats: on }));
		},
		async addVisit({ badTimeZone, ...body }) {
			ok(`visit ${body.id}`, await ctl('POST', '/clinic/visits', { ...body, ...(badTimeZone ? { badTimeZone } : {}) }));
		},
		async patchVisit(id, change) {
			ok(`changing ${id}`, await ctl('PATCH', `/clinic/visits/${id}`, change));
		},
		visits: async () => (await ctl('GET', '/clinic/visits')).data,
		writes: async () => (await ctl('GET', '/clinic/writes')).data,
		resultCount: async () => (await ctl('GET', '/clinic/results')).data.length,
		failWrite: (visitId) => fault({ pathPrefix: writePath(visitId), kind: 'status', status: 503 }),
		failRead: (visitId) => fault({ pathPrefix: `/clinic/visits/${visitId}`, kind: 'status', status: 503 }),
		holdWrite: (visitId, ms) => fault({ pathPrefix: writePath(visitId), kind: 'latency', ms, abandon: true }),
		holdAnswer: (visitId, ms) => fault({ pathPrefix: writePath(visitId), kind: 'latency', ms, answerLate: true }),
		writeArrived: async (visitId) =>
			((await ctl('GET', '/log?module=clinic')).data.entries as Array<Record<string, any>>).some(
				(e) => e.direction === 'in' && String(e.url).startsWith(writePath(visitId)),
			),
		faultsLeft: async () => [],
		// the shipped HTTP variant with its Clinic API credential (the run's sandbox clinic wants the token)
		workflow: (setup) => clinicSystemFor(setup.credential, sandbox),
	};
}

const SECRET = 'e2e-reminder-secret-3f9a';
const DEFAULT_CAMPAIGN = '3c1f5e2a-7b9d-4e8f-a0b1-c2d3e4f5a6b7';
const WINDOW = { from: '09:00', to: '20:00' };
const RUN_LIMIT_MS = 9 * 60_000;

/** Zones to pick from: Russian first; others only when no Russian zone fits the hour the run happens at. */
const ZONES = [
	'Europe/Kaliningrad',
	'Europe/Moscow',
	'Europe/Samara',
	'Asia/Yekaterinburg',
	'Asia/Omsk',
	'Asia/Novosibirsk',
	'Asia/Irkutsk',
	'Asia/Yakutsk',
	'Asia/Vladivostok',
	'Asia/Magadan',
	'Asia/Kamchatka',
	'Europe/London',
	'America/Sao_Paulo',
	'America/New_York',
	'America/Los_Angeles',
	'Pacific/Honolulu',
];

const minutesOf = (t: DateTime) => t.hour * 60 + t.minute;
const insideWindow = (t: DateTime) => minutesOf(t) >= 9 * 60 && minutesOf(t) < 20 * 60;

/** Zones whose window stays open for the whole run (Russian first), and one whose window stays closed. */
function pickZones(now: DateTime): { opens: string[]; closed: string } {
	const local = (z: string) => minutesOf(now.setZone(z));
	const opens = ZONES.filter((z) => local(z) >= 9 * 60 + 5 && local(z) <= 20 * 60 - 40).slice(0, 3);
	const closed = ZONES.find((z) => local(z) >= 20 * 60 + 30 || local(z) <= 8 * 60 + 30);
	if (!opens.length || !closed) throw new Error(`no open/closed zone pair at ${now.toISO()}`);
	return { opens, closed };
}

type Kind = 'confirm' | 'noAnswer' | 'hangupConfirm' | 'cancel' | 'operator';
/** What each kind of patient does on each placed call, and what the clinic should hold at the end. */
const KINDS: Record<Kind, { result: string; calls: number; script: unknown[] }> = {
	confirm: { result: 'confirmed', calls: 1, script: [1, 1, 1] },
	noAnswer: { result: 'unreached', calls: 3, script: [5, 5, 5, 5] },
	hangupConfirm: { result: 'confirmed', calls: 2, script: [4, 1, 1] },
	cancel: { result: 'cancelled', calls: 1, script: [2, 2, 2] },
	operator: { result: 'operator', calls: 1, script: [3, 3, 3] },
};
const TOTAL_VISITS = 50;

interface Planned {
	id: string;
	kind?: Kind;
	/** what the clinic system should hold at the end; null = no result written */
	result: string | null;
	/** placed calls when nothing is lost (a start answered 503 is not placed) */
	calls: number;
	phone?: string;
	script?: unknown[];
	zone?: string;
	extra?: Record<string, unknown>;
}

const kindVisit = (id: string, kind: Kind, zone?: string): Planned => ({ id, kind, zone, ...KINDS[kind] });

export async function runReminderChecks(ctx: ReminderContext): Promise<ReminderRun | undefined> {
	const { http, sandbox } = ctx;
	const clinic = ctx.clinic ?? sandboxClinic(sandbox);
	const CAMPAIGN = ctx.campaign ?? DEFAULT_CAMPAIGN;
	const ledgerName = ctx.ledgerName ?? LEDGER_TABLE_NAME;
	// the checks of a run against another clinic system say which (the sandbox run keeps its names)
	const check = (name: string, body: () => Promise<void>) =>
		runCheck(clinic.name === 'sandbox' ? name : `${name} [clinic: ${clinic.name}]`, body);
	const ctl = controlClient(sandbox).request;
	const setup = n8nSetup({ http, apiKey: ctx.apiKey, v1: ctx.v1, owner: ctx.owner });
	const { api } = setup;
	let cookie = '';
	let projectId = '';
	let tableId = '';
	/** the rows of this run have ids above this one (a reused ledger holds older rows) */
	let lastOldId = 0;
	let reminderId = '';
	let clinicId = '';
	/** the reminder as imported, bound: what a clinic edits and saves again */
	let reminderWf: Workflow | undefined;
	let ready = false;
	// registered when a wrong secret gets 401 (an unregistered webhook gets 404)
	const registered = () =>
		waitFor(
			'the reminder webhooks',
			async () => {
				const probe = await (ctx.webhook ?? http).post(`/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`, {}, { headers: { 'X-Webhook-Secret': 'probe' } });
				return probe.status === 401 ? true : undefined;
			},
			60_000,
		);
	const rest = (method: string, path: string, data?: unknown) =>
		http.request({ method, url: `/rest${path}`, data, headers: { cookie } });
	const ownRows = () =>
		lastOldId ? `&filter=${encodeURIComponent(JSON.stringify({ type: 'and', filters: [{ columnName: 'id', condition: 'gt', value: lastOldId }] }))}` : '';
	// after a restart n8n answers /healthz and webhooks a little before its REST routes are mounted
	const ledger = async (): Promise<Array<Record<string, any>>> => {
		let last = '';
		const rows = await waitFor(
			'the ledger rows',
			() =>
				tableRows((query) => rest('GET', `/projects/${projectId}/data-tables/${tableId}/rows${query}${ownRows()}`)).catch((error: Error) => {
					last = error.message;
					return undefined;
				}),
			30_000,
		).catch(() => undefined);
		assert(rows, `reading the ledger: ${last}`);
		return rows;
	};

	const now = DateTime.now();
	const { opens, closed } = pickZones(now);
	const open = opens[0];
	const date = now.setZone('Europe/Moscow').plus({ days: 1 }).toISODate()!;
	const at = (zone: string) => DateTime.fromISO(`${date}T12:00:00`, { zone }).toISO()!;
	let n = 0;
	const phone = () => `+7 (912) 7${String(++n).padStart(2, '0')}-00-11`;
	const visits: Planned[] = [
		{ ...kindVisit('R-pickup-confirm', 'confirm'), script: [{ outcome: 1, gapMs: 1500 }, 1, 1] },
		kindVisit('R-no-answer', 'noAnswer'),
		kindVisit('R-hangup-then-confirm', 'hangupConfirm'),
		kindVisit('R-cancel', 'cancel'),
		kindVisit('R-operator', 'operator'),
		{ id: 'R-no-phone', result: 'failed', calls: 0, phone: '' },
		{ id: 'R-bad-phone', result: 'failed', calls: 0, phone: '345-67-89' },
		{ id: 'R-bad-zone', result: 'failed', calls: 0, zone: 'Europe/Mosсow', extra: { badTimeZone: true } },
		{ id: 'R-cancelled-after-import', result: null, calls: 0, script: [1] },
		{ id: 'R-moved-to-past', result: 'failed', calls: 0, script: [1] },
		{ id: 'R-window-closed', result: null, calls: 0, zone: closed, script: [1] },
	];
	const kinds = Object.keys(KINDS) as Kind[];
	for (let i = 0; visits.length < TOTAL_VISITS; i++) {
		const id = `R-bulk-${String(i).padStart(2, '0')}`;
		if (i % 10 === 9) visits.push({ id, result: null, calls: 0, zone: closed, script: [1] });
		else visits.push(kindVisit(id, kinds[i % kinds.length], opens[i % opens.length]));
	}
	log(`        ${visits.length} visits, open zones ${opens.join(', ')}, closed ${closed}`);
	const digits = (p: string) => `7${p.replace(/\D/g, '').slice(-10)}`;

	await check('reminder templates: table created, imported, bound and activated through the API', async () => {
		// a clean clinic with only this run's visits, a campaign of its own that posts to the reminder's trigger; a
		// strict clinic system (a repeated result write is a 409, as one that appends a note per write would need)
		await clinic.reset();
		await clinic.strict(true);
		const campaign = {
			id: CAMPAIGN,
			name: 'E2E reminders',
			variables: ['name', 'phrase'],
			window: { from: '00:00', to: '24:00', timeZone: 'Europe/Moscow' },
			callback: {
				url: `${ctx.base}/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`,
				headers: { 'X-Webhook-Secret': SECRET },
				// every post twice, and the first three posts lost
				duplicates: 1,
				lose: 3,
				pickupStatus: 4,
			},
		};
		const made = await ctl('POST', '/voicebox/campaigns', campaign);
		assert(made.status === 200, `campaign: ${JSON.stringify(made.data)}`);
		for (const v of visits) {
			v.phone ??= phone();
			// a mistyped zone is read in the clinic's zone by the sandbox
			const startAt = at(v.extra?.badTimeZone ? 'Europe/Moscow' : (v.zone ?? open));
			await clinic.addVisit({ id: v.id, phone: v.phone, timeZone: v.zone ?? open, startAt, specialty: 'Терапевт', ...v.extra });
			if (v.script) {
				let s = await ctl('POST', '/voicebox/script', { number: digits(v.phone), outcomes: v.script });
				// a sandbox without per-step gaps takes plain codes
				if (s.status === 400) s = await ctl('POST', '/voicebox/script', { number: digits(v.phone), outcomes: v.script.map((o: any) => o.outcome ?? o) });
				assert(s.status === 200, `script ${v.id}: ${JSON.stringify(s.data)}`);
			}
		}

		await setup.login();
		({ cookie, projectId } = setup.session());
		if (ctx.reuseLedger) {
			tableId = await setup.table(ledgerName, LEDGER_COLUMNS);
			const newest = await rest('GET', `/projects/${projectId}/data-tables/${tableId}/rows?take=1&sortBy=id:desc`);
			assert(newest.status === 200, `reading the ledger's newest row: HTTP ${newest.status}`);
			lastOldId = Number(newest.data.data.data[0]?.id ?? 0);
		} else tableId = await setup.createTable(ledgerName, LEDGER_COLUMNS);
		const credential = await setup.credential('MTT Voicebox account', 'mttVoiceboxApi', {
			url: sandbox.urls.voicebox,
			login: DEFAULT_VOICEBOX_LOGIN,
			password: DEFAULT_VOICEBOX_PASSWORD,
		});
		// the trigger's secret (version 2 reads it from its credential), under the name the template gives it; once per
		// run: the edits later in the run save the same bound workflow again
		const triggerSecret = await setup.credential(
			'MTT Voicebox trigger secret',
			'mttVoiceboxTriggerApi',
			{ secret: SECRET },
		);

		clinicId = await setup.create(await clinic.workflow(setup));

		// activated below, at a minute boundary
		({ id: reminderId, workflow: reminderWf } = await installTemplate(setup, {
			file: TEMPLATE_FILES.appointmentReminder,
			saveSuccessfulExecutions: true,
			settings: {
				ledgerTableId: tableId,
				clinicWorkflowId: clinicId,
				campaignId: CAMPAIGN,
				weekdayFrom: WINDOW.from,
				weekdayTo: WINDOW.to,
				weekendFrom: WINDOW.from,
				weekendTo: WINDOW.to,
				// scaled time: the shortest interval and sweep Plan Next Attempt accepts
				intervalMinutes: 1,
				sweepMinutes: 1,
				staleWriteMinutes: 1,
			},
			credentials: { mttVoiceboxApi: credential, mttVoiceboxTriggerApi: triggerSecret },
			edit: (reminder) => {
				const status = reminder.nodes.find((x: any) => x.type.endsWith('.mttVoiceboxTrigger'))!;
				if (ctx.duplicateWindow !== undefined) status.parameters.options = { ...status.parameters.options, duplicateWindow: ctx.duplicateWindow };
			},
			activate: false,
		}));

		// 2.x runs the published version of a sub-workflow; 1.x cannot activate one with only a sub-workflow trigger
		if (!ctx.v1) await setup.activate(clinicId);
		// start right after a minute boundary, so "Every minute" cannot fire between the first import and the edits below
		const toBoundary = 60_000 - (Date.now() % 60_000);
		if (toBoundary < 15_000) await sleep(toBoundary + 1500);
		await setup.activate(reminderId);
		await registered().catch(async (error: Error) => {
			const wf = await api('GET', `/workflows/${reminderId}`);
			throw new Error(`${error.message}; workflow active=${wf.data?.active}`);
		});
		ready = true;
	});
	if (!ready) return;

	// a tick waits for its starts (one may hang for the node's 30 s timeout); a loaded machine is slow too
	const runNow = () => (ctx.webhook ?? http).post(`/webhook/${REMINDER_WEBHOOKS.runNow}`, {}, { timeout: 180_000 });
	const clinicVisits = () => clinic.visits();
	const clinicWrites = () => clinic.writes();
	const calls = async () => (await ctl('GET', '/voicebox/calls')).data as Array<Record<string, any>>;

	const closedZone = (v: Planned) => v.zone === closed;
	const FAULTS = {
		start: '/voicebox/api/v1/sb',
		/** the visit whose first result write fails (the sandbox: 503) */
		write: 'R-operator',
	};

	/** Start requests per guid, from the sandbox's log (the 503 included). */
	const startRequests = async () =>
		((await ctl('GET', '/log?module=voicebox')).data.entries as Array<Record<string, any>>)
			.filter((e) => e.direction === 'in' && String(e.url).startsWith(FAULTS.start) && e.body)
			.map((e) => JSON.parse(e.body))
			.filter((body) => body.method === CAMPAIGN)
			.map((body) => String(body.data?.guid));
	/** how many start requests went out for one visit (a guid is `<visitId>-<attempt>`) */
	const startsOf = (starts: string[], visitId: string) => starts.filter((g) => g.startsWith(`${visitId}-`)).length;

	/** when n8n was killed and when it answered again (ms) */
	const crash = { at: 0, back: 0 };
	/** every kill (the dialling crash, the write crash): executions running then are n8n's to mark */
	const kills: number[] = [];
	/** the visit whose re-read before its second call gets a 503 from the clinic system */
	const reread = { target: '' };
	/**
	 * Failed starts after the first 503, one at a time (the sandbox hits every matching fault at once): a 401, a 400,
	 * and an answer slower than the node's 30 s start timeout — that call is still placed, as a real one may be.
	 */
	const startFaults = [
		{ kind: 'status', status: 401, body: '{"error":"Unauthorized"}' },
		{ kind: 'status', status: 400, body: '{"error":"Bad Request"}' },
		{ kind: 'latency', ms: 31_000 },
	];
	const FAILED_STARTS = [/503/, /401/, /400/, /did not answer within/];

	await check(`reminder run: ${TOTAL_VISITS} visits, overlapping ticks, a crash, every visit ends right`, async () => {
		// calls that last long enough to be in flight when n8n goes down
		await ctl('POST', '/voicebox/config', { durationMs: 2500, pickupMs: 300 });
		// one 503 on a Voicebox start and one on writing a result (the re-read 503 comes later, on a chosen visit)
		await ctl('POST', '/faults', { pathPrefix: FAULTS.start, kind: 'status', status: 503, count: 1 });
		await clinic.failWrite(FAULTS.write);
		const first = await runNow();
		assert(first.status === 200, `run now: HTTP ${first.status} ${JSON.stringify(first.data).slice(0, 300)}`);
		const rows = await ledger();
		assert(rows.length === visits.length, `the import made ${rows.length} ledger rows for ${visits.length} visits`);
		// the front desk changes two visits after the import (a tick dials before it imports: nothing dialled yet)
		await clinic.patchVisit('R-cancelled-after-import', { status: 'cancelled' });
		await clinic.patchVisit('R-moved-to-past', { startAt: DateTime.now().minus({ minutes: 30 }).toISO()! });
		// two ticks at once: both dial (one claim each wins) and both import again (no row added, none reset)
		await Promise.all([runNow(), runNow()]);
		const again = await ledger();
		assert(again.length === visits.length, `a repeated import left ${again.length} rows`);
		const started = Date.now();
		const settled = (rs: Array<Record<string, any>>) =>
			visits.every((v) => {
				const row = rs.find((r) => r.visitId === v.id);
				if (closedZone(v)) return row?.status === 'due';
				return row?.status === 'done' && (row.resultState === 'written' || row.resultState === 'none');
			});
		for (;;) {
			const dialled = (await calls()).filter((c) => c.campaignId === CAMPAIGN && c.placedAt).length;
			if (ctx.n8n && !crash.at && dialled >= 5) {
				// n8n crashes in the middle of a dialling tick, with calls in flight whose statuses find no one listening
				const inFlight = runNow().catch(() => undefined);
				// kill once this tick has calls ringing (its later starts then never go out), or after 20 s anyway
				const until = Date.now() + 20_000;
				while (Date.now() < until) {
					const ringing = (await calls()).filter((c) => c.campaignId === CAMPAIGN && c.state === 'in_progress');
					if (ringing.length >= 2) break;
					await sleep(50);
				}
				crash.at = Date.now();
				kills.push(crash.at);
				await ctx.n8n.kill();
				await inFlight;
				await ctx.n8n.start();
				await registered();
				crash.back = Date.now();
				log(`        n8n killed during a dialling tick (${dialled} calls placed), back after ${Math.round((crash.back - crash.at) / 1000)} s`);
				continue;
			}
			if (!reread.target && dialled >= 5 && (!ctx.n8n || crash.back)) {
				// a "no answer" patient waiting for a next attempt with nothing wasted so far: the 503 must not cost one.
				// Its next attempt is some seconds off, so no tick is between its re-read and its claim right now; after
				// a slow recovery (a queue-mode worker lost for minutes) every such patient may be past attempt 1.
				const [rows, starts] = [await ledger(), await startRequests()];
				const soon = Date.now() + 10_000;
				const [pick] = visits
					.filter((v) => v.kind === 'noAnswer')
					.map((v) => ({ id: v.id, row: rows.find((r) => r.visitId === v.id) }))
					.filter(
						({ id, row }) =>
							row?.status === 'due' &&
							(row.attempts === 1 || row.attempts === 2) &&
							startsOf(starts, id) === row.attempts &&
							!row.startError &&
							Date.parse(row.nextAttemptAt) > soon,
					)
					// one waiting for attempt 2 first, the way the check ran before slow recoveries
					.sort((a, b) => a.row!.attempts - b.row!.attempts);
				if (pick) {
					reread.target = pick.id;
					await clinic.failRead(pick.id);
					log(`        the clinic system (${clinic.name}) fails once the re-read of ${pick.id} before its attempt ${pick.row!.attempts + 1}`);
				}
			}
			if (startFaults.length && (!ctx.n8n || crash.back)) {
				const pending = ((await ctl('GET', '/faults')).data.faults as Array<{ pathPrefix: string }>).some((f) => f.pathPrefix === FAULTS.start);
				if (!pending) await ctl('POST', '/faults', { pathPrefix: FAULTS.start, count: 1, ...startFaults.shift() });
			}
			// overlapping ticks on purpose: the schedule fires too, and three run-now calls go out at once
			const ticks = await Promise.all([runNow(), runNow(), runNow()]);
			assert(ticks.every((t) => t.status === 200), `run now: HTTP ${ticks.map((t) => t.status).join('/')}`);
			const now = await ledger();
			if (settled(now)) break;
			const open = now.filter((r) => r.status !== 'done').map((r) => [r.visitId, r.status, r.attempts, r.reason]);
			assert(Date.now() - started < RUN_LIMIT_MS, `not settled after ${RUN_LIMIT_MS / 60000} min: ${JSON.stringify(open)}`);
			await sleep(3000);
		}
		log(`        settled in ${Math.round((Date.now() - started) / 1000)} s`);
		const left = [...((await ctl('GET', '/faults')).data.faults as unknown[]), ...(await clinic.faultsLeft())];
		assert(left.length === 0, `faults not hit: ${JSON.stringify(left)}`);
	});

	/**
	 * The sandbox's record of each visit: placed calls, answers that never reached n8n (lost by the sandbox, or
	 * posted while n8n was down), start requests, and attempts that placed no call (a 503, or a claim whose
	 * execution died before the start went out).
	 */
	const record = async () => {
		const placed = (await calls()).filter((c) => c.campaignId === CAMPAIGN && c.placedAt);
		const rows = await ledger();
		const starts = await startRequests();
		const accepted = (c: any) => c.callbacks.some((d: any) => d.kind === 'final' && heardByN8n(d));
		// an answer whose post timed out (a loaded n8n answering after the sandbox's wait) may have been handled or
		// not: Voicebox cannot know either, so both outcomes are right
		const uncertain = (c: any) => !accepted(c) && c.callbacks.some((d: any) => d.kind === 'final' && timedOut(d));
		return visits.map((v) => {
			const mine = placed.filter((c) => c.number === digits(v.phone ?? ''));
			const answers = mine.filter((c) => [1, 2, 3].includes(c.outcome));
			const row = rows.find((r) => r.visitId === v.id);
			const sent = startsOf(starts, v.id);
			// an answer n8n acknowledged in the last seconds before the kill may have died with its execution
			const racedCrash = answers.some((c) =>
				c.callbacks.some((d: any) => d.kind === 'final' && Math.abs(Date.parse(d.at) - crash.at) < 3000),
			);
			return {
				v,
				mine,
				row,
				sent,
				racedCrash,
				lostAnswers: answers.filter((c) => !accepted(c) && !uncertain(c)).length,
				uncertainAnswers: answers.filter(uncertain).length,
				heard: answers.some(accepted),
				wasted: (row?.attempts ?? 0) - mine.length,
			};
		});
	};

	await check('reminder run: results in the clinic system, never an unreached visit cancelled', async () => {
		const byId = new Map((await clinicVisits()).map((v) => [v.id, v]));
		// a patient whose every answer was lost on the way is unreached (the sandbox records the loss)
		// one whose only answers timed out may be either
		const expected = (r: Awaited<ReturnType<typeof record>>[number]) =>
			r.v.kind && r.v.kind !== 'noAnswer' && !r.heard
				? r.uncertainAnswers > 0
					? ['unreached', r.v.result]
					: ['unreached']
				: [r.v.result];
		const wrong = (await record())
			.map((r) => [r.v.id, expected(r), byId.get(r.v.id)?.reminder?.outcome ?? null] as const)
			.filter(([, want, got]) => !want.includes(got));
		assert(wrong.length === 0, `clinic results [visit, expected, got]: ${JSON.stringify(wrong)}`);
		let flagged = 0;
		for (const v of byId.values()) {
			if (v.reminder?.outcome === 'unreached' || v.reminder?.outcome === 'failed') {
				flagged++;
				assert(v.status !== 'cancelled' && v.staffFollowUp, `${v.id}: ${v.status}, staffFollowUp ${v.staffFollowUp}`);
			}
		}
		const cancelled = visits.filter((v) => v.kind === 'cancel').map((v) => byId.get(v.id)?.status);
		assert(cancelled.every((st) => st === 'cancelled'), `patients who cancelled: ${JSON.stringify(cancelled)}`);
		const skipped = visits.filter((v) => v.result === 'failed').map((v) => byId.get(v.id)?.reminder?.note ?? '');
		assert(skipped.every((note) => /^skipped: \S/.test(note)), `skip reasons: ${JSON.stringify(skipped)}`);
		log(`        ${flagged} visits flagged for staff (unreached or skipped), none cancelled`);
	});

	await check('reminder run: ≤ 3 calls per visit, one start per attempt, none outside the window', async () => {
		const recs = await record();
		const placed = recs.flatMap((r) => r.mine);
		const starts = await startRequests();
		const perGuid = new Map<string, number>();
		for (const g of starts) perGuid.set(g, (perGuid.get(g) ?? 0) + 1);
		const repeated = [...perGuid].filter(([, count]) => count > 1);
		assert(repeated.length === 0, `a start sent twice for one attempt: ${JSON.stringify(repeated)}`);
		const failedStarts = recs.filter((r) => r.row?.startError);
		const errors = failedStarts.map((r) => [r.v.id, r.row!.startError]);
		for (const want of FAILED_STARTS) {
			assert(errors.filter(([, e]) => want.test(e)).length === 1, `no single row recorded the failed start ${want}: ${JSON.stringify(errors)}`);
		}
		// the 503, 401 and 400 placed no call; the timed-out start did
		assert(starts.length === placed.length + 3, `${starts.length} start requests for ${placed.length} placed calls and 3 refused starts`);
		const problems: string[] = [];
		for (const { v, mine, lostAnswers, uncertainAnswers, row, sent, wasted, racedCrash } of recs) {
			// attempts that placed no call shorten the budget; an answer that never reached n8n costs one more call,
			// one that timed out may
			const want = v.kind === 'noAnswer' ? v.calls - wasted : Math.min(3 - wasted, v.calls + lostAnswers);
			const most = Math.max(
				Math.min(3 - wasted, want + uncertainAnswers),
				racedCrash ? Math.min(3, want + 1) : want,
			);
			const ok = mine.length >= want && mine.length <= most;
			if (!ok) problems.push(`${v.id}: ${mine.length} calls, expected ${want === most ? want : `${want}–${most}`}`);
			if (!(mine.length <= sent && sent <= (row?.attempts ?? 0) && (row?.attempts ?? 0) <= 3)) {
				problems.push(`${v.id}: ${mine.length} calls, ${sent} starts, ${row?.attempts} attempts`);
			}
			const zone = v.zone ?? open;
			for (const c of mine) {
				const local = DateTime.fromISO(c.placedAt).setZone(zone);
				if (!insideWindow(local)) problems.push(`${v.id}: called at ${local.toISO()} local`);
			}
			if (closedZone(v)) {
				const next = DateTime.fromISO(row?.nextAttemptAt ?? '', { setZone: true });
				if (!(next.isValid && next.toFormat('HH:mm') === WINDOW.from && next > DateTime.now())) {
					problems.push(`${v.id} (window closed) next attempt ${row?.nextAttemptAt}`);
				}
			}
		}
		const lost = recs.reduce((sum, r) => sum + r.lostAnswers, 0);
		const timedOut = recs.reduce((sum, r) => sum + r.uncertainAnswers, 0);
		const unsent = recs.reduce((sum, r) => sum + (r.row?.attempts ?? 0) - r.sent, 0);
		const byCalls = [0, 1, 2, 3].map((k) => recs.filter((r) => r.mine.length === k).length);
		log(
			`        ${placed.length} calls placed, ${starts.length} start requests (failed: ${errors.map(([id, e]) => `${id} ${String(e).slice(0, 60)}`).join('; ')}), ${unsent} claimed attempts never sent, ${lost} answers lost or unheard, ${timedOut} timed out; visits with 0/1/2/3 calls: ${byCalls.join('/')}`,
		);
		assert(problems.length === 0, problems.join('; '));
		const down = recs.find((r) => r.v.id === reread.target);
		assert(down, 'no visit was picked for the clinic-system 503 before a call');
		// the 503 cost no attempt; one of the injected start faults may still land on this visit (refused: no call)
		const refused = (String(down.row?.startError ?? '').match(/attempt \d+: (401|400|503)\b/g) ?? []).length;
		assert(
			down.row?.attempts === 3 && down.sent === 3 && down.mine.length + refused === 3,
			`${down.v.id}, re-read answered 503 once: ${down.row?.attempts} attempts, ${down.sent} starts, ${down.mine.length} calls, ${refused} refused starts`,
		);
	});

	/** every result write that reached the clinic system, per visit, with the statuses it answered */
	const writesPerVisit = async () => {
		const per = new Map<string, number[]>();
		for (const w of await clinicWrites()) per.set(w.visitId, [...(per.get(w.visitId) ?? []), w.status]);
		return per;
	};

	await check('reminder run: each final result reached the strict clinic system exactly once, despite overlapping ticks', async () => {
		const per = await writesPerVisit();
		const byId = new Map((await clinicVisits()).map((v) => [v.id, v]));
		const problems = visits
			.map((v) => [v.id, byId.get(v.id)?.reminder?.final ? [200] : [], per.get(v.id) ?? []] as const)
			.filter(([, want, got]) => JSON.stringify(want) !== JSON.stringify(got));
		assert(problems.length === 0, `writes per visit [visit, expected statuses, got]: ${JSON.stringify(problems)}`);
		const refused = (await ledger()).filter((r) => r.resultState === 'refused' || r.resultState === 'writing');
		assert(refused.length === 0, `rows refused or still writing: ${JSON.stringify(refused.map((r) => [r.visitId, r.resultState, r.resultError]))}`);
		log(`        ${[...per.values()].flat().length} writes for ${[...byId.values()].filter((v) => v.reminder?.final).length} final visits, none repeated`);
	});

	const writeCrash = ctx.writeCrash ?? ctx.n8n;
	if (writeCrash) {
		const id = 'R-write-crash';
		// a write the clinic applied whose answer died with n8n (the sandbox peer can hold an answer)
		const lostId = clinic.holdAnswer ? 'R-write-lost' : undefined;
		await check(`reminder run: a tick killed in its writes; a write never applied is written once after the stale claim is released${lostId ? ', one applied is found there and not sent again' : ''}`, async () => {
			const ids = lostId ? [id, lostId] : [id];
			for (const visitId of ids) {
				const v = kindVisit(visitId, 'confirm', open);
				v.phone = phone();
				await clinic.addVisit({ id: visitId, phone: v.phone, timeZone: open, startAt: at(open), specialty: 'Терапевт' });
				assert((await ctl('POST', '/voicebox/script', { number: digits(v.phone), outcomes: v.script })).status === 200, 'script');
				visits.push(v);
			}
			// the write waits in the clinic system until n8n is gone; a request whose sender died is never applied
			await clinic.holdWrite(id, 120_000);
			// this one is applied at once, and its answer waits until n8n is gone
			if (lostId) await clinic.holdAnswer!(lostId, 120_000);
			const allArrived = async () => (await Promise.all(ids.map((x) => clinic.writeArrived(x)))).every(Boolean);
			// ticks (import, dial, answer, write) until both writes are stuck; a stuck tick does not stop the next one
			const started = Date.now();
			let tick = runNow().catch(() => undefined);
			let tickAt = Date.now();
			while (!(await allArrived())) {
				assert(Date.now() - started < 180_000, `the writes of ${ids.join(', ')} did not all reach the clinic system in 3 min`);
				const done = await Promise.race([tick.then(() => true), sleep(300).then(() => false)]);
				if (done || Date.now() - tickAt > 5000) {
					tick = runNow().catch(() => undefined);
					tickAt = Date.now();
				}
			}
			const rows = await ledger();
			const claimed = ids.map((x) => rows.find((r) => r.visitId === x));
			kills.push(Date.now());
			await writeCrash.kill();
			await tick;
			await writeCrash.start();
			await registered();
			log(`        n8n killed while the writes of ${ids.join(', ')} waited in the clinic system (rows: ${claimed.map((r) => r?.resultState).join(', ')})`);
			for (const [i, r] of claimed.entries()) {
				assert(r?.resultState === 'writing', `the row of the write in flight of ${ids[i]} was ${r?.resultState}, not writing`);
			}
			const claimMs = Math.max(...claimed.map((r) => Number(r!.writeClaimMs)));
			// a tick before staleWriteMinutes is up (a queue-mode worker may take longer to come back): nothing written
			await runNow();
			if (Date.now() - claimMs < 58_000) {
				const held = (await ledger()).filter((r) => ids.includes(r.visitId));
				const writes = (await writesPerVisit()).get(id);
				assert(held.every((r) => r.resultState === 'writing') && !writes, `right after the restart: ${held.map((r) => r.resultState)}, writes ${writes}`);
			}
			const done = await waitFor(
				`${ids.join(', ')} recorded after the stale claims are released`,
				async () => {
					await runNow();
					const rs = (await ledger()).filter((x) => ids.includes(x.visitId));
					return rs.length === ids.length && rs.every((r) => r.resultState === 'written') ? rs : undefined;
				},
				240_000,
			);
			const all = await clinicWrites();
			for (const visitId of ids) {
				const writes = all.filter((w) => w.visitId === visitId);
				assert(JSON.stringify(writes.map((w) => w.status)) === '[200]', `${visitId}: writes answered ${JSON.stringify(writes)}`);
				const outcome = (await clinicVisits()).find((x) => x.id === visitId)?.reminder?.outcome;
				assert(outcome === 'confirmed', `${visitId} in the clinic system: ${outcome}`);
			}
			const rewritten = all.find((w) => w.visitId === id)!;
			const waited = Math.round((Date.parse(rewritten.at) - Number(claimed[0]!.writeClaimMs)) / 1000);
			assert(waited >= 60, `written ${waited} s after the claim, before staleWriteMinutes (60 s)`);
			log(`        ${id} written once, ${waited} s after the dead tick's claim`);
			if (lostId) {
				const found = done.find((r) => r.visitId === lostId)!;
				assert(/^found in the clinic system/.test(String(found.resultError)), `${lostId}: ${found.resultError}`);
				log(`        ${lostId}: the clinic already held it; recorded as written with no second write`);
			}
		});
	}

	await check('reminder run: the pickup 4 came first, then the answer, for the same call', async () => {
		const v = visits[0];
		const call = (await calls()).find((c) => c.campaignId === CAMPAIGN && c.number === digits(v.phone!) && c.placedAt);
		assert(call, 'no call for the pickup visit');
		const kinds = (call.callbacks as Array<Record<string, any>>).filter((d) => d.copy === 0).map((d) => `${d.kind}${d.lost ? ' (lost)' : ''}`);
		assert(JSON.stringify(kinds) === JSON.stringify(['pickup', 'final']) || kinds.some((k) => k.includes('lost')), `callbacks of the call: ${JSON.stringify(kinds)} (the sandbox must post 4 at pickup)`);
		const gap = call.callbacks.filter((d: any) => d.copy === 0).map((d: any) => Date.parse(d.at));
		assert(gap[1] - gap[0] >= 1000, `the answer came ${gap[1] - gap[0]} ms after the 4`);
		const row = (await ledger()).find((r) => r.visitId === v.id);
		assert(row?.outcome === 'confirmed' && row.answered === true, `ledger ${JSON.stringify(row)}`);
	});

	await check('reminder run: repeated, late and unknown statuses change nothing and fail no execution', async () => {
		const strip = (rs: Array<Record<string, any>>) => JSON.stringify(rs.map(({ updatedAt: _u, ...r }) => r));
		const before = strip(await ledger());
		const resultsBefore = (await clinic.resultCount());
		const callOf = async (id: string) =>
			(await calls()).filter((c) => c.campaignId === CAMPAIGN && c.number === digits(visits.find((v) => v.id === id)!.phone!) && c.placedAt);
		const [confirmed] = await callOf('R-pickup-confirm');
		const [firstNoAnswer] = await callOf('R-no-answer');
		const [cancelCall] = await callOf('R-cancel');
		const post = (body: unknown) =>
			(ctx.webhook ?? http).post(`/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`, body, { headers: { 'X-Webhook-Secret': SECRET } });
		const since = new Date().toISOString();
		const sent = [
			// a repeat (the trigger's own window may drop it: the ledger must not care either way)
			await ctl('POST', '/voicebox/replay-callback', { callId: confirmed.id }),
			// a late pickup 4 for an attempt the workflow already moved past
			await post({ call_id: String(firstNoAnswer.id), response: 4, guid: firstNoAnswer.guid }),
			// a different, later answer for a visit already answered
			await post({ call_id: String(cancelCall.id), response: 1, guid: cancelCall.guid }),
			await post({ call_id: 'no-such-call', response: 1, guid: '' }),
			await post({ call_id: String(confirmed.id), response: 9, guid: confirmed.guid }),
		];
		assert(sent.every((r) => r.status === 200), `statuses ${sent.map((r) => r.status).join(',')}`);
		await sleep(4000);
		await runNow();
		assert(before === strip(await ledger()), 'the ledger changed');
		const resultsAfter = (await clinic.resultCount());
		assert(resultsAfter === resultsBefore, `the clinic got ${resultsAfter - resultsBefore} more results`);
		const recent = await waitFor('the executions of those statuses', async () => {
			const res = await api('GET', `/executions?workflowId=${reminderId}&includeData=true&limit=30`);
			const list = (res.data?.data ?? []) as Array<Record<string, any>>;
			const mine = list.filter((e) => e.startedAt >= since && e.data?.resultData?.runData?.['Voicebox status']);
			return mine.length >= 4 ? mine : undefined;
		});
		const ended = new Set(recent.flatMap((e) => Object.keys(e.data.resultData.runData)));
		for (const node of [
			'Repeat, late or stale status (ignored)',
			'Repeat or later answer (ignored)',
			'Unknown call (reported, ignored)',
			'Unknown code (reported, ignored)',
		]) {
			assert(ended.has(node), `no execution ended in "${node}"`);
		}
		// executions the kill cut short are n8n's to mark; every other one must have ended well
		const failed = await waitFor('the execution list', async () => {
			const res = await api('GET', `/executions?workflowId=${reminderId}&status=error&limit=100&includeData=true`);
			return res.status === 200 ? (res.data.data as Array<Record<string, any>>) : undefined;
		});
		// running (or queued, in queue mode) at a kill: n8n's recovery marks it "did not finish" with its stop time the
		// last event it saw, or gives a lost queue job up ("processed too many times") before it ever started
		const cutShort = (e: Record<string, any>) => {
			const started = Date.parse(e.startedAt ?? e.createdAt ?? '');
			// n8n's recovery marks an execution a kill ended: `crashed` (1.x: stoppedAt = its last saved step, before
			// the kill), or an error saying it did not finish / was given up (queue mode)
			const byRecovery =
				e.status === 'crashed' || /did not finish|processed too many times/.test(String(e.data?.resultData?.error?.message));
			return kills.some(
				(k) => (Number.isNaN(started) || started <= k) && (!e.stoppedAt || Date.parse(e.stoppedAt) >= k || byRecovery),
			);
		};
		const afterCrash = failed.filter((e) => !cutShort(e));
		const detail = afterCrash.map((e) => `${e.id} ${e.startedAt} ${e.data?.resultData?.lastNodeExecuted}: ${e.data?.resultData?.error?.message}`);
		assert(afterCrash.length === 0, `${afterCrash.length} reminder executions failed: ${detail.join('; ')}`);
		log(`        ${failed.length - afterCrash.length} executions cut short by the kill, none failed otherwise`);
	});
	await check('reminder run: a tick over a day already imported writes no row; a visit the clinic moves is updated', async () => {
		// the clinic lists only visits still due a reminder: after the run, those whose window stayed closed
		const before = await ledger();
		const moved = 'R-window-closed';
		const visit = (await clinicVisits()).find((v) => v.id === moved);
		assert(visit, `${moved} is not in the clinic system`);
		const startAt = DateTime.fromISO(visit.startAt).plus({ minutes: 30 }).toISO()!;
		await clinic.patchVisit(moved, { startAt });
		const tick = await runNow();
		assert(tick.status === 200, `run now: HTTP ${tick.status}`);
		const after = await ledger();
		const row = after.find((r) => r.visitId === moved);
		assert(
			row && DateTime.fromISO(row.visitStart).toMillis() === DateTime.fromISO(startAt).toMillis(),
			`${moved} moved to ${startAt}, its row says ${row?.visitStart}`,
		);
		// every other row is untouched, updatedAt included: the import wrote nothing it already had
		const touched = after
			.filter((r) => r.visitId !== moved)
			.filter((r) => JSON.stringify(r) !== JSON.stringify(before.find((b) => b.id === r.id)))
			.map((r) => r.visitId);
		assert(touched.length === 0, `the tick rewrote ${touched.length} rows: ${touched.slice(0, 5).join(', ')}`);
		assert(row.status === 'due', `${moved} after the move: ${row.status}/${row.outcome}`);
		log(`        ${visits.filter(closedZone).length - 1} more visits imported again unchanged, none rewritten`);
	});
	await check('reminder run: a row that fell due while no tick came is not called outside the window (it waits for the next opening)', async () => {
		// as if n8n had been down when the row fell due: due an hour ago, in a zone whose window is closed now
		const late = 'R-window-closed';
		const before = (await ledger()).find((r) => r.visitId === late);
		assert(before && before.status === 'due', `${late}: ${before?.status}/${before?.outcome}`);
		const dueAt = DateTime.now().minus({ hours: 1 }).setZone(closed);
		const byId = { type: 'and', filters: [{ columnName: 'visitId', condition: 'eq', value: late }] };
		const patched = await rest('PATCH', `/projects/${projectId}/data-tables/${tableId}/rows`, {
			filter: byId,
			data: { nextAttemptMs: dueAt.toMillis(), nextAttemptAt: dueAt.toISO() },
		});
		assert(patched.status < 300, `making ${late} overdue: HTTP ${patched.status} ${JSON.stringify(patched.data).slice(0, 300)}`);
		const tick = await runNow();
		assert(tick.status === 200, `run now: HTTP ${tick.status}`);
		const row = (await ledger()).find((r) => r.visitId === late);
		assert(startsOf(await startRequests(), late) === 0, `${late} was called with its window closed`);
		const next = DateTime.fromISO(row?.nextAttemptAt ?? '', { setZone: true });
		assert(
			row?.status === 'due' && row.attempts === before.attempts && next.isValid && next.toFormat('HH:mm') === WINDOW.from && next > DateTime.now(),
			`${late} after an overdue tick: ${row?.status}, attempts ${row?.attempts} (was ${before.attempts}), next ${row?.nextAttemptAt}`,
		);
		assert(/outside the calling window/.test(String(row.reason)), `${late}: reason ${row.reason}`);
		log(`        overdue at ${dueAt.toFormat('HH:mm')} local: not called, next attempt ${next.toISO()}`);
	});
	await check('reminder run: an import that stopped between keeping a row and starting it: two overlapping reads leave the row to it, two reads an hour later import the visit again once', async () => {
		// a visit whose window stays closed: its row waits whatever the ticks do, so only the import touches it
		const stalled = 'R-bulk-19';
		const rowsUrl = `/projects/${projectId}/data-tables/${tableId}/rows`;
		const rowsOf = async () => (await ledger()).filter((r) => r.visitId === stalled);
		const [before, ...more] = await rowsOf();
		assert(before?.status === 'due' && more.length === 0, `${stalled}: ${JSON.stringify([before, ...more])}`);
		// the row as *Keep ledger row* leaves it before *Start ledger row*: the visit's fields, no state
		const byId = { type: 'and', filters: [{ columnName: 'visitId', condition: 'eq', value: stalled }] };
		const cleared = await rest('PATCH', rowsUrl, { filter: byId, data: { status: null, outcome: null, nextAttemptMs: null } });
		assert(cleared.status < 300, `clearing ${stalled}: HTTP ${cleared.status} ${JSON.stringify(cleared.data).slice(0, 300)}`);
		// two reads at once, as overlapping ticks would
		assert((await Promise.all([runNow(), runNow()])).every((t) => t.status === 200), 'run now failed');
		const [kept, ...keptMore] = await rowsOf();
		assert(
			kept?.id === before.id && !kept.status && keptMore.length === 0,
			`a read while the row is fresh imported ${stalled} again: ${JSON.stringify([kept, ...keptMore])}`,
		);
		if (!ctx.backdate) {
			log('        a fresh unstarted row left alone; the hour-old half is proven where rows can be moved back (n8n on SQLite)');
			return;
		}
		assert(ctx.backdate(tableId, 'visitId', [stalled], new Date(Date.now() - 2 * 3600_000)) === 1, `moving ${stalled} back 2 hours`);
		// both forget it and both import it: still one row, started once
		assert((await Promise.all([runNow(), runNow()])).every((t) => t.status === 200), 'run now failed');
		const [again, ...againMore] = await rowsOf();
		assert(
			again && again.id !== before.id && again.status === 'due' && Number(again.attempts) === 0 && againMore.length === 0,
			`the stalled row of ${stalled} after an hour: ${JSON.stringify([again, ...againMore])}`,
		);
		log(`        a fresh unstarted row left alone; 2 hours old it was forgotten and ${stalled} imported again (row ${before.id} → ${again.id}, due)`);
	});
	await check('reminder run: a clinic sub-workflow that answers for other visits, or fails as a whole, dials nobody and writes nothing (a whole failure fails the tick with the reason)', async () => {
		// rows of visits the clinic does not have: a reminder that used the wrong answer would withdraw or refuse them
		const ids = ['E2E-BROKEN-DUE-0', 'E2E-BROKEN-DUE-1', 'E2E-BROKEN-RESULT-0', 'E2E-BROKEN-RESULT-1'];
		const byId = (visitId: string) => encodeURIComponent(JSON.stringify({ type: 'and', filters: [{ columnName: 'visitId', condition: 'eq', value: visitId }] }));
		const rowsUrl = `/projects/${projectId}/data-tables/${tableId}/rows`;
		// a clinic's edited copy of the sub-workflow that answers each visit with the id of another (out of order)
		const broken = await clinic.workflow(setup);
		broken.name = 'Clinic system (answers out of order)';
		for (const node of broken.nodes.filter((x: any) => ['Visit', 'Write status'].includes(x.name))) {
			const field = node.parameters.assignments.assignments.find((a: any) => a.name === 'visitId');
			field.value = "={{ $('Settings').all().map((i) => i.json.visitId).reverse()[$itemIndex] }}";
		}
		const brokenId = await setup.create(broken);
		if (!ctx.v1) await setup.activate(brokenId);
		const bind = async (id: string) => {
			setSetting(reminderWf!, 'clinicWorkflowId', id);
			await setup.update(reminderId, reminderWf!);
			await registered();
		};
		const startsBefore = (await startRequests()).length;
		const resultsBefore = (await clinic.resultCount());
		// the clinic is swapped before the rows exist: no tick with the right clinic ever sees them
		await bind(brokenId);
		try {
			const res = await rest('POST', `/projects/${projectId}/data-tables/${tableId}/insert`, {
				returnType: 'count',
				data: ids.map((visitId, i) => ({
					visitId,
					visitStart: at(open),
					timeZone: open,
					phone: `7912799001${i}`,
					...(i < 2
						? { status: 'due', attempts: 0, answered: false, nextAttemptMs: Date.now() - 60_000 }
						: { status: 'done', outcome: 'confirmed', attempts: 1, answered: true, resultState: 'pending' }),
				})),
			});
			assert(res.status < 300, `inserting the rows: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`);
			for (const [label, id] of [['answers out of order', brokenId], ['fails as a whole (no such workflow)', 'no-such-clinic-workflow']]) {
				if (id !== brokenId) await bind(id);
				const since = new Date().toISOString();
				// a clinic that cannot give the day's visits fails the tick, with its reason, after the calls and writes
				const whole = id !== brokenId;
				const tick = await runNow();
				assert(tick.status === (whole ? 500 : 200), `${label}: run now HTTP ${tick.status} ${JSON.stringify(tick.data).slice(0, 300)}`);
				// a tick beside Run now (the schedule; in queue mode on another worker) may still hold the result rows mid-write
				// (Claim write gave them to it): judge the rows once no write is in flight; one that never ends fails here
				const rows = await waitFor(`${label}: the result rows out of "writing"`, async () => {
					const now = (await ledger()).filter((r) => ids.includes(r.visitId));
					return now.some((r) => r.resultState === 'writing') ? undefined : now;
				}, 60_000);
				const wrong = rows
					.filter((r) => (r.visitId.includes('DUE') ? r.status !== 'due' || r.attempts !== 0 : r.resultState !== 'pending'))
					.map((r) => [r.visitId, r.status, r.attempts, r.outcome, r.resultState]);
				assert(rows.length === ids.length, `${label}: ledger rows ${JSON.stringify(rows.map((r) => r.visitId))} of ${ids.join(', ')} (inserted: ${JSON.stringify(res.data)})`);
				assert(wrong.length === 0, `${label}: rows changed ${JSON.stringify(wrong)}`);
				if (id === brokenId) {
					const errors = rows.filter((r) => r.visitId.includes('RESULT')).map((r) => String(r.resultError));
					assert(errors.every((e) => e.includes('answered for visit')), `${label}: resultError ${JSON.stringify(errors)}`);
				}
				let ticks: Array<Record<string, any>> = [];
				const mine = await waitFor(`${label}: the run-now execution`, async () => {
					ticks = ((await api('GET', `/executions?workflowId=${reminderId}&includeData=true&limit=20`)).data?.data ?? []) as Array<Record<string, any>>;
					const sinceThen = ticks.filter((e) => e.startedAt >= since);
					return sinceThen.every((e) => e.stoppedAt) ? sinceThen.find((e) => e.data?.resultData?.runData?.['Run now']) : undefined;
				});
				// the every-minute schedule can tick beside Run now and claim the result rows first (Claim write lets one
				// execution have them): the nodes either tick ran count
				const ran = [...new Set(ticks.filter((e) => e.startedAt >= since).flatMap((e) => Object.keys(e.data?.resultData?.runData ?? {})))];
				// the result rows were tried before (the answers for other visits): their recheck read fails first
				for (const node of ['Clinic system down: next tick', ...(id === brokenId ? ['Record write'] : ['Clinic system down: check next tick'])])
					assert(ran.includes(node), `${label}: the tick did not reach "${node}" (ran: ${ran.join(', ')})`);
				const message = String(mine.data?.resultData?.error?.message ?? '');
				assert(
					whole ? mine.status === 'error' && message.startsWith('The clinic system did not give the visits to remind: ') : mine.status === 'success',
					`${label}: the tick ended ${mine.status}: ${message}`,
				);
			}
			assert((await startRequests()).length === startsBefore, 'a call was started');
			const resultsAfter = (await clinic.resultCount());
			assert(resultsAfter === resultsBefore, `the clinic got ${resultsAfter - resultsBefore} results`);
		} finally {
			// the rows go before the right clinic comes back: it would withdraw them (they are not in the clinic)
			for (const visitId of ids) await rest('DELETE', `${rowsUrl}?filter=${byId(visitId)}`);
			await bind(clinicId);
		}
		log('        2 due visits not dialled and 2 results kept pending, for both; the tick with no clinic failed, saying why');
	});
	// what the report check (tests/e2e/report.ts) needs to judge its page against the sandbox
	return {
		projectId,
		tableId,
		cookie,
		campaign: CAMPAIGN,
		visits: visits.map((v) => ({ id: v.id, phone: v.phone ?? '' })),
		reminderId,
		reminderWf: reminderWf!,
		date,
		zone: open,
	};
}

/** The run the reminder checks leave behind: the ledger, the owner's session, the visits and their phones. */
export interface ReminderRun {
	projectId: string;
	tableId: string;
	cookie: string;
	campaign: string;
	visits: Array<{ id: string; phone: string }>;
	/** the reminder workflow and its bound JSON (what a clinic edits and saves again) */
	reminderId: string;
	reminderWf: Workflow;
	/** tomorrow in the clinic's zone (the day the visits are for) and a patient zone whose window is open */
	date: string;
	zone: string;
}
