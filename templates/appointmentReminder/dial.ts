/**
 * 2. Dial: due rows are re-read from the clinic system (all of a tick's visits in one call), then claimed and called
 * one visit at a time; a failed start is remembered (and a refused login told to staff), never re-sent.
 */
import {
	callWorkflow,
	type Graph,
	ifNode,
	noOp,
	PKG,
	setNode,
	switchNode,
	tableGet,
	tableUpdate,
} from '../build';
import { VOICEBOX_CREDENTIAL } from '../expressions';
import {
	addGetVisit,
	checkVisitNode,
	ENTRY,
	FIRST_OF_VISIT,
	LEDGER,
	mismatch,
	planFromNowNode,
	SETTINGS,
} from './shared';
import { PLAN_REASON, planValues } from './ledgerValues';

/** Adds the dial section after the entry switch `route`; returns the "Calls paused?" IF (the writes follow it). */
export function addDial(graph: Graph, route: string): string {
	const dueVisits = addRereadDueVisits(graph);
	const { retryLater, withdraw, fromClinic, skipFresh } = addNoCallUpdates(graph);
	const claimAndCall = addClaimAndCall(graph);
	const inWindow = addWindowCheck(graph);
	graph.link(route, dueVisits.paused, ENTRY.tick);
	graph.link(dueVisits.paused, dueVisits.pausedNote, 0);
	graph.link(dueVisits.paused, dueVisits.due, 1);
	graph.link(dueVisits.due, dueVisits.lookup);
	graph.chain(dueVisits.answered, dueVisits.validate, dueVisits.fresh, dueVisits.decide);
	graph.link(dueVisits.answered, retryLater, 1);
	graph.link(dueVisits.decide, retryLater, 0);
	graph.link(dueVisits.decide, fromClinic, 1);
	graph.link(dueVisits.decide, withdraw, 2);
	graph.link(dueVisits.decide, skipFresh, 3);
	graph.link(dueVisits.decide, withdraw, 4);
	graph.link(dueVisits.decide, claimAndCall.phrase, 5);
	graph.link(claimAndCall.phrase, claimAndCall.phraseOk);
	graph.link(claimAndCall.phraseOk, claimAndCall.each, 0);
	graph.link(claimAndCall.each, inWindow.windowCheck, 1);
	graph.link(inWindow.windowCheck, inWindow.callNow);
	graph.link(inWindow.callNow, claimAndCall.claim, 0);
	graph.link(inWindow.callNow, inWindow.notNow, 1);
	graph.link(claimAndCall.phraseOk, skipFresh, 1);
	graph.chain(claimAndCall.claim, claimAndCall.won);
	graph.link(claimAndCall.won, claimAndCall.call, 0);
	graph.link(claimAndCall.won, claimAndCall.lost, 1);
	graph.link(claimAndCall.call, claimAndCall.started);
	graph.link(claimAndCall.started, claimAndCall.remember, 0);
	graph.link(claimAndCall.started, claimAndCall.failed, 1);
	addLoginAlert(graph, claimAndCall.failed);
	// every path of one visit returns to the loop; the updates output an empty item when their filter matched nothing
	for (const back of [
		inWindow.notNow,
		claimAndCall.lost,
		claimAndCall.remember,
		claimAndCall.failed,
	])
		graph.link(back, claimAndCall.each);
	return dueVisits.paused;
}

