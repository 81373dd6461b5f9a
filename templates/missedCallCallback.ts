/**
 * The missed-call callback template (workflows/missed-call-callback.json), written as code: see build.ts.
 *
 * Every few minutes it reads the CoMagic call log, keeps for each number only its newest lost inbound call, drops it
 * when that number was answered afterwards or already called back (a call whose external id is the lost call's id),
 * and starts a simple call operator-first during working hours. Two guards keep a patient from being rung twice for
 * one lost call, even when two ticks overlap: a claim in the Data Table (a conditional update, all conditions, whose
 * output names the one execution that won) and the call's external_id = the lost call's id, looked up in the call
 * log by the node's Skip If Already Started before the start goes out.
 */
import {
	Graph,
	ifNode,
	noOp,
	scheduleNode,
	PKG,
	setNode,
	switchNode,
	tableUpdate,
	tableUpsert,
	webhookNode,
	type Json,
	type TableRef,
} from './build';
import { COMAGIC_CREDENTIAL, firstOfKey, minutesAgo, S } from './expressions';
import { CALLBACK_COLUMNS, CALLBACK_WEBHOOKS } from './names';
import { addRetention } from './retention';

const TABLE: TableRef = { idExpression: `${S}.callbackTableId`, columns: CALLBACK_COLUMNS };

/** The CoMagic credential by name only: a template carries no credential id. */

/** 'HH:mm' with a leading zero, so '9:00' compares right against '10:00'. */
const hm = (expr: string) => `String(${expr} ?? '').trim().padStart(5, '0')`;

/** True while the clinic is open: weekday or weekend window in the clinic's zone; an empty window = closed. */
const WORKING_HOURS = `((t, day) => { const from = day <= 5 ? ${S}.weekdayFrom : ${S}.weekendFrom; const to = day <= 5 ? ${S}.weekdayTo : ${S}.weekendTo; return !!String(from ?? '').trim() && !!String(to ?? '').trim() && t >= ${hm('from')} && t < ${hm('to')}; })($now.setZone(${S}.timeZone).toFormat('HH:mm'), $now.setZone(${S}.timeZone).weekday)`;

/**
 * What to do about one call log row ($json), judged against the whole log read this tick:
 * 'callback' | 'called back' | 'answered' | 'wait' (younger than graceMinutes) | 'ignore'.
 * Calls started through the Call API (our callbacks carry an external id) are never lost calls to call back.
 */
const VERDICT = `((c, all) => {
	const phone = String(c.contact_phone_number ?? '');
	if (c.is_lost !== true || c.direction !== 'in' || !!c.call_api_external_id) return 'ignore';
	const after = (o) => o.start_time > c.start_time || (o.start_time === c.start_time && Number(o.id) > Number(c.id));
	const same = (o) => String(o.contact_phone_number ?? '') === phone;
	if (all.some((o) => o.is_lost === true && o.direction === 'in' && !o.call_api_external_id && same(o) && after(o))) return 'ignore';
	if (all.some((o) => String(o.call_api_external_id ?? '') === String(c.id))) return 'called back';
	if (all.some((o) => o.is_lost === false && same(o) && after(o))) return 'answered';
	if (!/^\\d{11,15}$/.test(phone)) return 'ignore';
	const lostMs = DateTime.fromSQL(String(c.start_time), { zone: ${S}.timeZone }).toMillis();
	return lostMs > $now.toMillis() - Number(${S}.graceMinutes) * 60000 ? 'wait' : 'callback';
})($json, $('Read call log').all().map((i) => i.json))`.replace(/\n\t*/g, ' ');

const ALL = "$('Read call log').all().map((i) => i.json)";

