/**
 * 3. Results: final rows are written to the clinic system through the Clinic system sub-workflow, each once
 * (Claim write), then Record write.
 */
import { callWorkflow, type Graph, ifNode, setNode, tableGet, tableUpdate } from '../build';
import { addGetVisit, ANSWERED, FIRST_OF_VISIT, LEDGER, mismatch, SETTINGS } from './shared';

/** `paused`: the "Calls paused?" IF of the dial section (its false output starts the writes). */
export function addResults(graph: Graph, paused: string): void {
	graph.note(
		'Results note',
		[-120, 560],
		1300,
		200,
		`### 3. Results to the clinic system / Результаты в МИС
Final rows (confirmed, cancelled, operator, unreached, skipped → "failed" with the reason) go through *Clinic system*, each written **once**: *Claim write* turns pending into writing only for one execution (all conditions; overlapping ticks that lost write nothing), the write follows, then *Record write*. A clinic system that is down is retried on the next tick; a refusal (4xx) is kept in resultError. A claim whose tick died is released after *staleWriteMinutes* by the sweep; a write tried before (*Tried before?*) first asks the clinic system, and one it already holds is recorded, not sent again. Unreached only flags the visit for staff.

Итог (подтвердил, отменил, оператор, не дозвонились, пропущен → "failed" с причиной) уходит в МИС через *Clinic system* **один раз**: *Claim write* переводит pending в writing только для одного запуска, затем запись и *Record write*. Если МИС недоступна — повтор на следующем тике; отказ (4xx) сохраняется в resultError. Захват упавшего тика снимается через *staleWriteMinutes*; повторную запись (*Tried before?*) сначала сверяют с МИС — уже записанный итог не отправляется второй раз. Недозвон только отмечает визит для администратора.`,
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
	const WRITE_CLAIM = "$('Won the write claim?').item.json";
	const OUTCOME = `(${WRITE_CLAIM}.outcome === 'skipped' ? 'failed' : ${WRITE_CLAIM}.outcome)`;
	const recheck = addRecheck(graph, WRITE_CLAIM, OUTCOME);
	const resultReq = graph.add(
		setNode(
			'Result for clinic',
			[560, 820],
			[
				['action', 'string', 'writeResult'],
				['visitId', 'string', `={{ ${WRITE_CLAIM}.visitId }}`],
				['outcome', 'string', `={{ ${OUTCOME} }}`],
				[
					'code',
					'string',
					`={{ ${WRITE_CLAIM}.lastCode === null || ${WRITE_CLAIM}.lastCode === undefined ? '' : String(${WRITE_CLAIM}.lastCode) }}`,
				],
				['attempts', 'number', `={{ ${WRITE_CLAIM}.attempts || 0 }}`],
				['callId', 'string', `={{ ${WRITE_CLAIM}.callId || '' }}`],
				[
					'note',
					'string',
					`={{ ${WRITE_CLAIM}.outcome === 'skipped' ? 'skipped: ' + ${WRITE_CLAIM}.reason : String(${WRITE_CLAIM}.reason || '') }}`,
				],
			],
		),
	);
	const write = graph.add(
		callWorkflow('Write to clinic', [720, 820], `${SETTINGS}.clinicWorkflowId`),
	);
	const wrote = graph.add(ifNode('Clinic answered the write?', [880, 820], ANSWERED));
	const recordWrite = graph.add(
		tableUpdate(
			'Record write',
			[1040, 740],
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
		...tableUpdate('Clinic system down: write next tick', [1040, 900], LEDGER, mine, {
			resultState: "'pending'",
			resultError:
				"'the clinic system did not answer: ' + String($json.error ? $json.error.message || $json.error : '')",
		}),
		executeOnce: true,
	});
	// paused: no result is written either (a write cut by the restart would be repeated)
	graph.link(paused, results, 1);
	graph.chain(results, claimWrite, wonWrite, recheck.tried);
	graph.link(recheck.tried, recheck.lookup, 0);
	graph.link(recheck.tried, resultReq, 1);
	graph.chain(recheck.answered, recheck.held, recheck.found);
	graph.link(recheck.answered, recheck.later, 1);
	graph.link(recheck.held, resultReq, 1);
	graph.chain(resultReq, write, wrote, recordWrite);
	graph.link(wrote, writeLater, 1);
}

// only while this execution still holds the claim: a late answer (pending again) or a takeover is left alone
const mine: Array<[string, 'eq', string]> = [
	['resultState', 'eq', "'writing'"],
	['writeClaim', 'eq', 'String($execution.id)'],
];

/**
 * A row with a resultError was tried before and its answer never recorded (a tick that died, a clinic that failed
 * mid-batch, an answer for another visit): the clinic system may hold it already. Ask first (getVisit's
 * reminderOutcome) and write only when it does not, so a clinic that refuses a repeat is never sent one.
 */
function addRecheck(graph: Graph, claim: string, outcome: string) {
	const tried = graph.add(ifNode('Tried before?', [400, 820], '!!$json.resultError'));
	const { lookup, read, answered } = addGetVisit(
		graph,
		{ lookup: 'Result lookup', read: 'Read back result', answered: 'Clinic answered the read?' },
		[
			[480, 1000],
			[640, 1000],
			[800, 1000],
		],
	);
	const held = graph.add(
		ifNode(
			'Clinic holds this result?',
			[960, 960],
			`!${mismatch(claim)} && String($json.reminderOutcome || '') === ${outcome}`,
		),
	);
	const found = graph.add(
		tableUpdate(
			'Record found written',
			[1120, 960],
			LEDGER,
			[['visitId', 'eq', `${claim}.visitId`], ...mine],
			{
				resultState: "'written'",
				resultError: `'found in the clinic system before writing again (' + ${claim}.resultError + '): not sent twice'`,
			},
		),
	);
	// the sub-workflow failed as a whole: this execution's rechecked claims wait for the next tick, not the fresh ones
	const later = graph.add({
		...tableUpdate(
			'Clinic system down: check next tick',
			[960, 1120],
			LEDGER,
			[...mine, ['resultError', 'isNotEmpty']],
			{ resultState: "'pending'" },
		),
		executeOnce: true,
	});
	return { tried, lookup, read, answered, held, found, later };
}
