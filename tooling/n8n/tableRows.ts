/**
 * Realistic finished rows of the three template tables (the values the templates write), for measuring how many
 * bytes n8n counts per row (tooling/n8n/measureTables.ts) and for checking the report's usage estimate against n8n's
 * own figure (tests/e2e/report.ts).
 */
import { DateTime } from 'luxon';

type Row = Record<string, string | number | boolean | null>;

const at = (i: number, minutes = 0) =>
	DateTime.fromISO('2026-11-02T09:00:00', { zone: 'Europe/Moscow' })
		.plus({ minutes: 7 * i + minutes })
		.toISO() as string;
const ms = (i: number) => 1793080800000 + 420000 * i;
const phone = (i: number) => `79${String(160000000 + i * 37).slice(-9)}`;

export function sampleRows(
	table: 'ledger' | 'callbacks' | 'sales',
	count: number,
	tag = 'M',
): Row[] {
	return Array.from({ length: count }, (_, i): Row => {
		if (table === 'callbacks') {
			return {
				lostCallId: String(3120000000 + i),
				phone: phone(i),
				lostAt: at(i),
				status: 'called',
				reason: `callback started: operator 74993720692, then ${phone(i)}`,
				claim: String(40000 + i),
				claimedMs: ms(i),
				calledAt: at(i, 3),
				callSessionId: String(3120500000 + i),
				result: i % 3 ? 'answered' : 'not answered',
			};
		}
		if (table === 'sales') {
			return {
				visitId: `${tag}-S${String(100000 + i)}`,
				phone: phone(i),
				amount: 1500 + (i % 20) * 250,
				paidAt: at(i, 60),
				status: 'tagged',
				claim: String(50000 + i),
				claimedMs: ms(i),
				communicationId: String(3120000000 + i),
				callStartedAt: at(i, -120),
				saleId: String(780000 + i),
				reason: 'looking for the call',
			};
		}
		const attempts = 1 + (i % 3);
		return {
			visitId: `${tag}-V${String(100000 + i)}`,
			visitStart: at(i, 1440),
			timeZone: 'Europe/Moscow',
			phone: phone(i),
			status: 'done',
			attempts,
			answered: i % 5 !== 0,
			nextAttemptMs: null,
			nextAttemptAt: null,
			callGuid: `${tag}-V${String(100000 + i)}-${attempts}`,
			callId: String(880000 + i),
			callIds:
				Array.from({ length: attempts }, (_, a) => `|${a + 1}:${880000 + i + a}`).join('') + '|',
			callStartedMs: ms(i),
			lastCode: i % 5 ? 1 : 5,
			startError: null,
			outcome: i % 5 ? 'confirmed' : 'unreached',
			reason: `answered confirmed (code 1) on attempt ${attempts}`,
			claim: String(60000 + i),
			resultState: 'written',
			resultError: null,
			writeClaim: String(61000 + i),
			writeClaimMs: ms(i) + 60000,
			patientName: 'Иванова Анна Сергеевна',
			doctor: 'Петров П. П.',
			specialty: 'Терапевт',
		};
	});
}

/**
 * The order a template fills a row in: the fields its first upsert writes, then each later update (claim, call,
 * answer, result). A row written this way grows in place, as in a live table, and SQLite's pages end up less full
 * than after inserting finished rows: the bytes per row n8n counts are the live ones.
 */
export const LIFECYCLE: Record<'ledger' | 'callbacks' | 'sales', string[][]> = {
	ledger: [
		['visitId', 'visitStart', 'timeZone', 'phone', 'patientName', 'doctor', 'specialty'],
		[
			'status',
			'attempts',
			'answered',
			'callIds',
			'nextAttemptMs',
			'nextAttemptAt',
			'outcome',
			'reason',
			'resultState',
		],
		['callGuid', 'claim', 'callStartedMs', 'callId', 'startError'],
		['lastCode', 'resultError'],
		['writeClaim', 'writeClaimMs'],
	],
	callbacks: [
		['lostCallId', 'phone', 'lostAt'],
		['status', 'claim', 'claimedMs', 'calledAt', 'reason'],
		['callSessionId', 'result'],
	],
	sales: [
		['visitId'],
		['phone', 'amount', 'paidAt', 'status', 'claim', 'claimedMs', 'reason'],
		['communicationId', 'callStartedAt', 'saleId'],
	],
};

/** Values an update step writes to every row of a batch: the batch's first row's (same lengths as the others). */
export function lifecycleSteps(
	table: keyof typeof LIFECYCLE,
	rows: Row[],
): { insert: Row[]; updates: Row[] } {
	const [first, ...later] = LIFECYCLE[table];
	const pick = (row: Row, keys: string[]) =>
		Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));
	return {
		insert: rows.map((r) => pick(r, first)),
		updates: later.map((keys) => pick(rows[0], keys)),
	};
}