const OVERVIEW = `## Call back missed calls from the CoMagic call log

**How it works.** Every 5 minutes (or when *Run now* is called) the workflow reads the last *lookbackHours* of the CoMagic call log and, for each number, looks at its newest lost inbound call:
- **answered afterwards** (the patient got through, or staff called and were answered) → no callback, a waiting row is closed as *not needed*;
- **already called back** (a call with external id = the lost call's id is in the log) → no callback; the row gets the result (answered / not answered);
- otherwise, **during working hours**, a simple call is started **operator first**, then the patient, with *external_id = the lost call's id*.

Every lost call that needs a callback gets a row in the Data Table **missed_call_callbacks** (empty status = waiting), so staff see what was done and why. Rows that are final (*called*, *not needed*, *failed*) and older than *retentionDays* (45) are removed, at most *cleanupPerRun* per tick; 0 keeps every row.

**Never twice.** Before dialling, *Claim callback* changes the row only while its status is empty (all conditions); the Data Table node outputs only the rows it changed, so of two overlapping ticks only one dials. The call node also looks the external id up in the call log first (*Skip If Already Started*). A start that fails is not re-sent: the row says *failed* with the reason, for staff to call by hand; only waiting rows compete for a tick's *callbacksPerTick*, so failed rows never hold up other callers. A row left *calling* by a tick that died (n8n stopped mid-call) is **taken over** after *staleClaimMinutes*: safe because the call carries external id = the lost call's id and *Skip If Already Started* finds a call the dead tick placed, so the patient is rung once, not never.

**Setup**
1. Create the Data Table **missed_call_callbacks** (columns in workflows/README.md).
2. In **Settings** set callbackTableId, virtualNumber (the caller id the patient sees), operatorPhone (who takes the callbacks), the clinic's time zone and working hours. Everything a clinic changes is there.
3. Pick your **CoMagic** credential in *Read call log* and *Call back*. Change the interval in *Every 5 minutes* if you like.
4. n8n 1.x on SQLite needs **DB_SQLITE_POOL_SIZE ≥ 1** (or Postgres). Activate.`;

const OVERVIEW_RU = `## Перезвон по пропущенным звонкам из журнала CoMagic

**Как работает.** Раз в 5 минут (или по вызову *Run now*) процесс читает журнал звонков CoMagic за последние *lookbackHours* часов и для каждого номера берёт его последний пропущенный входящий:
- **после него был отвеченный звонок** (пациент дозвонился, или ему перезвонили и он ответил) — не перезваниваем, ожидающая строка закрывается как *not needed*;
- **уже перезвонили** (в журнале есть звонок с external id = id пропущенного) — не перезваниваем, в строку пишется результат (answered / not answered);
- иначе **в рабочее время** запускается простой звонок: **сначала оператор**, затем пациент, *external_id = id пропущенного звонка*.

Каждый пропущенный, которому нужен перезвон, получает строку в Data Table **missed_call_callbacks** (пустой статус — ждёт), чтобы администраторы видели, что сделано и почему. Финальные строки (*called*, *not needed*, *failed*) старше *retentionDays* (45) дней удаляются, не больше *cleanupPerRun* за тик; 0 — хранить всё.

**Дважды не звоним.** Перед звонком *Claim callback* меняет строку, только пока её статус пуст (все условия); узел Data Table выдаёт только изменённые строки, поэтому из двух одновременных запусков звонит один. Узел звонка ещё и ищет external id в журнале (*Skip If Already Started*). Неудачный запуск не повторяется: в строке — *failed* и причина, перезвонить должен администратор; за *callbacksPerTick* тика соревнуются только ожидающие строки, так что неудачные не задерживают других. Строка, оставшаяся в *calling* после падения n8n посреди звонка, **перехватывается** через *staleClaimMinutes*: это безопасно, потому что у звонка external id = id пропущенного и *Skip If Already Started* найдёт звонок, который успел начать упавший запуск, — пациенту позвонят один раз, а не ни разу.

**Настройка**
1. Создайте Data Table **missed_call_callbacks** (колонки — в workflows/README.ru.md).
2. В узле **Settings** укажите callbackTableId, virtualNumber (номер, который видит пациент), operatorPhone (кто перезванивает), часовой пояс клиники и рабочие часы — всё, что меняет клиника, только там.
3. В *Read call log* и *Call back* выберите учётные данные **CoMagic**. Интервал меняется в *Every 5 minutes*.
4. n8n 1.x на SQLite: нужен **DB_SQLITE_POOL_SIZE ≥ 1** (или Postgres). Затем активируйте процесс.`;

