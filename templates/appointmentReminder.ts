/**
 * The appointment reminder template (workflows/appointment-reminder.json), written as code: see build.ts.
 *
 * The ledger (ARCHITECTURE.md, "The reminder ledger"): one Data Table row per visit. Every change of a row that
 * matters for patient safety is a conditional UPDATE whose filter names the state it expects (all conditions); the
 * Data Table node outputs only the rows it changed, so "no output" means another execution got there first.
 */
import {
	callWorkflow,
	Graph,
	ifNode,
	noOp,
	PKG,
	scheduleNode,
	READ_ANYWAY,
	setNode,
	stopAndError,
	switchNode,
	tableGet,
	tableUpdate,
	tableUpsert,
	webhookNode,
	type Json,
	type TableRef,
	type WfNode,
} from './build';
import {
	S,
	VOICEBOX_CREDENTIAL,
	VOICEBOX_TRIGGER_CREDENTIAL,
	firstOfKey,
	minutesAgo,
	normalisePhone,
} from './expressions';
import { LEDGER_COLUMNS, REMINDER_WEBHOOKS } from './names';

const LEDGER: TableRef = { idExpression: `${S}.ledgerTableId`, columns: LEDGER_COLUMNS };

/** The clinic sub-workflow answered per visit (a whole-sub-workflow failure is one item with only an error). */
const ANSWERED = "$json.visitId !== undefined && $json.visitId !== null && $json.visitId !== ''";

const FIRST_OF_VISIT = firstOfKey('visitId');

/** '' when the sub-workflow's answer is for the visit of item `row`, else why it cannot be used. */
function mismatch(row: string): string {
	return `(String($json.visitId) !== String(${row}.visitId) ? 'the clinic system answered for visit ' + $json.visitId + ' instead of ' + ${row}.visitId + ': its sub-workflow must answer one item per item, in order' : '')`;
}

/** Why a visit from the clinic system cannot be dialled ('' = it can): no phone, bad phone, zone, past. */
function visitProblem(phone: string, zone: string, start: string): string {
	return [
		`!String(${phone} ?? '').trim() ? 'no phone number'`,
		`${normalisePhone(phone)} === '' ? 'phone "' + ${phone} + '" is not a Russian number that can be dialled'`,
		`!${zone} ? 'no time zone'`,
		`!$now.setZone(String(${zone})).isValid ? 'unknown time zone "' + ${zone} + '"'`,
		`!(DateTime.fromISO(String(${start} ?? '')).toMillis() > $now.toMillis()) ? 'the visit start "' + ${start} + '" is missing or in the past'`,
		`''`,
	].join(' : ');
}

function planNode(
	name: string,
	position: [number, number],
	p: { outcome: string; attemptsMade: string; timeZone: string; visitStart: string },
): Omit<WfNode, 'id'> {
	return {
		name,
		type: `${PKG}.mttVoicebox`,
		typeVersion: 1,
		position,
		onError: 'continueRegularOutput',
		parameters: {
			operation: 'planNextAttempt',
			outcome: `={{ ${p.outcome} }}`,
			attemptsMade: `={{ ${p.attemptsMade} }}`,
			timeZone: `={{ ${p.timeZone} }}`,
			visitStart: `={{ ${p.visitStart} }}`,
			maxAttempts: `={{ ${S}.maxAttempts }}`,
			intervalMinutes: `={{ ${S}.intervalMinutes }}`,
			callingWindows: {
				window: [
					{ days: [1, 2, 3, 4, 5], from: `={{ ${S}.weekdayFrom }}`, to: `={{ ${S}.weekdayTo }}` },
					{ days: [6, 7], from: `={{ ${S}.weekendFrom }}`, to: `={{ ${S}.weekendTo }}` },
				],
			},
			options: {
				retryOutcomes: `={{ ${S}.retryCodes }}`,
				stopBeforeVisitMinutes: `={{ ${S}.stopBeforeVisitMinutes }}`,
			},
		},
	};
}

/** Ledger values after a Plan Next Attempt item ($json): final → done + result pending, else due at the slot. */
function planValues(extra: Record<string, string>): Record<string, string> {
	const fin = '($json.error || $json.final || !$json.nextAttemptAt)';
	return {
		status: `${fin} ? 'done' : 'due'`,
		outcome: `${fin} ? ($json.final && !$json.error ? $json.outcome : 'unreached') : null`,
		nextAttemptMs: `${fin} ? null : DateTime.fromISO($json.nextAttemptAt).toMillis()`,
		nextAttemptAt: `${fin} ? null : $json.nextAttemptAt`,
		reason: `String($json.error || $json.reason || '')`,
		resultState: `${fin} ? 'pending' : null`,
		...extra,
	};
}

const OVERVIEW_REMINDER = `## Remind patients of tomorrow's visits by robot call

**How it works.** Every minute (or when *Run now* is called) the workflow:
1. **Sweeps** calls that got no status within *sweepMinutes* and treats them as "no answer" (code 5).
2. **Dials** ledger rows whose next attempt is due: re-reads the due visits from the clinic system in one call (cancelled or moved → no call), then *claims* each row (a conditional update that only one execution can win), builds the phrase and starts the campaign call with guid = visit id + attempt.
3. **Writes results** (confirmed / cancelled / operator / unreached / skipped) back through the *Clinic system* sub-workflow, once per visit: *Claim write* lets one execution have each result.
4. **Imports** tomorrow's visits into the ledger (one row per visit; a second import never resets a row).

The **MTT Voicebox Trigger** takes the scenario's status callbacks: 1/2/3 stop the calls (a late answer still wins), 4/5 plan the next attempt (at most *maxAttempts* calls, *intervalMinutes* apart, inside the calling window in the patient's zone). A 4 is provisional: the answer that follows it wins. An unreached patient is flagged for staff, never cancelled. No Wait node holds a patient.

**Setup**
1. Create the Data Table **reminder_ledger** (columns in workflows/README.md) and import *Clinic system* first.
2. In **Settings** set ledgerTableId, clinicWorkflowId, campaignId and the calling policy. Everything a clinic changes is there.
3. Pick your **MTT Voicebox** credential in *Call patient*; in *Voicebox status* create an **MTT Voicebox Trigger API** credential with a long random secret (the same value goes into the blocks' X-Webhook-Secret header) and paste its Production URL into every HTTP block of the scenario (body with call_id, response and guid).
4. n8n 1.x on SQLite needs **DB_SQLITE_POOL_SIZE ≥ 1** (or Postgres). Activate.`;