/** Calls paused? → due rows → the clinic system's fresh copy of each → Dial? (why not, or dial). */
function addRereadDueVisits(graph: Graph) {
	graph.note(
		'Dial note',
		[-120, -300],
		3520,
		220,
		`### 2. Re-read, claim, dial / Проверка, захват, звонок
Each due visit is read again from the clinic system first (all of a tick's visits in one sub-workflow call): cancelled, moved to another day or with bad data → no call; clinic system down → tried again next tick. Then, one visit at a time, *Window open now?* plans again from this moment: a tick that comes late (n8n busy, restarted or down) outside the patient's calling window, or too close to the visit, calls nobody; the row waits for the next slot (*Not now*) or ends unreached. *Claim row* changes the row only while it is still due with the attempts it was read with (all conditions); the node outputs only rows it changed, so an overlapping tick that lost dials nothing. Each claim is followed at once by its own call, so n8n dying mid-tick can waste at most one attempt. A start that fails (5xx, 401, 400, timeout) still counts and is never re-sent: the sweep settles it.

Сначала визиты перечитываются в МИС (все визиты тика одним вызовом подпроцесса): отменён, перенесён на другой день или с ошибкой в данных — звонка нет; МИС недоступна — повтор на следующем тике. Затем по одному визиту *Window open now?* заново планирует от текущего момента: если тик опоздал (n8n занят, перезапускался или был выключен) и окно звонков пациента уже закрыто или до визита слишком мало времени, звонка нет — строка ждёт следующего окна (*Not now*) или завершается как «не дозвонились». *Claim row* меняет строку, только если она всё ещё ждёт звонка с тем же числом попыток; проигравший параллельный запуск не звонит. За каждым захватом сразу идёт свой звонок: падение n8n посреди тика стоит не больше одной попытки. Неудачный запуск засчитывается как попытка и не повторяется вслепую.`,
	);
	// the drain before a restart (workflows/README.md, Running for a year): calls in flight finish, nothing new is
	// dialled and no result written; the sweep, the import and status callbacks still run
	const paused = graph.add(ifNode('Calls paused?', [-240, 120], `${SETTINGS}.pauseCalls === true`));
	const pausedNote = graph.add(
		noOp('Paused: no new calls or writes (Settings → pauseCalls)', [-80, -180]),
	);
	const due = graph.add(
		tableGet(
			'Due rows',
			[-80, -20],
			LEDGER,
			[
				['status', 'eq', "'due'"],
				['nextAttemptMs', 'lte', '$now.toMillis()'],
			],
			'all',
			`${SETTINGS}.batchSize`,
		),
	);
	// a sub-workflow that failed as a whole answers one {error} item for all the visits: none of them is dialled
	const {
		lookup,
		read: reread,
		answered,
	} = addGetVisit(
		graph,
		{ lookup: 'Visit lookup', read: 'Re-read visit', answered: 'Clinic answered?' },
		[
			[120, -20],
			[320, -20],
			[520, -20],
		],
	);
	const validate = graph.add(checkVisitNode('Validate fresh visit', [620, -160]));
	const DUE_ROW = "$('Due rows').item.json";
	const fresh = graph.add(
		setNode(
			'Check fresh visit',
			[720, -20],
			[
				['visitId', 'string', `={{ ${DUE_ROW}.visitId }}`],
				['attempts', 'number', `={{ ${DUE_ROW}.attempts }}`],
				[
					'lookupError',
					'string',
					`={{ $json.error ? String($json.error.message || $json.error) : ${mismatch(DUE_ROW)} }}`,
				],
				// the answer reached the clinic system directly when the ledger could not record it (status callbacks)
				[
					'answeredInClinic',
					'string',
					"={{ $json.error ? '' : String($json.reminderOutcome || '') }}",
				],
				[
					'withdrawn',
					'string',
					`={{ $json.error ? '' : !$json.found ? 'the visit is no longer in the clinic system' : !$json.due ? 'the clinic changed the visit (status ' + $json.status + ')' : '' }}`,
				],
				['problem', 'string', '={{ $json.problem }}'],
				[
					'moved',
					'string',
					`={{ String($json.startAt || '').slice(0, 10) !== String(${DUE_ROW}.visitStart || '').slice(0, 10) ? 'moved to ' + $json.startAt : '' }}`,
				],
				['phone', 'string', '={{ $json.phone }}'],
				['timeZone', 'string', "={{ $json.timeZone || '' }}"],
				['startAt', 'string', "={{ $json.startAt || '' }}"],
				['specialty', 'string', "={{ $json.specialty || '' }}"],
				['doctor', 'string', "={{ $json.doctor || '' }}"],
				['patientName', 'string', "={{ $json.patientName || '' }}"],
			],
		),
	);
	const decide = graph.add(
		switchNode(
			'Dial?',
			[920, -20],
			[
				['clinic unreachable', '!!$json.lookupError'],
				['answered in clinic', '!!$json.answeredInClinic'],
				['withdrawn', '!!$json.withdrawn'],
				['bad data', '!!$json.problem'],
				['moved', '!!$json.moved'],
			],
			'dial',
		),
	);
	return { paused, pausedNote, due, lookup, reread, answered, validate, fresh, decide };
}

const FRESH_VISIT = "$('Check fresh visit').item.json";
// the row is not claimed yet: every change below applies only while it is still due with the same attempts
const notYet: Array<[string, 'eq', string]> = [
	['visitId', 'eq', `${FRESH_VISIT}.visitId`],
	['status', 'eq', "'due'"],
	['attempts', 'eq', `${FRESH_VISIT}.attempts`],
];