const SETTINGS_NOTE = `### Settings / Настройки
callbackTableId, virtualNumber (caller id), operatorPhone, timeZone (the CoMagic account's zone: call log times and working hours), weekday/weekend working hours (empty = closed), lookbackHours, graceMinutes (a lost call younger than this waits: the patient often redials), callbacksPerTick, staleClaimMinutes (a callback claimed by a tick that died is taken over after this; keep it well above how long a tick takes), operatorMessage, retentionDays (final rows older than this are removed; more than lookbackHours; 0 = keep), cleanupPerRun (rows removed per tick at most).

id таблицы, virtualNumber (номер для АОН), operatorPhone, timeZone (пояс аккаунта CoMagic: время журнала и рабочие часы), рабочие часы будни/выходные (пусто — выходной), lookbackHours, graceMinutes (пропущенный моложе — ждём: пациент часто перезванивает сам), callbacksPerTick, staleClaimMinutes (перезвон, захваченный упавшим тиком, перехватывается через это время; оно должно быть намного больше длительности тика), operatorMessage, retentionDays (финальные строки старше удаляются; больше lookbackHours; 0 — хранить), cleanupPerRun (не больше строк за тик).`;

/** The item Judge call made of a lost call. */
const JUDGED = "$('Judge call').item.json";

export function missedCallCallbackWorkflow(): Json {
	const g = new Graph('missed-call-callback');
	g.note('Overview', [-1400, -620], 640, 900, OVERVIEW, 4);
	g.note('Overview (RU)', [-1400, 300], 640, 960, OVERVIEW_RU, 4);
	g.note('About settings', [-720, 260], 420, 440, SETTINGS_NOTE, 6);

	const { settings } = addEntryPoints(g);
	const { what } = addReadAndJudge(g, { settings });
	addClosedWithoutCallback(g, { what });
	addClaimAndCallBack(g, { what });

	// a tick every 5 minutes: only failed executions are saved; the table is the record of what was done
	return g.workflow('Call back missed calls', { saveDataSuccessExecution: 'none' });
}

/** Entry points: the 5-minute tick and Run now, through Settings */
function addEntryPoints(g: Graph) {
	const tick = g.add(
		scheduleNode('Every 5 minutes', [-700, -80], { field: 'minutes', minutesInterval: 5 }),
	);
	// does exactly what a tick does; the claim makes an extra or overlapping run harmless
	const runNow = g.add(
		webhookNode('Run now', [-700, 100], CALLBACK_WEBHOOKS.runNow, 'POST', {
			responseMode: 'lastNode',
			responseData: 'noData',
		}),
	);
	const settings = g.add(
		setNode(
			'Settings',
			[-460, 20],
			[
				['callbackTableId', 'string', ''],
				['virtualNumber', 'string', ''],
				['operatorPhone', 'string', ''],
				['timeZone', 'string', 'Europe/Moscow'],
				['weekdayFrom', 'string', '09:00'],
				['weekdayTo', 'string', '20:00'],
				['weekendFrom', 'string', '10:00'],
				['weekendTo', 'string', '18:00'],
				['lookbackHours', 'number', 24],
				['graceMinutes', 'number', 2],
				['callbacksPerTick', 'number', 3],
				['staleClaimMinutes', 'number', 15],
				['operatorMessage', 'string', 'Перезвон по пропущенному звонку. Соединяю с пациентом.'],
				['retentionDays', 'number', 45],
				['cleanupPerRun', 'number', 50],
			],
		),
	);
	g.link(tick, settings);
	g.link(runNow, settings);
	return { settings };
}

