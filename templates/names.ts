/**
 * Names the templates share with their setup (npm start, the e2e suite, workflows/README.md): file names, fixed
 * webhook ids, the ledger table and its columns.
 */
import type { ColumnType } from './build';

export const TEMPLATE_FILES = {
	clinicSystem: 'clinic-system.json',
	appointmentReminder: 'appointment-reminder.json',
	missedCallCallback: 'missed-call-callback.json',
	saleTagging: 'sale-tagging.json',
	incomingCall: 'incoming-call-screen-pop.json',
	interactiveRouting: 'interactive-routing.json',
	reminderReport: 'reminder-report.json',
	staffAlerts: 'staff-alerts.json',
};

/**
 * Drop-in variants of the Clinic system sub-workflow: the same actions and output fields for another kind of clinic
 * system. Not set up by `npm run setup` (a clinic picks one and binds it as *clinicWorkflowId*).
 */
export const CLINIC_SYSTEM_VARIANTS = {
	/** n8n's Postgres node over workflows/clinic-postgres.sql */
	postgres: 'clinic-system-postgres.json',
};

/** The reminder report's page (GET, n8n's Basic Auth) and the credential it names. */
export const REPORT_WEBHOOK = '8f7d56d5-b066-4e7c-82fd-725cc86be3c5';
export const REPORT_CREDENTIAL = 'Reminder report access';
/**
 * The report's *Clean up now* webhook (POST, the same Basic Auth): keeps finished days' totals, then removes old
 * final rows, as its nightly schedule does; answers what it kept and removed.
 */
export const REPORT_CLEANUP_WEBHOOK = '3c9b7e12-6a4d-4f58-9e21-7d0c5b8a1f36';

/** Fixed webhook ids: stable URLs to paste into Voicebox's HTTP blocks (a re-import keeps them). */
export const REMINDER_WEBHOOKS = {
	voiceboxStatus: '6f1d3c2a-9b8e-4d7f-a1c2-3e4f5a6b7c8d',
	runNow: '2b7e4a91-5c3d-4f6e-8a9b-0c1d2e3f4a5b',
	/** GET: whether calls are paused and how many are still in flight (the drain before a restart) */
	drainStatus: '9a4f2c7e-1b3d-4e5f-8a6b-7c8d9e0f1a2b',
};

/** Fixed webhook ids of the call-routing templates: the URLs pasted into the CoMagic cabinet and scenario. */
export const ROUTING_WEBHOOKS = {
	screenPop: '8a3c5e71-2d4f-4b6a-9c8e-1f0a2b3c4d5e',
	interactive: '4d9e2f6a-7b1c-4e3d-8f5a-6b7c8d9e0f1a',
};

export const LEDGER_TABLE_NAME = 'reminder_ledger';

/** Columns of the ledger table, in the order workflows/README.md lists them. */
export const LEDGER_COLUMNS: Record<string, ColumnType> = {
	visitId: 'string',
	visitStart: 'string',
	timeZone: 'string',
	phone: 'string',
	status: 'string',
	attempts: 'number',
	answered: 'boolean',
	nextAttemptMs: 'number',
	nextAttemptAt: 'string',
	callGuid: 'string',
	callId: 'string',
	callIds: 'string',
	callStartedMs: 'number',
	lastCode: 'number',
	startError: 'string',
	outcome: 'string',
	reason: 'string',
	claim: 'string',
	resultState: 'string',
	resultError: 'string',
	writeClaim: 'string',
	writeClaimMs: 'number',
	patientName: 'string',
	doctor: 'string',
	specialty: 'string',
	/** Staff alerts: '' = not told yet, `sending <execution> <kind>` = claimed, `sent` = told */
	staffAlert: 'string',
	staffAlertMs: 'number',
};

/** Missed-call callback: its *Run now* webhook (a tick on demand). */
export const CALLBACK_WEBHOOKS = {
	runNow: '7c2e9f14-3a6b-4d8e-9f01-2b3c4d5e6f70',
};

export const CALLBACK_TABLE_NAME = 'missed_call_callbacks';

/** One row per lost call that needed a callback; an empty status means "waiting for a callback". */
export const CALLBACK_COLUMNS: Record<string, ColumnType> = {
	lostCallId: 'string',
	phone: 'string',
	lostAt: 'string',
	status: 'string',
	reason: 'string',
	claim: 'string',
	/** when the claim was taken (ms): a `calling` row older than staleClaimMinutes is taken over */
	claimedMs: 'number',
	calledAt: 'string',
	callSessionId: 'string',
	result: 'string',
	/** Staff alerts: a failed callback goes into the day's digest once (as in the ledger) */
	staffAlert: 'string',
	staffAlertMs: 'number',
};

/** Sale tagging: the webhook the clinic system posts paid visits to, and its clean-up on demand. */
export const SALE_WEBHOOKS = {
	paidVisit: '4e8a1b2c-5d6f-4a7b-8c9d-0e1f2a3b4c5e',
	/** *Clean up now* (POST, the same header secret): the nightly clean-up on demand; answers what it removed */
	cleanUp: 'b9d6537f-1b6a-415e-b56a-0e378c203cfc',
};

export const SALE_TABLE_NAME = 'sale_tags';

/** One row per paid visit: the claim that keeps a repeated post from tagging a second sale. */
export const SALE_COLUMNS: Record<string, ColumnType> = {
	visitId: 'string',
	phone: 'string',
	amount: 'number',
	paidAt: 'string',
	status: 'string',
	claim: 'string',
	/** when the claim was taken (ms): a `tagging` row older than staleClaimMinutes is taken over */
	claimedMs: 'number',
	communicationId: 'string',
	callStartedAt: 'string',
	saleId: 'string',
	reason: 'string',
};

/** Staff alerts: *Run now* (POST), the minute tick on demand. */
export const STAFF_ALERT_WEBHOOKS = {
	runNow: '5e1c7a93-8d2b-4f6a-b0c4-2a9e7d3f1b68',
};

/** The Data Table usage (of n8n's cap for all tables) from which the report page warns and Staff alerts tells staff. */
export const STORAGE_WARN_PERCENT = 80;

export const STAFF_ALERTS_TABLE_NAME = 'staff_alerts';

/**
 * One row per fault the staff were (or are about to be) told of, and one per day whose digest went out: the state
 * that sends each fault once, then again only after it cleared and came back.
 */
export const STAFF_ALERT_COLUMNS: Record<string, ColumnType> = {
	key: 'string',
	kind: 'string',
	/** open (seen, not told yet) → `sending <execution> fault` → sent → cleared */
	state: 'string',
	firstMs: 'number',
	lastMs: 'number',
	sentMs: 'number',
	/** tell staff only when the fault has lasted this long (ms) */
	afterMs: 'number',
	count: 'number',
	workflow: 'string',
	text: 'string',
	url: 'string',
	notifyClear: 'boolean',
};

/** Which columns a template's Data Table has, by the Settings field that holds the table id. */
export const TABLE_COLUMNS_BY_SETTING: Record<string, Record<string, ColumnType>> = {
	ledgerTableId: LEDGER_COLUMNS,
	callbackTableId: CALLBACK_COLUMNS,
	salesTableId: SALE_COLUMNS,
	alertsTableId: STAFF_ALERT_COLUMNS,
};