/** The rows not dialled: clinic down (next tick), withdrawn or moved, answered in the clinic system, bad data. */
function addNoCallUpdates(graph: Graph) {
	const retryLater = graph.add(noOp('Clinic system down: next tick', [1120, -240]));
	const withdraw = graph.add(
		tableUpdate('Withdraw (no call)', [1120, -80], LEDGER, notYet, {
			status: "'done'",
			outcome: "'withdrawn'",
			nextAttemptMs: 'null',
			nextAttemptAt: 'null',
			reason: `String(${FRESH_VISIT}.withdrawn || ${FRESH_VISIT}.moved)`,
			resultState: "'none'",
		}),
	);
	const fromClinic = graph.add(
		tableUpdate('Take answer from clinic system', [1120, -400], LEDGER, notYet, {
			status: "'done'",
			answered: `['confirmed', 'cancelled', 'operator'].includes(${FRESH_VISIT}.answeredInClinic)`,
			outcome: `${FRESH_VISIT}.answeredInClinic`,
			nextAttemptMs: 'null',
			nextAttemptAt: 'null',
			reason: `'the clinic system already holds the result ' + ${FRESH_VISIT}.answeredInClinic + ' (written there when the ledger could not record it): no call'`,
			resultState: "'written'",
		}),
	);
	const skipFresh = graph.add(
		tableUpdate('Skip bad visit', [1120, 100], LEDGER, notYet, {
			status: "'done'",
			outcome: "'skipped'",
			nextAttemptMs: 'null',
			nextAttemptAt: 'null',
			reason: `String(${FRESH_VISIT}.problem || ('the robot cannot say this visit: ' + $json.error))`,
			resultState: "'pending'",
		}),
	);
	return { retryLater, withdraw, fromClinic, skipFresh };
}

/** Build phrase → one visit at a time (after the window check): claim, call, remember the call id or the failed start. */
function addClaimAndCall(graph: Graph) {
	const phrase = graph.add({
		name: 'Build phrase',
		type: `${PKG}.mttVoicebox`,
		typeVersion: 1,
		position: [1120, 300],
		onError: 'continueRegularOutput',
		parameters: {
			operation: 'buildVisitPhrase',
			visitStart: '={{ $json.startAt }}',
			timeZone: '={{ $json.timeZone }}',
			specialty: '={{ $json.specialty }}',
			doctor: '={{ $json.doctor }}',
			patientName: '={{ $json.patientName }}',
		},
	});
	const phraseOk = graph.add(ifNode('Phrase built?', [1360, 300], '!$json.error'));
	// claim and call one visit at a time: claiming the whole batch first would let a crash waste every claimed attempt
	const each = graph.add({
		name: 'One visit at a time',
		type: 'n8n-nodes-base.splitInBatches',
		typeVersion: 3,
		position: [1600, 300],
		parameters: { batchSize: 1, options: {} },
	});
	const claim = graph.add(
		tableUpdate(
			'Claim row',
			[2320, 280],
			LEDGER,
			[...notYet, ['nextAttemptMs', 'lte', '$now.toMillis()']],
			{
				status: "'calling'",
				attempts: `${FRESH_VISIT}.attempts + 1`,
				claim: 'String($execution.id)',
				callGuid: `${FRESH_VISIT}.visitId + '-' + (${FRESH_VISIT}.attempts + 1)`,
				callStartedMs: '$now.toMillis()',
				callId: 'null',
				lastCode: 'null',
				nextAttemptMs: 'null',
				nextAttemptAt: 'null',
				reason: `'dialling attempt ' + (${FRESH_VISIT}.attempts + 1)`,
			},
			true,
		),
	);
	// a Postgres race can leave two rows for one visit: one claim changes both, so keep the first of each visit
	const won = graph.add(ifNode('Won the claim?', [2560, 280], FIRST_OF_VISIT));
	const lost = graph.add(noOp('Lost the claim (another run has it)', [2800, 460]));
	const WON_CLAIM = "$('Won the claim?').item.json";
	const call = graph.add({
		name: 'Call patient',
		type: `${PKG}.mttVoicebox`,
		typeVersion: 1,
		position: [2800, 260],
		onError: 'continueRegularOutput',
		credentials: VOICEBOX_CREDENTIAL,
		parameters: {
			operation: 'startCall',
			campaignId: `={{ ${SETTINGS}.campaignId }}`,
			phone: `={{ ${FRESH_VISIT}.phone }}`,
			guid: '={{ $json.callGuid }}',
			variables: {
				variable: [
					{
						name: 'name',
						value: "={{ $('Build phrase').item.json.patientName || 'уважаемый пациент' }}",
					},
					{ name: 'phrase', value: "={{ $('Build phrase').item.json.phrase }}" },
				],
			},
			options: {},
		},
	});
	const started = graph.add(
		ifNode(
			'Call started?',
			[3040, 260],
			"!$json.error && $json.callId !== null && $json.callId !== undefined && $json.callId !== ''",
		),
	);
	const remember = graph.add(
		tableUpdate(
			'Remember call id',
			[3280, 160],
			LEDGER,
			[
				['visitId', 'eq', `${WON_CLAIM}.visitId`],
				['attempts', 'eq', `${WON_CLAIM}.attempts`],
			],
			{
				callId: 'String($json.callId)',
				callIds: `String(${WON_CLAIM}.callIds || '|') + ${WON_CLAIM}.attempts + ':' + $json.callId + '|'`,
			},
			true,
		),
	);
	const failed = graph.add(
		tableUpdate(
			'Remember failed start',
			[3280, 360],
			LEDGER,
			[
				['visitId', 'eq', `${WON_CLAIM}.visitId`],
				['attempts', 'eq', `${WON_CLAIM}.attempts`],
				['status', 'eq', "'calling'"],
			],
			{
				// kept across attempts: what went wrong stays visible to staff
				startError: `String(${WON_CLAIM}.startError || '') + 'attempt ' + ${WON_CLAIM}.attempts + ': ' + [$json.httpCode, $json.error].filter((x) => !!x).join(' ') + '; '`,
				reason: `'start failed, not re-sent (the call may have been placed); the sweep settles attempt ' + ${WON_CLAIM}.attempts`,
			},
			true,
		),
	);
	return { phrase, phraseOk, each, claim, won, lost, call, started, remember, failed };
}