/** Read and judge: the call log of the lookback window, each lost call judged (callback, called back, answered) */
function addReadAndJudge(g: Graph, { settings }: { settings: string }) {
	g.note(
		'Judge note',
		[-240, -440],
		700,
		260,
		`### 1. Read and judge / Журнал и решение
One request for the whole lookback. Per number only the newest lost inbound call counts. Dropped: answered afterwards (any direction), already called back (external id = lost call id), younger than graceMinutes (next tick), a hidden or invalid number. Calls placed through the Call API are never treated as lost calls.

Один запрос на весь период. Для номера важен только последний пропущенный входящий. Не перезваниваем: был отвеченный звонок после него, уже перезвонили (external id = id пропущенного), моложе graceMinutes (следующий тик), номер скрыт или неверен.`,
	);
	const readLog = g.add({
		name: 'Read call log',
		type: `${PKG}.coMagic`,
		typeVersion: 1,
		position: [-220, 20],
		credentials: COMAGIC_CREDENTIAL,
		parameters: {
			resource: 'callLog',
			operation: 'getMany',
			period: 'lastHours',
			hours: `={{ ${S}.lookbackHours }}`,
			returnAll: true,
			filters: {},
			simplify: true,
			options: {},
		},
	});
	const judge = g.add(
		setNode(
			'Judge call',
			[20, 20],
			[
				['lostCallId', 'string', '={{ String($json.id) }}'],
				['phone', 'string', "={{ String($json.contact_phone_number ?? '') }}"],
				['lostAt', 'string', "={{ String($json.start_time ?? '') }}"],
				['verdict', 'string', `={{ ${VERDICT} }}`],
				[
					'callbackCallId',
					'string',
					`={{ String(${ALL}.find((o) => String(o.call_api_external_id ?? '') === String($json.id))?.id ?? '') }}`,
				],
				[
					'callbackAnswered',
					'boolean',
					`={{ ${ALL}.some((o) => String(o.call_api_external_id ?? '') === String($json.id) && o.is_lost === false) }}`,
				],
				[
					'answeredCall',
					'string',
					`={{ ((o) => o ? o.id + ' at ' + o.start_time : '')(${ALL}.find((o) => o.is_lost === false && String(o.contact_phone_number ?? '') === String($json.contact_phone_number ?? '') && (o.start_time > $json.start_time || (o.start_time === $json.start_time && Number(o.id) > Number($json.id))))) }}`,
				],
			],
		),
	);
	const what = g.add(
		switchNode(
			'What to do?',
			[260, 20],
			[
				['callback', "$json.verdict === 'callback'"],
				['called back', "$json.verdict === 'called back'"],
				['answered', "$json.verdict === 'answered'"],
			],
			'nothing',
		),
	);
	const nothing = g.add(noOp('Not a lost call to act on (or too fresh)', [500, 600]));
	// a claim whose tick died (n8n killed mid-call) goes back to waiting; above Read call log, so n8n's v1 order runs
	// it first and this tick already sees the row as waiting (docs/architecture.md, "The reminder ledger": a stale
	// claim is taken over)
	const stale = g.add(
		tableUpdate(
			'Release stale claims',
			[-220, -130],
			TABLE,
			[
				['status', 'eq', "'calling'"],
				['claimedMs', 'lte', minutesAgo('staleClaimMinutes')],
			],
			{
				status: 'null',
				claim: 'null',
				reason: `'the tick that claimed this callback stopped before recording it; taken over after ' + ${S}.staleClaimMinutes + ' min (Skip If Already Started finds a call it placed)'`,
			},
		),
	);
	// every tick: a handful of rows each time, so a year of history drains within days and no run is big; placed
	// below the callbacks, so n8n's v1 order runs it last and a wrong setting stops nothing that matters
	const cleanUp = addRetention(g, {
		table: TABLE,
		// waiting (empty) and calling rows can still change; an edit in the table view can leave '' (1.x's
		// isNotEmpty is only IS NOT NULL)
		final: [
			['status', 'isNotEmpty'],
			['status', 'neq', "'calling'"],
			['status', 'neq', "''"],
		],
		at: [-220, 960],
		finalText: ['called, not needed, failed', 'called, not needed, failed'],
		// a row removed while its lost call is still in the call log read would wait again and be called back twice
		extraProblem: `d > 0 && d * 24 <= Number(${S}.lookbackHours) ? 'Settings → retentionDays (' + d + ') must be longer than lookbackHours (' + ${S}.lookbackHours + ' h): a row removed while its lost call is still in the call log read each tick would wait again and be called back twice. Set retentionDays to at least ' + (Math.floor(Number(${S}.lookbackHours) / 24) + 1) + ', or 0' : ''`,
	});
	g.link(settings, [stale, readLog, cleanUp.start]);
	g.chain(readLog, judge, what);
	g.link(what, nothing, 3);
	return { what };
}

