/**
 * 1. Sweep: calls with no status after sweepMinutes count as "no answer"; write claims of a tick that died are
 * released after staleWriteMinutes.
 */
import { type Graph, tableGet, tableUpdate } from '../build';
import { minutesAgo } from '../expressions';
import { planValues } from './ledgerValues';
import { ENTRY, LEDGER, SETTINGS, planNode } from './shared';

export function addSweep(graph: Graph, route: string): void {
	graph.note(
		'Sweep note',
		[-120, -760],
		1000,
		200,
		`### 1. Sweep silent calls / Подчистка
A call with no status after *sweepMinutes* (lost callback, failed or timed-out start) counts as "no answer" and gets the next attempt or ends as unreached. The update only applies while the row is still calling this attempt, so a late status and the sweep never both act. A result write claimed by a tick that died (n8n restarted mid-write) is released after *staleWriteMinutes* and written on a later tick.

Звонок без статуса дольше *sweepMinutes* (потерянный статус, ошибка или таймаут запуска) считается недозвоном. Обновление срабатывает, только пока строка ещё «звонит» по этой попытке. Запись результата, захваченная упавшим тиком, освобождается через *staleWriteMinutes*.`,
	);
	const silent = graph.add(
		tableGet(
			'Calls with no status',
			[-80, -520],
			LEDGER,
			[
				['status', 'eq', "'calling'"],
				['callStartedMs', 'lte', minutesAgo('sweepMinutes')],
			],
			'all',
		),
	);
	const planSilent = graph.add(
		planNode('Plan after silence', [160, -520], {
			outcome: '$json.lastCode || 5',
			attemptsMade: '$json.attempts',
			timeZone: '$json.timeZone',
			visitStart: '$json.visitStart',
		}),
	);
	const closeSilent = graph.add(
		tableUpdate(
			'Close silent call',
			[400, -520],
			LEDGER,
			[
				['visitId', 'eq', "$('Calls with no status').item.json.visitId"],
				['attempts', 'eq', "$('Calls with no status').item.json.attempts"],
				['status', 'eq', "'calling'"],
				['answered', 'isFalse'],
			],
			planValues({
				lastCode: "$('Calls with no status').item.json.lastCode || 5",
				reason: `'no status within ' + ${SETTINGS}.sweepMinutes + ' min: ' + String($json.error || $json.reason || '')`,
			}),
		),
	);
	// a write claimed by a tick that died before recording it goes back to pending (docs/architecture.md, "The
	// reminder ledger": a stale claim is taken over after a timeout); longer than the sub-workflow's request timeout,
	// so a slow write is not taken over
	const staleWrites = graph.add(
		tableUpdate(
			'Release stale write claims',
			[640, -520],
			LEDGER,
			[
				['resultState', 'eq', "'writing'"],
				['writeClaimMs', 'lte', minutesAgo('staleWriteMinutes')],
			],
			{
				resultState: "'pending'",
				resultError: `'the tick that claimed this write stopped before recording it; released after ' + ${SETTINGS}.staleWriteMinutes + ' min'`,
			},
		),
	);
	graph.link(route, silent, ENTRY.tick);
	graph.link(route, staleWrites, ENTRY.tick);
	graph.chain(silent, planSilent, closeSilent);
}
