/**
 * Status callbacks (MTT Voicebox Trigger): 1/2/3 are the patient's answer (Record answer wins once), 4/5 plan the
 * next attempt (Record call result applies while the row is still calling this attempt).
 */
import {
	callWorkflow,
	type Graph,
	ifNode,
	noOp,
	setNode,
	stopAndError,
	switchNode,
	tableGet,
	tableUpdate,
} from '../build';
import { planValues } from './ledgerValues';
import { ANSWERED, ENTRY, LEDGER, planNode, SETTINGS } from './shared';

export function addStatusCallbacks(graph: Graph, route: string): void {
	const findRow = addFindRow(graph);
	const answerPath = addAnswerPath(graph);
	const callResult = addCallResult(graph);
	graph.link(route, findRow.callStatus, ENTRY.callStatus);
	graph.chain(findRow.callStatus, findRow.find, findRow.withRow, findRow.kind);
	graph.link(findRow.kind, findRow.unknownCall, 0);
	graph.link(findRow.kind, answerPath.answer, 1);
	graph.link(findRow.kind, callResult.planCall, 2);
	graph.link(findRow.kind, findRow.unknownCode, 3);
	graph.link(answerPath.answer, answerPath.answerOk);
	graph.link(answerPath.answerOk, answerPath.askedForPerson, 0);
	graph.link(answerPath.askedForPerson, answerPath.operatorRequest, 0);
	graph.link(answerPath.askedForPerson, answerPath.answerNew, 1);
	graph.link(answerPath.operatorRequest, answerPath.tellOperator);
	graph.link(answerPath.answerOk, answerPath.direct, 1);
	graph.link(answerPath.answerOk, answerPath.answerRepeat, 2);
	graph.link(answerPath.answer, answerPath.direct, 1);
	graph.chain(answerPath.direct, answerPath.writeDirect, answerPath.tookDirect);
	graph.link(answerPath.tookDirect, answerPath.keptInClinic, 0);
	graph.link(answerPath.tookDirect, answerPath.lostAnswer, 1);
	graph.link(callResult.planCall, callResult.pickupLast);
	graph.link(callResult.pickupLast, callResult.waitAnswer, 0);
	graph.link(callResult.pickupLast, callResult.recordCall, 1);
	graph.link(callResult.recordCall, callResult.callOk);
	graph.link(callResult.callOk, callResult.callNew, 0);
	graph.link(callResult.callOk, callResult.callStale, 1);
}