/** Closed without a callback: called back or answered by the patient, or given up */
function addClosedWithoutCallback(g: Graph, { what }: { what: string }) {
	g.note(
		'Close note',
		[480, 260],
		760,
		200,
		`### 3. Close / Закрытие
*Record callback result*: the callback is in the call log → its result (once). *Close as not needed*: the number got through after the lost call → its waiting rows close.

*Record callback result*: перезвон уже в журнале — пишем результат (один раз). *Close as not needed*: номер дозвонился после пропущенного — ожидающие строки закрываются.`,
	);
	const result = g.add(
		tableUpdate(
			'Record callback result',
			[500, 300 + 180],
			TABLE,
			[
				['lostCallId', 'eq', '$json.lostCallId'],
				['result', 'isEmpty'],
			],
			{
				status: "'called'",
				callSessionId: '$json.callbackCallId',
				result: "$json.callbackAnswered ? 'answered' : 'not answered'",
			},
		),
	);
	const closeAnswered = g.add(
		tableUpdate(
			'Close as not needed',
			[740, 480],
			TABLE,
			[
				['phone', 'eq', '$json.phone'],
				['status', 'isEmpty'],
			],
			{
				status: "'not needed'",
				reason: "'the number got through: answered call ' + $json.answeredCall",
			},
		),
	);
	g.link(what, result, 1);
	g.link(what, closeAnswered, 2);
}

