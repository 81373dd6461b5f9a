/**
 * Names the templates share with their setup (npm start, the e2e suite, the README): file names, fixed webhook ids,
 * the ledger table and its columns.
 */
import type { ColumnType } from './build';

export const TEMPLATE_FILES = {
	clinicSystem: 'clinic-system.json',
	appointmentReminder: 'appointment-reminder.json',
};

/** Fixed webhook ids: stable URLs to paste into Voicebox's HTTP blocks (a re-import keeps them). */
export const REMINDER_WEBHOOKS = {
	voiceboxStatus: '6f1d3c2a-9b8e-4d7f-a1c2-3e4f5a6b7c8d',
	runNow: '2b7e4a91-5c3d-4f6e-8a9b-0c1d2e3f4a5b',
};

export const LEDGER_TABLE_NAME = 'reminder_ledger';

/** Columns of the ledger table, in the order the README lists them. */
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
};
