/**
 * 3. Results: final rows are written to the clinic system through the Clinic system sub-workflow, each once
 * (Claim write), then Record write.
 */
import { callWorkflow, type Graph, ifNode, setNode, tableGet, tableUpdate } from '../build';
import { ANSWERED, FIRST_OF_VISIT, LEDGER, mismatch, SETTINGS } from './shared';

/** `paused`: the "Calls paused?" IF of the dial section (its false output starts the writes). */
export function addResults(graph: Graph, paused: string): void {
	graph.note(
		'Results note',
		[-120, 560],
		1300,
		200,
		`### 3. Results to the clinic system / Результаты в МИС
Final rows (confirmed, cancelled, operator, unreached, skipped → "failed" with the reason) go through *Clinic system*, each written **once**: *Claim write* turns pending into writing only for one execution (all conditions; overlapping ticks that lost write nothing), the write follows, then *Record write*. A clinic system that is down is retried on the next tick; a refusal (4xx) is kept in resultError. A claim whose tick died is released after *staleWriteMinutes* by the sweep. Unreached only flags the visit for staff.

Итог (подтвердил, отменил, оператор, не дозвонились, пропущен → "failed" с причиной) уходит в МИС через *Clinic system* **один раз**: *Claim write* переводит pending в writing только для одного запуска, затем запись и *Record write*. Если МИС недоступна — повтор на следующем тике; отказ (4xx) сохраняется в resultError. Захват упавшего тика снимается через *staleWriteMinutes*. Недозвон только отмечает визит для администратора.`,
	);
	const results = graph.add(
		tableGet(
			'Results to write',
			[-80, 820],
			LEDGER,
			[
				['status', 'eq', "'done'"],
				['resultState', 'eq', "'pending'"],
			],
			'all',
			`${SETTINGS}.batchSize`,
		),
	);
	// the write's own claim: of two ticks that read the same pending row, only one gets it back from this update
	const claimWrite = graph.add(
		tableUpdate(
			'Claim write',
			[80, 820],
			LEDGER,
			[
				['visitId', 'eq', '$json.visitId'],
				['status', 'eq', "'done'"],
				['resultState', 'eq', "'pending'"],
			],
			{
				resultState: "'writing'",
				writeClaim: 'String($execution.id)',
				writeClaimMs: '$now.toMillis()',
			},
		),
	);
	// a Postgres race can leave two rows for one visit: one claim changes both, so write the first of each visit
	const wonWrite = graph.add(ifNode('Won the write claim?', [240, 820], FIRST_OF_VISIT));
	const resultReq = graph.add(
		setNode(
			'Result for clinic',
			[400, 820],
			[
				['action', 'string', 'writeResult'],
				['visitId', 'string', '={{ $json.visitId }}'],
				['outcome', 'string', "={{ $json.outcome === 'skipped' ? 'failed' : $json.outcome }}"],
				[
					'code',
					'string',
					"={{ $json.lastCode === null || $json.lastCode === undefined ? '' : String($json.lastCode) }}",
				],
				['attempts', 'number', '={{ $json.attempts || 0 }}'],
				['callId', 'string', "={{ $json.callId || '' }}"],
				[
					'note',
					'string',
					"={{ $json.outcome === 'skipped' ? 'skipped: ' + $json.reason : String($json.reason || '') }}",
				],
			],
		),
	);
	const write = graph.add(
		callWorkflow('Write to clinic', [560, 820], `${SETTINGS}.clinicWorkflowId`),
	);
	const wrote = graph.add(ifNode('Clinic answered the write?', [720, 820], ANSWERED));
	const WRITE_CLAIM = "$('Won the write claim?').item.json";
	// only while this execution still holds the claim: a late answer (pending again) or a takeover is left alone
	const mine: Array<[string, 'eq', string]> = [
		['resultState', 'eq', "'writing'"],
		['writeClaim', 'eq', 'String($execution.id)'],
	];
	const recordWrite = graph.add(
		tableUpdate(
			'Record write',
			[880, 760],
			LEDGER,
			[['visitId', 'eq', `${WRITE_CLAIM}.visitId`], ...mine],
			{
				// an answer for another visit proves nothing: the result stays pending, with the reason
				resultState: `${mismatch(WRITE_CLAIM)} ? 'pending' : $json.written ? 'written' : ($json.statusCode >= 400 && $json.statusCode < 500 ? 'refused' : 'pending')`,
				resultError: `${mismatch(WRITE_CLAIM)} || ($json.written ? null : String($json.error || ('HTTP ' + $json.statusCode)))`,
			},
		),
	);
	// the sub-workflow failed as a whole (one {error} item): every claim of this execution goes back to pending
	const writeLater = graph.add({
		...tableUpdate('Clinic system down: write next tick', [880, 900], LEDGER, mine, {
			resultState: "'pending'",
			resultError:
				"'the clinic system did not answer: ' + String($json.error ? $json.error.message || $json.error : '')",
		}),
		executeOnce: true,
	});
	// paused: no result is written either (a write cut by the restart would be repeated)
	graph.link(paused, results, 1);
	graph.chain(results, claimWrite, wonWrite, resultReq, write, wrote, recordWrite);
	graph.link(wrote, writeLater, 1);
}