const OVERVIEW_REMINDER_RU = `## Напоминание о визите роботом накануне

**Как работает.** Раз в минуту (или по вызову *Run now*) процесс:
1. **Подчищает** звонки без статуса дольше *sweepMinutes* — считает их недозвоном (код 5).
2. **Звонит** по строкам журнала, у которых подошло время: перечитывает визиты в МИС одним вызовом (отменён или перенесён — не звоним), затем *захватывает* строку (условное обновление, выигрывает только один запуск), собирает фразу и запускает звонок кампании с guid = id визита + номер попытки.
3. **Записывает результат** в МИС через подпроцесс *Clinic system*: подтвердил, отменил, оператор, не дозвонились, пропущен — один раз на визит (*Claim write* отдаёт результат одному запуску).
4. **Загружает** визиты на завтра в журнал (одна строка на визит; повторная загрузка не сбрасывает строку).

**MTT Voicebox Trigger** принимает статусы сценария: 1/2/3 — звонки прекращаются (поздний ответ тоже засчитывается), 4/5 — следующая попытка (не больше *maxAttempts* звонков, через *intervalMinutes*, только в окне по времени пациента). 4 — предварительный статус: ответ после него главнее. Недозвон отмечается для администратора, визит **никогда** не отменяется. Узлы Wait не используются.

**Настройка**
1. Создайте Data Table **reminder_ledger** (колонки — в workflows/README.ru.md) и сначала импортируйте *Clinic system*.
2. В узле **Settings** укажите ledgerTableId, clinicWorkflowId, campaignId и правила звонков — всё, что меняет клиника, только там.
3. В *Call patient* выберите учётные данные **MTT Voicebox**; в *Voicebox status* создайте учётные данные **MTT Voicebox Trigger API** с длинным случайным секретом (то же значение — в заголовок X-Webhook-Secret блоков) и вставьте Production URL во все HTTP-блоки сценария (тело с call_id, response и guid).
4. n8n 1.x на SQLite: нужен **DB_SQLITE_POOL_SIZE ≥ 1** (или Postgres). Затем активируйте процесс.`;

const SETTINGS_NOTE = `### Settings / Настройки
All a clinic changes: ledger table id, Clinic system workflow id, Voicebox campaign id, clinic time zone, calling windows (patient's local time), max attempts, interval, sweep minutes, stale write minutes, stop before visit, pickup code, retry codes, batch size. **pauseCalls** = true before a restart or upgrade: nobody new is dialled and no result written; *Drain status* (GET) says when nothing is in flight.

Всё, что меняет клиника: id таблицы журнала, id подпроцесса Clinic system, id кампании Voicebox, часовой пояс клиники, окна звонков (по местному времени пациента), число попыток, интервал, минуты до «подчистки», через сколько минут снять захват записи упавшего тика, за сколько минут до визита прекратить, код «снял трубку», коды повтора, размер пачки. **pauseCalls** = true перед перезапуском или обновлением: новые звонки не начинаются, итоги не пишутся; *Drain status* (GET) скажет, когда в работе ничего не осталось.`;