/** Claim and call back: one execution claims each call, then dials the operator and the patient */
function addClaimAndCallBack(g: Graph, { what }: { what: string }) {
	g.note(
		'Call note',
		[480, -420],
		2180,
		240,
		`### 2. Claim, call back / Захват и перезвон
*Keep row* upserts only fields without state, so staff see every lost call waiting (empty status). Outside working hours nothing is dialled: rows wait for the next tick in hours. *Claim callback* sets status "calling" only while it is empty (all conditions): the node outputs only rows it changed, so of two overlapping ticks only one dials. *Still waiting?* keeps the tick's share for rows still waiting: a *failed* row stays for staff and never takes a slot. *Call back*: operator first, external id = lost call id, Skip If Already Started on. A failed start is not re-sent. *Release stale claims* puts a row a dead tick left *calling* back to waiting after staleClaimMinutes (longer than any tick takes); the external-id lookup finds a call it had placed.

*Keep row* обновляет только поля без состояния: администраторы видят каждый ожидающий пропущенный (пустой статус). Вне рабочих часов не звоним — строки ждут. *Claim callback* ставит «calling», только пока статус пуст: из двух одновременных запусков звонит один. *Call back*: сначала оператор, external id = id пропущенного, Skip If Already Started. *Still waiting?*: долю тика делят только ожидающие строки, *failed* остаётся администратору и места не занимает. Неудачный запуск не повторяется. *Release stale claims* возвращает в ожидание строку, которую упавший тик оставил в «calling», через staleClaimMinutes (дольше любого тика); поиск по external id найдёт начатый им звонок.`,
	);
	const keep = g.add(
		tableUpsert('Keep row', [500, -120], TABLE, ['lostCallId', '$json.lostCallId'], {
			lostCallId: '$json.lostCallId',
			phone: '$json.phone',
			lostAt: '$json.lostAt',
		}),
	);
	// an older lost call of the same number waiting from closed hours: the newest one gets the callback instead
	const closeOlder = g.add(
		tableUpdate(
			'Close older waits',
			[740, -280],
			TABLE,
			[
				['phone', 'eq', `${JUDGED}.phone`],
				['status', 'isEmpty'],
				['lostCallId', 'neq', `${JUDGED}.lostCallId`],
			],
			{
				status: "'not needed'",
				reason: `'a newer lost call from this number (' + ${JUDGED}.lostCallId + ') gets the callback'`,
			},
		),
	);
	const open = g.add(ifNode('In working hours?', [740, -100], WORKING_HOURS));
	const closed = g.add(noOp('Outside working hours: rows wait', [980, 60]));
	// only rows still waiting compete for the tick's share: a failed row (kept for staff, never re-sent) or one being
	// called must not take a slot on every tick
	const waiting = g.add(ifNode('Still waiting?', [980, -120], '!$json.status'));
	const notWaiting = g.add(noOp('Failed, calling or done: not picked', [1220, 60]));
	const share = g.add(
		ifNode("This tick's share?", [1220, -120], `$itemIndex < Number(${S}.callbacksPerTick)`),
	);
	const later = g.add(noOp('Next tick takes the rest', [1460, 60]));
	const claim = g.add(
		tableUpdate(
			'Claim callback',
			[1460, -140],
			TABLE,
			[
				['lostCallId', 'eq', `${JUDGED}.lostCallId`],
				['status', 'isEmpty'],
			],
			{
				status: "'calling'",
				claim: 'String($execution.id)',
				claimedMs: '$now.toMillis()',
				calledAt: `$now.setZone(${S}.timeZone).toISO()`,
				reason: "'calling back: operator first'",
			},
			true,
		),
	);
	// a Postgres race can leave two rows for one lost call: one claim changes both, so keep the first of each
	const won = g.add(ifNode('Won the claim?', [1700, -140], firstOfKey('lostCallId')));
	const lost = g.add(noOp('Lost the claim (another run has it)', [1940, 60]));
	const call = g.add({
		name: 'Call back',
		type: `${PKG}.coMagic`,
		typeVersion: 1,
		position: [1940, -160],
		onError: 'continueRegularOutput',
		credentials: COMAGIC_CREDENTIAL,
		parameters: {
			resource: 'call',
			operation: 'startSimpleCall',
			virtualPhoneNumber: { __rl: true, mode: 'id', value: `={{ ${S}.virtualNumber }}` },
			contact: '={{ $json.phone }}',
			operator: `={{ ${S}.operatorPhone }}`,
			firstCall: 'operator',
			options: {
				direction: 'out',
				externalId: '={{ $json.lostCallId }}',
				skipIfStarted: true,
				skipLookbackHours: `={{ Number(${S}.lookbackHours) + 1 }}`,
				operatorMessageText: `={{ ${S}.operatorMessage }}`,
			},
		},
	});
	const started = g.add(
		ifNode(
			'Call started?',
			[2180, -160],
			'!$json.error && $json.call_session_id !== null && $json.call_session_id !== undefined',
		),
	);
	const W = "$('Won the claim?').item.json";
	const mine: Array<[string, 'eq', string]> = [
		['lostCallId', 'eq', `${W}.lostCallId`],
		['claim', 'eq', `${W}.claim`],
	];
	const recordCall = g.add(
		tableUpdate('Record callback', [2420, -260], TABLE, mine, {
			status: "'called'",
			callSessionId: 'String($json.call_session_id)',
			reason: `$json.skipped ? 'a call with this external id is already in the call log (call ' + $json.call_session_id + '): not rung again' : 'callback started: operator ' + ${S}.operatorPhone + ', then ' + ${W}.phone`,
		}),
	);
	const recordFail = g.add(
		tableUpdate('Record failed start', [2420, -60], TABLE, mine, {
			status: "'failed'",
			reason:
				"'start failed, not re-sent (the call may have gone out): ' + String($json.error?.message ?? $json.error ?? 'no call session id')",
		}),
	);
	g.link(what, keep, 0);
	g.link(keep, [closeOlder, open]);
	g.link(open, waiting, 0);
	g.link(open, closed, 1);
	g.link(waiting, share, 0);
	g.link(waiting, notWaiting, 1);
	g.link(share, claim, 0);
	g.link(share, later, 1);
	g.link(claim, won);
	g.link(won, call, 0);
	g.link(won, lost, 1);
	g.link(call, started);
	g.link(started, recordCall, 0);
	g.link(started, recordFail, 1);
}