/** Call status → Find ledger row (by guid or a known call id) → Which status? */
function addFindRow(graph: Graph) {
	graph.note(
		'Status note',
		[-120, 1600],
		2000,
		220,
		`### Call status / Статус звонка
The row is found by guid (visit id + attempt) or by a call id the ledger saw. 1/2/3: *Record answer* wins once (answered = false), even after a 4, a sweep or for an earlier attempt; repeats change nothing. 4/5: *Plan after call* decides; *Record call result* applies only while the row is still calling this attempt. A pickup 4 on the last attempt waits for the answer (the sweep closes it). Unknown call ids and codes end in their own nodes, nothing crashes. If the ledger cannot take an answer (Data Table size limit, database error), it is written to the clinic system directly and the execution fails (the callback gets 500); the re-read before any further call finds it there.

Строка ищется по guid (id визита + попытка) или по известному id звонка. 1/2/3: *Record answer* срабатывает один раз, даже после 4, подчистки или для прежней попытки; повторы ничего не меняют. 4/5: *Plan after call* решает; *Record call result* применяется, только пока строка «звонит» по этой попытке. 4 на последней попытке ждёт ответа. Неизвестные id звонка и коды уходят в отдельные узлы. Если журнал не принял ответ (предел размера Data Tables, ошибка базы), ответ пишется прямо в МИС, выполнение завершается ошибкой (сценарий получает 500); перед следующим звонком перечитывание найдёт его там.`,
	);
	const callStatus = graph.add(
		setNode(
			'Call status',
			[-80, 1960],
			[
				['guid', 'string', "={{ String($json.guid ?? '') }}"],
				['callId', 'string', "={{ String($json.callId ?? '') }}"],
				['code', 'number', '={{ $json.code }}'],
				['outcome', 'string', "={{ String($json.outcome ?? '') }}"],
				['answer', 'boolean', '={{ $json.final === true }}'],
				[
					'retry',
					'boolean',
					`={{ $json.retryable === true || $json.provisional === true || $json.code === ${SETTINGS}.pickupCode }}`,
				],
				[
					'provisional',
					'boolean',
					`={{ $json.provisional === true || $json.code === ${SETTINGS}.pickupCode }}`,
				],
				[
					'guidVisitId',
					'string',
					"={{ /-\\d+$/.test(String($json.guid ?? '')) ? String($json.guid).replace(/-\\d+$/, '') : '' }}",
				],
				[
					'guidAttempt',
					'number',
					"={{ /-\\d+$/.test(String($json.guid ?? '')) ? Number(String($json.guid).match(/-(\\d+)$/)[1]) : 0 }}",
				],
			],
		),
	);
	const find = graph.add({
		...tableGet(
			'Find ledger row',
			[160, 1960],
			LEDGER,
			[
				['visitId', 'eq', "$json.guidVisitId || '(no guid)'"],
				['callIds', 'like', "'%:' + ($json.callId || '(no call id)') + '|%'"],
			],
			'any',
			'1',
		),
		alwaysOutputData: true,
	});
	const CALL_STATUS = "$('Call status').item.json";
	const withRow = graph.add(
		setNode(
			'Status with row',
			[400, 1960],
			[
				['visitId', 'string', "={{ $json.visitId || '' }}"],
				[
					'attempt',
					'number',
					`={{ ${CALL_STATUS}.guidAttempt || Number((String($json.callIds || '').split('|').find((t) => t.endsWith(':' + ${CALL_STATUS}.callId)) || '0:').split(':')[0]) }}`,
				],
				['code', 'number', `={{ ${CALL_STATUS}.code }}`],
				['outcome', 'string', `={{ ${CALL_STATUS}.outcome }}`],
				['callId', 'string', `={{ ${CALL_STATUS}.callId }}`],
				['answer', 'boolean', `={{ ${CALL_STATUS}.answer }}`],
				['retry', 'boolean', `={{ ${CALL_STATUS}.retry }}`],
				['provisional', 'boolean', `={{ ${CALL_STATUS}.provisional }}`],
				['timeZone', 'string', "={{ $json.timeZone || '' }}"],
				['visitStart', 'string', "={{ $json.visitStart || '' }}"],
			],
		),
	);
	const kind = graph.add(
		switchNode(
			'Which status?',
			[640, 1960],
			[
				['unknown call', '!$json.visitId'],
				['answer', '$json.answer'],
				['no answer yet', '$json.retry'],
			],
			'unknown code',
		),
	);
	const unknownCall = graph.add(noOp('Unknown call (reported, ignored)', [880, 1800]));
	const unknownCode = graph.add(noOp('Unknown code (reported, ignored)', [880, 2300]));
	return { callStatus, find, withRow, kind, unknownCall, unknownCode };
}