export function appointmentReminderWorkflow(): Json {
	const g = new Graph('appointment-reminder');
	g.note('Overview', [-1480, -760], 620, 820, OVERVIEW_REMINDER, 4);
	g.note('Overview (RU)', [-1480, 80], 620, 860, OVERVIEW_REMINDER_RU, 4);
	g.note('About settings', [-820, -260], 420, 330, SETTINGS_NOTE, 6);

	// ------------------------------------------------------------ entry points
	const everyMinute = g.add(
		scheduleNode('Every minute', [-800, 120], { field: 'minutes', minutesInterval: 1 }),
	);
	// does exactly what a tick does, and every step is guarded by the ledger, so an extra call is harmless
	const runNow = g.add(
		webhookNode('Run now', [-800, 300], REMINDER_WEBHOOKS.runNow, 'POST', {
			responseMode: 'lastNode',
			responseData: 'noData',
		}),
	);
	// counts only, no patient data: safe without a secret, like Run now
	const drainStatus = g.add(
		webhookNode('Drain status', [-800, 480], REMINDER_WEBHOOKS.drainStatus, 'GET', {
			responseMode: 'lastNode',
			responseData: 'firstEntryJson',
		}),
	);
	const status = g.add({
		name: 'Voicebox status',
		type: `${PKG}.mttVoiceboxTrigger`,
		typeVersion: 2,
		position: [-800, 1200],
		webhookId: REMINDER_WEBHOOKS.voiceboxStatus,
		credentials: VOICEBOX_TRIGGER_CREDENTIAL,
		parameters: {
			secretLocation: 'header',
			fieldName: 'X-Webhook-Secret',
			// a callback whose answer could not be recorded gets 500, not a 200 that hides it
			options: { respond: 'lastNode' },
		},
	});
	const settings = g.add(
		setNode(
			'Settings',
			[-560, 300],
			[
				['ledgerTableId', 'string', ''],
				['clinicWorkflowId', 'string', ''],
				['campaignId', 'string', ''],
				['clinicTimeZone', 'string', 'Europe/Moscow'],
				['daysAhead', 'number', 1],
				['weekdayFrom', 'string', '09:00'],
				['weekdayTo', 'string', '20:00'],
				['weekendFrom', 'string', '10:00'],
				['weekendTo', 'string', '20:00'],
				['maxAttempts', 'number', 3],
				['intervalMinutes', 'number', 60],
				['sweepMinutes', 'number', 15],
				['staleWriteMinutes', 'number', 10],
				['stopBeforeVisitMinutes', 'number', 60],
				['pickupCode', 'number', 4],
				['retryCodes', 'string', '4, 5'],
				['batchSize', 'number', 20],
				['pauseCalls', 'boolean', false],
				// the Staff alerts workflow: told of an operator request at once and of Voicebox refusing the login
				['staffAlertsWorkflowId', 'string', ''],
			],
			true,
		),
	);
	g.link(everyMinute, settings);
	g.link(runNow, settings);
	g.link(status, settings);
	g.link(drainStatus, settings);
	const route = g.add(
		switchNode(
			'Which entry?',
			[-320, 300],
			[
				['call status', "$('Voicebox status').isExecuted"],
				['drain status', "$('Drain status').isExecuted"],
			],
			'tick',
		),
	);
	const TICK = 2;
	g.link(settings, route);

	// ------------------------------------------------------------ drain status: may n8n be restarted now?
	const inFlight = g.add({
		...tableGet('Calls in flight', [-80, 420], LEDGER, [['status', 'eq', "'calling'"]], 'all'),
		alwaysOutputData: true,
	});
	// a pickup (4) before the last attempt makes the row due again while the patient is still on the line: the
	// answer is yet to come, so the call is in flight until the sweep would have closed it
	const pickedUp = g.add({
		...tableGet(
			'Picked up, answer to come',
			[80, 420],
			LEDGER,
			[
				['status', 'eq', "'due'"],
				['lastCode', 'eq', `${S}.pickupCode`],
				['callStartedMs', 'gte', minutesAgo('sweepMinutes')],
			],
			'all',
		),
		alwaysOutputData: true,
		executeOnce: true,
	});
	// a result write cut by the restart would be written again after staleWriteMinutes: wait for it too
	const writing = g.add({
		...tableGet(
			'Writes in progress',
			[240, 420],
			LEDGER,
			[['resultState', 'eq', "'writing'"]],
			'all',
		),
		alwaysOutputData: true,
		executeOnce: true,
	});
	const count = (node: string) => `$('${node}').all().filter((i) => !!i.json.visitId).length`;
	const CALLING = `(${count('Calls in flight')} + ${count('Picked up, answer to come')})`;
	const WRITING = count('Writes in progress');
	const drainAnswer = g.add({
		...setNode(
			'Drain answer',
			[400, 420],
			[
				['paused', 'boolean', `={{ ${S}.pauseCalls === true }}`],
				['callsInFlight', 'number', `={{ ${CALLING} }}`],
				['writesInProgress', 'number', `={{ ${WRITING} }}`],
				[
					'readyToRestart',
					'boolean',
					`={{ ${S}.pauseCalls === true && ${CALLING} === 0 && ${WRITING} === 0 }}`,
				],
				[
					'hint',
					'string',
					`={{ ${S}.pauseCalls !== true ? 'Calls are not paused: set Settings → pauseCalls to true and save (publish) the workflow first.' : ${CALLING} + ${WRITING} === 0 ? 'No call in flight and no result being written: restart or upgrade n8n now, then set pauseCalls back to false.' : ${CALLING} + ' call(s) in flight, ' + ${WRITING} + ' result write(s) in progress: status callbacks, the sweep (after ' + ${S}.sweepMinutes + ' minutes) or the next tick end them. Ask again in a minute.' }}`,
				],
			],
		),
		executeOnce: true,
	});
	g.link(route, inFlight, 1);
	g.chain(inFlight, pickedUp, writing, drainAnswer);

	// ------------------------------------------------------------ 1. sweep calls with no status
	g.note(
		'Sweep note',
		[-120, -760],
		1000,
		200,
		`### 1. Sweep silent calls / Подчистка
A call with no status after *sweepMinutes* (lost callback, failed or timed-out start) counts as "no answer" and gets the next attempt or ends as unreached. The update only applies while the row is still calling this attempt, so a late status and the sweep never both act. A result write claimed by a tick that died (n8n restarted mid-write) is released after *staleWriteMinutes* and written on a later tick.

Звонок без статуса дольше *sweepMinutes* (потерянный статус, ошибка или таймаут запуска) считается недозвоном. Обновление срабатывает, только пока строка ещё «звонит» по этой попытке. Запись результата, захваченная упавшим тиком, освобождается через *staleWriteMinutes*.`,
	);
	const silent = g.add(
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
	const planSilent = g.add(
		planNode('Plan after silence', [160, -520], {
			outcome: '$json.lastCode || 5',
			attemptsMade: '$json.attempts',
			timeZone: '$json.timeZone',
			visitStart: '$json.visitStart',
		}),
	);
	const closeSilent = g.add(
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
				reason: `'no status within ' + ${S}.sweepMinutes + ' min: ' + String($json.error || $json.reason || '')`,
			}),
		),
	);
	// a write claimed by a tick that died before recording it goes back to pending (ARCHITECTURE.md: a stale claim is
	// taken over after a timeout); longer than the sub-workflow's request timeout, so a slow write is not taken over
	const staleWrites = g.add(
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
				resultError: `'the tick that claimed this write stopped before recording it; released after ' + ${S}.staleWriteMinutes + ' min'`,
			},
		),
	);
	g.link(route, silent, TICK);
	g.link(route, staleWrites, TICK);
	g.chain(silent, planSilent, closeSilent);

	// ------------------------------------------------------------ 2. dial due rows
	g.note(
		'Dial note',
		[-120, -300],
		3040,
		220,
		`### 2. Re-read, claim, dial / Проверка, захват, звонок
Each due visit is read again from the clinic system first (all of a tick's visits in one sub-workflow call): cancelled, moved to another day or with bad data → no call; clinic system down → tried again next tick. Then, one visit at a time, *Claim row* changes the row only while it is still due with the attempts it was read with (all conditions); the node outputs only rows it changed, so an overlapping tick that lost dials nothing. Each claim is followed at once by its own call, so n8n dying mid-tick can waste at most one attempt. A start that fails (5xx, 401, 400, timeout) still counts and is never re-sent: the sweep settles it.

Сначала визиты перечитываются в МИС (все визиты тика одним вызовом подпроцесса): отменён, перенесён на другой день или с ошибкой в данных — звонка нет; МИС недоступна — повтор на следующем тике. Затем по одному визиту *Claim row* меняет строку, только если она всё ещё ждёт звонка с тем же числом попыток; проигравший параллельный запуск не звонит. За каждым захватом сразу идёт свой звонок: падение n8n посреди тика стоит не больше одной попытки. Неудачный запуск засчитывается как попытка и не повторяется вслепую.`,
	);
	// the drain before a restart (workflows/README.md, Running for a year): calls in flight finish, nothing new is
	// dialled and no result written; the sweep, the import and status callbacks still run
	const paused = g.add(ifNode('Calls paused?', [-240, 120], `${S}.pauseCalls === true`));
	const pausedNote = g.add(
		noOp('Paused: no new calls or writes (Settings → pauseCalls)', [-80, -180]),
	);
	const due = g.add(
		tableGet(
			'Due rows',
			[-80, -20],
			LEDGER,
			[
				['status', 'eq', "'due'"],
				['nextAttemptMs', 'lte', '$now.toMillis()'],
			],
			'all',
			`${S}.batchSize`,
		),
	);
	const lookup = g.add(
		setNode(
			'Visit lookup',
			[120, -20],
			[
				['action', 'string', 'getVisit'],
				['visitId', 'string', '={{ $json.visitId }}'],
			],
		),
	);
	const reread = g.add(callWorkflow('Re-read visit', [320, -20], `${S}.clinicWorkflowId`));
	// a sub-workflow that failed as a whole answers one {error} item for all the visits: none of them is dialled
	const answered = g.add(ifNode('Clinic answered?', [520, -20], ANSWERED));
	const D = "$('Due rows').item.json";
	const fresh = g.add(
		setNode(
			'Check fresh visit',
			[720, -20],
			[
				['visitId', 'string', `={{ ${D}.visitId }}`],
				['attempts', 'number', `={{ ${D}.attempts }}`],
				[
					'lookupError',
					'string',
					`={{ $json.error ? String($json.error.message || $json.error) : ${mismatch(D)} }}`,
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
				[
					'problem',
					'string',
					`={{ ${visitProblem('$json.phone', '$json.timeZone', '$json.startAt')} }}`,
				],
				[
					'moved',
					'string',
					`={{ String($json.startAt || '').slice(0, 10) !== String(${D}.visitStart || '').slice(0, 10) ? 'moved to ' + $json.startAt : '' }}`,
				],
				['phone', 'string', `={{ ${normalisePhone('$json.phone')} }}`],
				['timeZone', 'string', "={{ $json.timeZone || '' }}"],
				['startAt', 'string', "={{ $json.startAt || '' }}"],
				['specialty', 'string', "={{ $json.specialty || '' }}"],
				['doctor', 'string', "={{ $json.doctor || '' }}"],
				['patientName', 'string', "={{ $json.patientName || '' }}"],
			],
		),
	);
	const decide = g.add(
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
	const F = "$('Check fresh visit').item.json";
	// the row is not claimed yet: every change below applies only while it is still due with the same attempts
	const notYet: Array<[string, 'eq', string]> = [
		['visitId', 'eq', `${F}.visitId`],
		['status', 'eq', "'due'"],
		['attempts', 'eq', `${F}.attempts`],
	];
	const retryLater = g.add(noOp('Clinic system down: next tick', [1120, -240]));
	const withdraw = g.add(
		tableUpdate('Withdraw (no call)', [1120, -80], LEDGER, notYet, {
			status: "'done'",
			outcome: "'withdrawn'",
			nextAttemptMs: 'null',
			nextAttemptAt: 'null',
			reason: `String(${F}.withdrawn || ${F}.moved)`,
			resultState: "'none'",
		}),
	);
	const fromClinic = g.add(
		tableUpdate('Take answer from clinic system', [1120, -400], LEDGER, notYet, {
			status: "'done'",
			answered: `['confirmed', 'cancelled', 'operator'].includes(${F}.answeredInClinic)`,
			outcome: `${F}.answeredInClinic`,
			nextAttemptMs: 'null',
			nextAttemptAt: 'null',
			reason: `'the clinic system already holds the result ' + ${F}.answeredInClinic + ' (written there when the ledger could not record it): no call'`,
			resultState: "'written'",
		}),
	);
	const skipFresh = g.add(
		tableUpdate('Skip bad visit', [1120, 100], LEDGER, notYet, {
			status: "'done'",
			outcome: "'skipped'",
			nextAttemptMs: 'null',
			nextAttemptAt: 'null',
			reason: `String(${F}.problem || ('the robot cannot say this visit: ' + $json.error))`,
			resultState: "'pending'",
		}),
	);
	const phrase = g.add({
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
	const phraseOk = g.add(ifNode('Phrase built?', [1360, 300], '!$json.error'));
	// claim and call one visit at a time: claiming the whole batch first would let a crash waste every claimed attempt
	const each = g.add({
		name: 'One visit at a time',
		type: 'n8n-nodes-base.splitInBatches',
		typeVersion: 3,
		position: [1600, 300],
		parameters: { batchSize: 1, options: {} },
	});
	const claim = g.add(
		tableUpdate(
			'Claim row',
			[1840, 280],
			LEDGER,
			[...notYet, ['nextAttemptMs', 'lte', '$now.toMillis()']],
			{
				status: "'calling'",
				attempts: `${F}.attempts + 1`,
				claim: 'String($execution.id)',
				callGuid: `${F}.visitId + '-' + (${F}.attempts + 1)`,
				callStartedMs: '$now.toMillis()',
				callId: 'null',
				lastCode: 'null',
				nextAttemptMs: 'null',
				nextAttemptAt: 'null',
				reason: `'dialling attempt ' + (${F}.attempts + 1)`,
			},
			true,
		),
	);
	// a Postgres race can leave two rows for one visit: one claim changes both, so keep the first of each visit
	const won = g.add(ifNode('Won the claim?', [2080, 280], FIRST_OF_VISIT));
	const lost = g.add(noOp('Lost the claim (another run has it)', [2320, 460]));
	const W = "$('Won the claim?').item.json";
	const call = g.add({
		name: 'Call patient',
		type: `${PKG}.mttVoicebox`,
		typeVersion: 1,
		position: [2320, 260],
		onError: 'continueRegularOutput',
		credentials: VOICEBOX_CREDENTIAL,
		parameters: {
			operation: 'startCall',
			campaignId: `={{ ${S}.campaignId }}`,
			phone: `={{ ${F}.phone }}`,
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
	const started = g.add(
		ifNode(
			'Call started?',
			[2560, 260],
			"!$json.error && $json.callId !== null && $json.callId !== undefined && $json.callId !== ''",
		),
	);
	const remember = g.add(
		tableUpdate(
			'Remember call id',
			[2800, 160],
			LEDGER,
			[
				['visitId', 'eq', `${W}.visitId`],
				['attempts', 'eq', `${W}.attempts`],
			],
			{
				callId: 'String($json.callId)',
				callIds: `String(${W}.callIds || '|') + ${W}.attempts + ':' + $json.callId + '|'`,
			},
			true,
		),
	);
	const failed = g.add(
		tableUpdate(
			'Remember failed start',
			[2800, 360],
			LEDGER,
			[
				['visitId', 'eq', `${W}.visitId`],
				['attempts', 'eq', `${W}.attempts`],
				['status', 'eq', "'calling'"],
			],
			{
				// kept across attempts: what went wrong stays visible to staff
				startError: `String(${W}.startError || '') + 'attempt ' + ${W}.attempts + ': ' + [$json.httpCode, $json.error].filter((x) => !!x).join(' ') + '; '`,
				reason: `'start failed, not re-sent (the call may have been placed); the sweep settles attempt ' + ${W}.attempts`,
			},
			true,
		),
	);
	g.link(route, paused, TICK);
	g.link(paused, pausedNote, 0);
	g.link(paused, due, 1);
	g.chain(due, lookup, reread, answered, fresh, decide);
	g.link(answered, retryLater, 1);
	g.link(decide, retryLater, 0);
	g.link(decide, fromClinic, 1);
	g.link(decide, withdraw, 2);
	g.link(decide, skipFresh, 3);
	g.link(decide, withdraw, 4);
	g.link(decide, phrase, 5);
	g.link(phrase, phraseOk);
	g.link(phraseOk, each, 0);
	g.link(each, claim, 1);
	g.link(phraseOk, skipFresh, 1);
	g.chain(claim, won);
	g.link(won, call, 0);
	g.link(won, lost, 1);
	g.link(call, started);
	g.link(started, remember, 0);
	g.link(started, failed, 1);
	// Voicebox refuses the login (a changed password): every call fails until someone updates the credential
	const refused = g.add(
		ifNode(
			'Voicebox refused the login?',
			[3040, 460],
			`String($('Call patient').first().json.httpCode) === '401' && !!${S}.staffAlertsWorkflowId`,
		),
	);
	const loginFault = g.add(
		setNode(
			'Voicebox login fault',
			[3260, 460],
			[
				['kind', 'string', 'fault'],
				['faultKind', 'string', 'voicebox'],
				['key', 'string', 'voicebox-login'],
				['workflow', 'string', '={{ $workflow.name }}'],
				['text', 'string', "={{ String($('Call patient').first().json.error || 'HTTP 401') }}"],
			],
		),
	);
	const tellLogin = g.add(
		callWorkflow('Tell staff: Voicebox login', [3480, 460], `${S}.staffAlertsWorkflowId`, false),
	);
	g.link(failed, refused);
	g.chain(refused, loginFault, tellLogin);
	// every path of one visit returns to the loop; the updates output an empty item when their filter matched nothing
	for (const back of [lost, remember, failed]) g.link(back, each);

	// ------------------------------------------------------------ 3. write results back
	g.note(
		'Results note',
		[-120, 560],
		1300,
		200,
		`### 3. Results to the clinic system / Результаты в МИС
Final rows (confirmed, cancelled, operator, unreached, skipped → "failed" with the reason) go through *Clinic system*, each written **once**: *Claim write* turns pending into writing only for one execution (all conditions; overlapping ticks that lost write nothing), the write follows, then *Record write*. A clinic system that is down is retried on the next tick; a refusal (4xx) is kept in resultError. A claim whose tick died is released after *staleWriteMinutes* by the sweep. Unreached only flags the visit for staff.

Итог (подтвердил, отменил, оператор, не дозвонились, пропущен → "failed" с причиной) уходит в МИС через *Clinic system* **один раз**: *Claim write* переводит pending в writing только для одного запуска, затем запись и *Record write*. Если МИС недоступна — повтор на следующем тике; отказ (4xx) сохраняется в resultError. Захват упавшего тика снимается через *staleWriteMinutes*. Недозвон только отмечает визит для администратора.`,
	);
	const results = g.add(
		tableGet(
			'Results to write',
			[-80, 820],
			LEDGER,
			[
				['status', 'eq', "'done'"],
				['resultState', 'eq', "'pending'"],
			],
			'all',
			`${S}.batchSize`,
		),
	);
	// the write's own claim: of two ticks that read the same pending row, only one gets it back from this update
	const claimWrite = g.add(
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
	const wonWrite = g.add(ifNode('Won the write claim?', [240, 820], FIRST_OF_VISIT));
	const resultReq = g.add(
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
	const write = g.add(callWorkflow('Write to clinic', [560, 820], `${S}.clinicWorkflowId`));
	const wrote = g.add(ifNode('Clinic answered the write?', [720, 820], ANSWERED));
	const R = "$('Won the write claim?').item.json";
	// only while this execution still holds the claim: a late answer (pending again) or a takeover is left alone
	const mine: Array<[string, 'eq', string]> = [
		['resultState', 'eq', "'writing'"],
		['writeClaim', 'eq', 'String($execution.id)'],
	];
	const recordWrite = g.add(
		tableUpdate('Record write', [880, 760], LEDGER, [['visitId', 'eq', `${R}.visitId`], ...mine], {
			// an answer for another visit proves nothing: the result stays pending, with the reason
			resultState: `${mismatch(R)} ? 'pending' : $json.written ? 'written' : ($json.statusCode >= 400 && $json.statusCode < 500 ? 'refused' : 'pending')`,
			resultError: `${mismatch(R)} || ($json.written ? null : String($json.error || ('HTTP ' + $json.statusCode)))`,
		}),
	);
	// the sub-workflow failed as a whole (one {error} item): every claim of this execution goes back to pending
	const writeLater = g.add({
		...tableUpdate('Clinic system down: write next tick', [880, 900], LEDGER, mine, {
			resultState: "'pending'",
			resultError:
				"'the clinic system did not answer: ' + String($json.error ? $json.error.message || $json.error : '')",
		}),
		executeOnce: true,
	});
	// paused: no result is written either (a write cut by the restart would be repeated)
	g.link(paused, results, 1);
	g.chain(results, claimWrite, wonWrite, resultReq, write, wrote, recordWrite);
	g.link(wrote, writeLater, 1);

	// ------------------------------------------------------------ 4. import tomorrow's visits
	g.note(
		'Import note',
		[1200, 560],
		1400,
		200,
		`### 4. Import / Загрузка визитов
One ledger row per visit. *Keep ledger row* upserts only fields that do not carry state, so a second import (even a concurrent one) never resets a row that is calling or answered. *Start ledger row* sets the state once, only while it is empty. Rows with no phone, a phone that is not Russian, an unknown zone or a start in the past are skipped with the reason; the import goes on. Every tick reads the day again; *New or changed visits* lets through only visits with no started row or with a field the clinic changed, so a day already imported costs one read (*Imported rows*). A clinic system that cannot give the day's visits fails the tick with its reason (*Clinic system failed*; the tick's calls and writes ran before): the failed execution and the error workflow say so, and the next tick reads again.

Одна строка на визит. *Keep ledger row* обновляет только поля без состояния, поэтому повторная (даже параллельная) загрузка не сбрасывает строку. *Start ledger row* задаёт состояние один раз, пока оно пустое. Строки без телефона, с неверным номером, неизвестным часовым поясом или прошедшим временем пропускаются с причиной. День читается на каждом тике заново; *New or changed visits* пропускает дальше только визиты без начатой строки или с полем, которое МИС изменила, поэтому уже загруженный день стоит одного чтения (*Imported rows*). Если МИС не отдала визиты на день, тик завершается ошибкой с причиной (*Clinic system failed*; звонки и записи этого тика уже выполнены): об этом скажут неудачное выполнение и error workflow, следующий тик прочитает снова.`,
	);
	const visitsReq = g.add(
		setNode(
			'Visits request',
			[-80, 1020],
			[
				['action', 'string', 'dueVisits'],
				[
					'date',
					'string',
					`={{ $now.setZone(${S}.clinicTimeZone).plus({ days: ${S}.daysAhead }).toISODate() }}`,
				],
			],
		),
	);
	const ask = g.add(callWorkflow('Ask clinic for visits', [160, 1020], `${S}.clinicWorkflowId`));
	const gotVisits = g.add(ifNode('Got visits?', [400, 1020], '!$json.error && !!$json.visitId'));
	// a clinic system that cannot give the day's visits fails the tick with its reason (import runs last in a tick, so
	// the calls and writes before it are done): the failed execution, and the error workflow, tell the clinic
	const importFailed = g.add(ifNode('Clinic error?', [640, 1340], '!!$json.error'));
	const clinicFailed = g.add(
		stopAndError(
			'Clinic system failed',
			[880, 1320],
			"={{ 'The clinic system did not give the visits to remind: ' + String($json.error).slice(0, 600) }}",
		),
	);
	const noVisits = g.add(noOp('No visits', [880, 1440]));
	const check = g.add(
		setNode(
			'Check visit',
			[640, 1000],
			[
				['visitId', 'string', '={{ String($json.visitId) }}'],
				['phone', 'string', `={{ ${normalisePhone('$json.phone')} || String($json.phone ?? '') }}`],
				['timeZone', 'string', "={{ String($json.timeZone ?? '') }}"],
				['startAt', 'string', "={{ String($json.startAt ?? '') }}"],
				// for the outcome report: who was reminded, of which visit
				['patientName', 'string', "={{ String($json.patientName ?? '') }}"],
				['doctor', 'string', "={{ String($json.doctor ?? '') }}"],
				['specialty', 'string', "={{ String($json.specialty ?? '') }}"],
				[
					'problem',
					'string',
					`={{ ${visitProblem('$json.phone', '$json.timeZone', '$json.startAt')} }}`,
				],
			],
		),
	);
	// Every tick imports the whole day again. A started row whose fields the clinic has not changed would only be
	// written back as it is (Keep) and left alone (Start and Skip act while status is empty), so only the visits
	// with no started row or with changed fields go on: a tick over a day already imported costs one read.
	const imported = g.add({
		...tableGet(
			'Imported rows',
			[880, 1180],
			LEDGER,
			[
				['createdAt', 'gte', `$now.minus({ days: ${S}.daysAhead + 1 }).toUTC().toISO()`],
				['status', 'isNotEmpty'],
			],
			'all',
		),
		// no rows, or the read failed → one item that matches nothing: every visit goes on
		...READ_ANYWAY,
		executeOnce: true,
	});
	const changed = g.add({
		name: 'New or changed visits',
		type: 'n8n-nodes-base.merge',
		typeVersion: 3,
		position: [1120, 1000],
		parameters: {
			mode: 'combine',
			combineBy: 'combineByFields',
			advanced: true,
			mergeByFields: {
				values: [
					['visitId', 'visitId'],
					['startAt', 'visitStart'],
					['timeZone', 'timeZone'],
					['phone', 'phone'],
					['patientName', 'patientName'],
					['doctor', 'doctor'],
					['specialty', 'specialty'],
				].map(([field1, field2]) => ({ field1, field2 })),
			},
			joinMode: 'keepNonMatches',
			outputDataFrom: 'input1',
			options: {},
		},
	});
	const keep = g.add(
		tableUpsert('Keep ledger row', [1360, 1000], LEDGER, ['visitId', '$json.visitId'], {
			visitId: '$json.visitId',
			visitStart: '$json.startAt',
			timeZone: '$json.timeZone',
			phone: '$json.phone',
			patientName: '$json.patientName',
			doctor: '$json.doctor',
			specialty: '$json.specialty',
		}),
	);
	const C = "$('New or changed visits').item.json";
	const usable = g.add(ifNode('Usable?', [1600, 1000], `!${C}.problem`));
	const planFirst = g.add(
		planNode('Plan first call', [1840, 920], {
			outcome: "''",
			attemptsMade: '0',
			timeZone: `${C}.timeZone`,
			visitStart: `${C}.startAt`,
		}),
	);
	const startRow = g.add(
		tableUpdate(
			'Start ledger row',
			[2080, 920],
			LEDGER,
			[
				['visitId', 'eq', `${C}.visitId`],
				['status', 'isEmpty'],
			],
			planValues({ attempts: '0', answered: 'false', callIds: "'|'" }),
		),
	);
	const skipImport = g.add(
		tableUpdate(
			'Skip at import',
			[1840, 1120],
			LEDGER,
			[
				['visitId', 'eq', `${C}.visitId`],
				['status', 'isEmpty'],
			],
			{
				status: "'done'",
				outcome: "'skipped'",
				attempts: '0',
				answered: 'false',
				callIds: "'|'",
				reason: `${C}.problem`,
				resultState: "'pending'",
			},
		),
	);
	g.link(route, visitsReq, TICK);
	g.chain(visitsReq, ask, gotVisits);
	g.link(gotVisits, check, 0);
	g.link(gotVisits, imported, 0);
	g.link(gotVisits, importFailed, 1);
	g.link(importFailed, clinicFailed, 0);
	g.link(importFailed, noVisits, 1);
	g.link(check, changed);
	g.link(imported, changed, 0, 1);
	g.chain(changed, keep, usable);
	g.link(usable, planFirst, 0);
	g.link(usable, skipImport, 1);
	g.link(planFirst, startRow);

	// ------------------------------------------------------------ status callbacks
	g.note(
		'Status note',
		[-120, 1360],
		2000,
		220,
		`### Call status / Статус звонка
The row is found by guid (visit id + attempt) or by a call id the ledger saw. 1/2/3: *Record answer* wins once (answered = false), even after a 4, a sweep or for an earlier attempt; repeats change nothing. 4/5: *Plan after call* decides; *Record call result* applies only while the row is still calling this attempt. A pickup 4 on the last attempt waits for the answer (the sweep closes it). Unknown call ids and codes end in their own nodes, nothing crashes. If the ledger cannot take an answer (Data Table size limit, database error), it is written to the clinic system directly and the execution fails (the callback gets 500); the re-read before any further call finds it there.

Строка ищется по guid (id визита + попытка) или по известному id звонка. 1/2/3: *Record answer* срабатывает один раз, даже после 4, подчистки или для прежней попытки; повторы ничего не меняют. 4/5: *Plan after call* решает; *Record call result* применяется, только пока строка «звонит» по этой попытке. 4 на последней попытке ждёт ответа. Неизвестные id звонка и коды уходят в отдельные узлы. Если журнал не принял ответ (предел размера Data Tables, ошибка базы), ответ пишется прямо в МИС, выполнение завершается ошибкой (сценарий получает 500); перед следующим звонком перечитывание найдёт его там.`,
	);
	const callStatus = g.add(
		setNode(
			'Call status',
			[-80, 1720],
			[
				['guid', 'string', "={{ String($json.guid ?? '') }}"],
				['callId', 'string', "={{ String($json.callId ?? '') }}"],
				['code', 'number', '={{ $json.code }}'],
				['outcome', 'string', "={{ String($json.outcome ?? '') }}"],
				['answer', 'boolean', '={{ $json.final === true }}'],
				[
					'retry',
					'boolean',
					`={{ $json.retryable === true || $json.provisional === true || $json.code === ${S}.pickupCode }}`,
				],
				[
					'provisional',
					'boolean',
					`={{ $json.provisional === true || $json.code === ${S}.pickupCode }}`,
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
	const find = g.add({
		...tableGet(
			'Find ledger row',
			[160, 1720],
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
	const CS = "$('Call status').item.json";
	const withRow = g.add(
		setNode(
			'Status with row',
			[400, 1720],
			[
				['visitId', 'string', "={{ $json.visitId || '' }}"],
				[
					'attempt',
					'number',
					`={{ ${CS}.guidAttempt || Number((String($json.callIds || '').split('|').find((t) => t.endsWith(':' + ${CS}.callId)) || '0:').split(':')[0]) }}`,
				],
				['code', 'number', `={{ ${CS}.code }}`],
				['outcome', 'string', `={{ ${CS}.outcome }}`],
				['callId', 'string', `={{ ${CS}.callId }}`],
				['answer', 'boolean', `={{ ${CS}.answer }}`],
				['retry', 'boolean', `={{ ${CS}.retry }}`],
				['provisional', 'boolean', `={{ ${CS}.provisional }}`],
				['timeZone', 'string', "={{ $json.timeZone || '' }}"],
				['visitStart', 'string', "={{ $json.visitStart || '' }}"],
			],
		),
	);
	const kind = g.add(
		switchNode(
			'Which status?',
			[640, 1720],
			[
				['unknown call', '!$json.visitId'],
				['answer', '$json.answer'],
				['no answer yet', '$json.retry'],
			],
			'unknown code',
		),
	);
	const unknownCall = g.add(noOp('Unknown call (reported, ignored)', [880, 1560]));
	const unknownCode = g.add(noOp('Unknown code (reported, ignored)', [880, 2060]));
	// output 1: the ledger could not take the answer (Data Table size limit, database error)
	const answer = g.add({
		...tableUpdate(
			'Record answer',
			[880, 1700],
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
	const answerOk = g.add(
		switchNode(
			'Answer recorded?',
			[1120, 1700],
			[
				['recorded', "$json.answered === true && $json.status === 'done'"],
				['ledger did not take it', '!!$json.visitId || !!$json.error'],
			],
			'repeat or later answer',
		),
	);
	// one callback per execution: first() is that callback's answer
	const SF = "$('Status with row').first().json";
	const direct = g.add(
		setNode(
			'Answer to clinic directly',
			[1120, 2280],
			[
				['action', 'string', 'writeResult'],
				['visitId', 'string', `={{ ${SF}.visitId }}`],
				['outcome', 'string', `={{ ${SF}.outcome }}`],
				['code', 'string', `={{ String(${SF}.code) }}`],
				['attempts', 'number', `={{ ${SF}.attempt }}`],
				['callId', 'string', `={{ ${SF}.callId }}`],
				[
					'note',
					'string',
					"={{ 'written by the status callback: the ledger could not record it (' + String(($json.error && ($json.error.message || $json.error)) || 'n8n gave no reason').slice(0, 300) + ')' }}",
				],
			],
		),
	);
	const writeDirect = g.add(
		callWorkflow('Write answer to clinic', [1360, 2280], `${S}.clinicWorkflowId`),
	);
	const tookDirect = g.add(
		ifNode('Clinic took the answer?', [1600, 2280], `${ANSWERED} && $json.written === true`),
	);
	const A = "$('Answer to clinic directly').first().json";
	const keptInClinic = g.add(
		stopAndError(
			'Answer kept in clinic system only',
			[1840, 2220],
			`=The ledger could not record the answer of visit {{ ${A}.visitId }} ({{ ${A}.outcome }}, code {{ ${A}.code }}); it was written to the clinic system directly, and the reminder takes it from there before any further call. {{ ${A}.note }}. Free Data Table space or fix the database (docs/operations.md, A year of operation).`,
		),
	);
	const lostAnswer = g.add(
		stopAndError(
			'Answer not recorded: tell staff',
			[1840, 2360],
			`=Patient answer NOT recorded: visit {{ ${A}.visitId }} answered {{ ${A}.outcome }} (code {{ ${A}.code }}, call {{ ${A}.callId }}). Neither the ledger ({{ ${A}.note }}) nor the clinic system ({{ $json.error ? String($json.error.message || $json.error) : 'HTTP ' + $json.statusCode }}) took it: enter it in the clinic system by hand.`,
		),
	);
	const answerNew = g.add(noOp('Answer recorded', [1600, 1560]));
	// the patient asked for a person: staff hear it now, not at the next tick (Staff alerts claims it once per visit)
	const askedForPerson = g.add(
		ifNode(
			'Asked for a person?',
			[1360, 1620],
			`$json.outcome === 'operator' && !!${S}.staffAlertsWorkflowId`,
		),
	);
	const operatorRequest = g.add(
		setNode(
			'Operator request',
			[1600, 1400],
			[
				['kind', 'string', 'operator'],
				['visitId', 'string', '={{ $json.visitId }}'],
			],
		),
	);
	const tellOperator = g.add(
		callWorkflow('Tell staff now', [1840, 1400], `${S}.staffAlertsWorkflowId`, false),
	);
	const answerRepeat = g.add(noOp('Repeat or later answer (ignored)', [1360, 1780]));
	const planCall = g.add(
		planNode('Plan after call', [880, 1900], {
			outcome: '$json.code',
			attemptsMade: '$json.attempt',
			timeZone: '$json.timeZone',
			visitStart: '$json.visitStart',
		}),
	);
	const SR = "$('Status with row').item.json";
	const pickupLast = g.add(
		ifNode(
			'Pickup on the last attempt?',
			[1120, 1900],
			`${SR}.provisional && !!($json.final || $json.error || !$json.nextAttemptAt)`,
		),
	);
	const statusFilters: Array<[string, 'eq' | 'isFalse', string?]> = [
		['visitId', 'eq', `${SR}.visitId`],
		['attempts', 'eq', `${SR}.attempt`],
		['status', 'eq', "'calling'"],
		['answered', 'isFalse'],
	];
	const waitAnswer = g.add(
		tableUpdate('Wait for the answer', [1360, 1880], LEDGER, statusFilters, {
			lastCode: `${SR}.code`,
			reason: "'picked up on the last attempt: waiting for the answer (the sweep closes it)'",
		}),
	);
	const recordCall = g.add(
		tableUpdate(
			'Record call result',
			[1360, 2040],
			LEDGER,
			statusFilters,
			planValues({ lastCode: `${SR}.code` }),
			true,
		),
	);
	const callOk = g.add(ifNode('Call result recorded?', [1600, 2040], '!!$json.visitId'));
	const callNew = g.add(noOp('Call result recorded', [1840, 1960]));
	const callStale = g.add(noOp('Repeat, late or stale status (ignored)', [1840, 2120]));
	g.link(route, callStatus, 0);
	g.chain(callStatus, find, withRow, kind);
	g.link(kind, unknownCall, 0);
	g.link(kind, answer, 1);
	g.link(kind, planCall, 2);
	g.link(kind, unknownCode, 3);
	g.link(answer, answerOk);
	g.link(answerOk, askedForPerson, 0);
	g.link(askedForPerson, operatorRequest, 0);
	g.link(askedForPerson, answerNew, 1);
	g.link(operatorRequest, tellOperator);
	g.link(answerOk, direct, 1);
	g.link(answerOk, answerRepeat, 2);
	g.link(answer, direct, 1);
	g.chain(direct, writeDirect, tookDirect);
	g.link(tookDirect, keptInClinic, 0);
	g.link(tookDirect, lostAnswer, 1);
	g.link(planCall, pickupLast);
	g.link(pickupLast, waitAnswer, 0);
	g.link(pickupLast, recordCall, 1);
	g.link(recordCall, callOk);
	g.link(callOk, callNew, 0);
	g.link(callOk, callStale, 1);

	// a quiet tick saved is ~150 KB (n8n stores the workflow with each execution): every minute, that is what fills
	// the database; the ledger is the record of every call, failures are still saved (bench/README.md, soak)
	return g.workflow("Remind patients of tomorrow's visits by robot call", {
		saveDataSuccessExecution: 'none',
	});
}