/**
 * Window open now? → Call now? (claim) or Not now. A row falls due inside the window, but its tick can come later
 * (n8n busy, restarted or down): the import's plan, made again from now, says whether the patient's window is still
 * open and the visit far enough off. If not, the row waits for its next slot, or ends unreached when none is left
 * before the visit: nobody is called outside their window however late the tick.
 */
function addWindowCheck(graph: Graph) {
	const windowCheck = graph.add(planFromNowNode('Window open now?', [1840, 300], FRESH_VISIT));
	const callNow = graph.add(
		ifNode(
			'Call now?',
			[2080, 300],
			"!!$json.ledger && $json.ledger.status === 'due' && $json.ledger.nextAttemptMs <= $now.toMillis()",
		),
	);
	const notNow = graph.add(
		tableUpdate(
			'Not now: wait for the window',
			[2320, 560],
			LEDGER,
			notYet,
			planValues({
				reason: `$json.ledger && $json.ledger.status === 'due' ? 'due, but its tick came outside the calling window: waits for ' + $json.ledger.nextAttemptAt : ${PLAN_REASON}`,
			}),
			true,
		),
	);
	return { windowCheck, callNow, notNow };
}

/** A start refused with 401 (a changed password) is told to staff at once: every call fails until it is fixed. */
function addLoginAlert(graph: Graph, failed: string): void {
	const refused = graph.add(
		ifNode(
			'Voicebox refused the login?',
			[3520, 460],
			`String($('Call patient').first().json.httpCode) === '401' && !!${SETTINGS}.staffAlertsWorkflowId`,
		),
	);
	const loginFault = graph.add(
		setNode(
			'Voicebox login fault',
			[3740, 460],
			[
				['kind', 'string', 'fault'],
				['faultKind', 'string', 'voicebox'],
				['key', 'string', 'voicebox-login'],
				['workflow', 'string', '={{ $workflow.name }}'],
				['text', 'string', "={{ String($('Call patient').first().json.error || 'HTTP 401') }}"],
			],
		),
	);
	const tellLogin = graph.add(
		callWorkflow(
			'Tell staff: Voicebox login',
			[3960, 460],
			`${SETTINGS}.staffAlertsWorkflowId`,
			false,
		),
	);
	graph.link(failed, refused);
	graph.chain(refused, loginFault, tellLogin);
}