/** 1/2/3: Record answer once; an operator request is told to staff now; a ledger that cannot take it → the clinic. */
function addAnswerPath(graph: Graph) {
	// output 1: the ledger could not take the answer (Data Table size limit, database error)
	const answer = graph.add({
		...tableUpdate(
			'Record answer',
			[880, 1940],
			LEDGER,
			[
				['visitId', 'eq', '$json.visitId'],
				['answered', 'isFalse'],
			],
			{
				answered: 'true',
				status: "'done'",
				outcome: '$json.outcome',
				lastCode: '$json.code',
				callId: '$json.callId',
				nextAttemptMs: 'null',
				nextAttemptAt: 'null',
				reason:
					"'answered ' + $json.outcome + ' (code ' + $json.code + ') on attempt ' + $json.attempt",
				resultState: "'pending'",
			},
			true,
		),
		onError: 'continueErrorOutput',
	});
	// the changed row (done, answered) / nothing changed (an empty item: a repeat or a later answer) / the input item
	// back: n8n 2.x's Data Table node, continuing on a failure that is not an API error (the size limit), passes the
	// input on through its main output with no error at all; 1.x sends it to the error output
	const answerOk = graph.add(
		switchNode(
			'Answer recorded?',
			[1120, 1940],
			[
				['recorded', "$json.answered === true && $json.status === 'done'"],
				['ledger did not take it', '!!$json.visitId || !!$json.error'],
			],
			'repeat or later answer',
		),
	);
	// one callback per execution: first() is that callback's answer
	const STATUS_OF_CALLBACK = "$('Status with row').first().json";
	const direct = graph.add(
		setNode(
			'Answer to clinic directly',
			[1120, 2520],
			[
				['action', 'string', 'writeResult'],
				['visitId', 'string', `={{ ${STATUS_OF_CALLBACK}.visitId }}`],
				['outcome', 'string', `={{ ${STATUS_OF_CALLBACK}.outcome }}`],
				['code', 'string', `={{ String(${STATUS_OF_CALLBACK}.code) }}`],
				['attempts', 'number', `={{ ${STATUS_OF_CALLBACK}.attempt }}`],
				['callId', 'string', `={{ ${STATUS_OF_CALLBACK}.callId }}`],
				[
					'note',
					'string',
					"={{ 'written by the status callback: the ledger could not record it (' + String(($json.error && ($json.error.message || $json.error)) || 'n8n gave no reason').slice(0, 300) + ')' }}",
				],
			],
		),
	);
	const writeDirect = graph.add(
		callWorkflow('Write answer to clinic', [1360, 2520], `${SETTINGS}.clinicWorkflowId`),
	);
	const tookDirect = graph.add(
		ifNode('Clinic took the answer?', [1600, 2520], `${ANSWERED} && $json.written === true`),
	);
	const DIRECT_ANSWER = "$('Answer to clinic directly').first().json";
	const keptInClinic = graph.add(
		stopAndError(
			'Answer kept in clinic system only',
			[1840, 2460],
			`=The ledger could not record the answer of visit {{ ${DIRECT_ANSWER}.visitId }} ({{ ${DIRECT_ANSWER}.outcome }}, code {{ ${DIRECT_ANSWER}.code }}); it was written to the clinic system directly, and the reminder takes it from there before any further call. {{ ${DIRECT_ANSWER}.note }}. Free Data Table space or fix the database (docs/operations.md, A year of operation).`,
		),
	);
	const lostAnswer = graph.add(
		stopAndError(
			'Answer not recorded: tell staff',
			[1840, 2600],
			`=Patient answer NOT recorded: visit {{ ${DIRECT_ANSWER}.visitId }} answered {{ ${DIRECT_ANSWER}.outcome }} (code {{ ${DIRECT_ANSWER}.code }}, call {{ ${DIRECT_ANSWER}.callId }}). Neither the ledger ({{ ${DIRECT_ANSWER}.note }}) nor the clinic system ({{ $json.error ? String($json.error.message || $json.error) : 'HTTP ' + $json.statusCode }}) took it: enter it in the clinic system by hand.`,
		),
	);
	const answerNew = graph.add(noOp('Answer recorded', [1600, 1800]));
	// the patient asked for a person: staff hear it now, not at the next tick (Staff alerts claims it once per visit)
	const askedForPerson = graph.add(
		ifNode(
			'Asked for a person?',
			[1360, 1860],
			`$json.outcome === 'operator' && !!${SETTINGS}.staffAlertsWorkflowId`,
		),
	);
	const operatorRequest = graph.add(
		setNode(
			'Operator request',
			[1600, 1640],
			[
				['kind', 'string', 'operator'],
				['visitId', 'string', '={{ $json.visitId }}'],
			],
		),
	);
	const tellOperator = graph.add(
		callWorkflow('Tell staff now', [1840, 1640], `${SETTINGS}.staffAlertsWorkflowId`, false),
	);
	const answerRepeat = graph.add(noOp('Repeat or later answer (ignored)', [1360, 2020]));
	return {
		answer,
		answerOk,
		direct,
		writeDirect,
		tookDirect,
		keptInClinic,
		lostAnswer,
		answerNew,
		askedForPerson,
		operatorRequest,
		tellOperator,
		answerRepeat,
	};
}

/** 4/5: Plan after call → wait for the answer (a pickup on the last attempt) or Record call result. */
function addCallResult(graph: Graph) {
	const planCall = graph.add(
		planNode('Plan after call', [880, 2140], {
			outcome: '$json.code',
			attemptsMade: '$json.attempt',
			timeZone: '$json.timeZone',
			visitStart: '$json.visitStart',
		}),
	);
	const STATUS_ROW = "$('Status with row').item.json";
	const pickupLast = graph.add(
		ifNode(
			'Pickup on the last attempt?',
			[1120, 2140],
			`${STATUS_ROW}.provisional && !!($json.final || $json.error || !$json.nextAttemptAt)`,
		),
	);
	const statusFilters: Array<[string, 'eq' | 'isFalse', string?]> = [
		['visitId', 'eq', `${STATUS_ROW}.visitId`],
		['attempts', 'eq', `${STATUS_ROW}.attempt`],
		['status', 'eq', "'calling'"],
		['answered', 'isFalse'],
	];
	const waitAnswer = graph.add(
		tableUpdate('Wait for the answer', [1360, 2120], LEDGER, statusFilters, {
			lastCode: `${STATUS_ROW}.code`,
			reason: "'picked up on the last attempt: waiting for the answer (the sweep closes it)'",
		}),
	);
	const recordCall = graph.add(
		tableUpdate(
			'Record call result',
			[1360, 2280],
			LEDGER,
			statusFilters,
			planValues({ lastCode: `${STATUS_ROW}.code` }),
			true,
		),
	);
	const callOk = graph.add(ifNode('Call result recorded?', [1600, 2280], '!!$json.visitId'));
	const callNew = graph.add(noOp('Call result recorded', [1840, 2200]));
	const callStale = graph.add(noOp('Repeat, late or stale status (ignored)', [1840, 2360]));
	return { planCall, pickupLast, waitAnswer, recordCall, callOk, callNew, callStale };
}
