/**
 * Staff alerts: what the clinic's staff must hear, sent to their Telegram chat and/or mailbox.
 * - an operator request (the patient pressed 3): within a minute, once per visit — the reminder calls this workflow
 *   the moment it records the answer; the minute tick sends any it missed;
 * - one digest a day at digestHour (clinic zone): unreached patients and missed calls nobody called back;
 * - faults: a template execution that failed (this is every template's Error Workflow), a clinic system failing for
 *   longer than faultAfterMinutes, Voicebox refusing the login (HTTP 401) — each once, then again only after it was
 *   quiet for faultClearMinutes and came back; the clinic system's recovery is announced too.
 * Every message follows a claim of its own (a conditional update: only one execution wins), as the ledger's rules
 * ask; a claim whose execution died is released after staleClaimMinutes and sent by a later tick.
 */
import {
	Graph,
	READ_ANYWAY,
	ifNode,
	noOp,
	scheduleNode,
	setNode,
	subWorkflowTrigger,
	switchNode,
	tableGet,
	tableUpdate,
	tableUpsert,
	webhookNode,
	type Json,
	type TableRef,
	type WfNode,
} from './build';
import { codeNode } from './code';
import { firstOfKey, minutesAgo, S } from './expressions';
import {
	CALLBACK_COLUMNS,
	LEDGER_COLUMNS,
	STAFF_ALERT_COLUMNS,
	STAFF_ALERT_WEBHOOKS,
	STORAGE_WARN_PERCENT,
} from './names';

const LEDGER: TableRef = { idExpression: `${S}.ledgerTableId`, columns: LEDGER_COLUMNS };
const CALLBACKS: TableRef = { idExpression: `${S}.callbackTableId`, columns: CALLBACK_COLUMNS };
const ALERTS: TableRef = { idExpression: `${S}.alertsTableId`, columns: STAFF_ALERT_COLUMNS };

/** The node names a test or the setup looks for. */
export const STAFF_ALERT_NODES = {
	telegram: 'Send to Telegram',
	email: 'Send e-mail',
};

/** The claim an execution writes before it sends: `sending <execution id> <kind>`. */
const token = (kind: string) => `'sending ' + $execution.id + ' ${kind}'`;
const NOW = '$now.toMillis()';
const hoursAgoIso = (hours: number) => `$now.minus({ hours: ${hours} }).toUTC().toISO()`;

/**
 * The patient part of a message: name and phone only when Settings → patientData is "name and phone" (a staff chat
 * is often a group chat). `row` is an expression of a ledger row.
 */
const PATIENT = `((r) => ${S}.patientData === 'name and phone' ? [r.patientName, r.phone ? '+' + String(r.phone).replace(/^\\+/, '') : ''].filter((x) => !!x).join(', ') : '')`;
/** Visit start in the clinic's zone, e.g. 06.12 10:30. */
const WHEN = `((iso) => iso ? DateTime.fromISO(String(iso), { setZone: true }).setZone(${S}.clinicTimeZone).toFormat('dd.MM HH:mm') : '')`;
/** A fault text as staff see it: phone-like numbers masked unless the clinic chose names and phones; bounded. */
const FAULT_TEXT = `((t) => { const s = String(t || '').slice(0, 600); return ${S}.patientData === 'name and phone' ? s : s.replace(/\\+?\\d[\\d ()-]{8,}\\d/g, '…'); })`;
/** The headline of a fault by kind ({min}: how long it has lasted); any other failure is "Сбой в «workflow»". */
const FAULT_HEADLINES: Record<string, string> = {
	clinic: '⚠️ Клиническая система не отвечает {min} мин: напоминания не получают визиты.',
	voicebox:
		'⚠️ Voicebox отклоняет логин и пароль (HTTP 401): звонки пациентам не уходят. Обновите пароль в учётных данных «MTT Voicebox account».',
	storage: `⚠️ Data tables n8n заполнены больше чем на ${STORAGE_WARN_PERCENT} %.`,
};
const FAULT_SUBJECTS: Record<string, string> = {
	clinic: 'Сбой: клиническая система не отвечает',
	voicebox: 'Сбой: Voicebox не принимает логин',
	storage: 'Внимание: заканчивается место в Data tables n8n',
};
const RECOVERED: Record<string, string> = {
	clinic: 'Клиническая система снова отвечает',
	storage: `Место в Data tables снова ниже ${STORAGE_WARN_PERCENT} %`,
};
/** The report checks the Data Tables hourly: the warning is over after two hourly runs without it. */
const STORAGE_QUIET_MINUTES = 150;
const REPORT_LINE = `(${S}.reportUrl ? '\\nОтчёт: ' + ${S}.reportUrl : '')`;

const OVERVIEW = `## Staff alerts: operator requests, the day's digest, faults
Tells the clinic's staff, in their **Telegram** chat and/or by **e-mail** (Settings → channel), what they must act on:
1. **Operator request** — the patient pressed 3: the reminder calls this workflow as soon as it records the answer (*staffAlertsWorkflowId* in its Settings), so the message goes out within seconds; the minute tick sends any it missed. Once per visit, however often the callback repeats.
2. **Digest** once a day at *digestHour* (clinic zone): patients not reached after every attempt, and missed calls whose callback failed — one message, not one each.
3. **Faults** — set this workflow as the **Error Workflow** of every template (the setup does): a failed execution is told once with the workflow's name and the error; the clinic system failing for longer than *faultAfterMinutes* is told once and its recovery once; Voicebox refusing the login (HTTP 401, a changed password) is told at once. A fault is told again only after *faultClearMinutes* without it.
**patientData**: "visit id only" (default, for group chats) leaves names and phones out of every message, and masks phone-like numbers in error texts; "name and phone" adds them.
Credentials: *Staff Telegram bot* (n8n's Telegram API: bot token; its Base URL stays api.telegram.org) and *Staff mailbox* (n8n's SMTP).`;

const OVERVIEW_RU = `## Оповещения персонала: просьба оператора, сводка дня, сбои
Сообщает персоналу клиники в **Telegram** и/или по **почте** (Settings → channel) то, что требует действий:
1. **Просьба оператора** — пациент нажал 3: напоминание вызывает этот процесс сразу, как записало ответ, сообщение уходит за секунды; ежеминутный тик досылает пропущенное. Один раз на визит, сколько бы раз ни повторялся callback.
2. **Сводка** раз в день в *digestHour* (пояс клиники): до кого не дозвонились за все попытки и пропущенные звонки, на которые не удалось перезвонить — одним сообщением.
3. **Сбои** — этот процесс указывается как **Error Workflow** во всех шаблонах (это делает setup): упавший запуск — одно сообщение с именем процесса и ошибкой; клиническая система не отвечает дольше *faultAfterMinutes* — одно сообщение о сбое и одно о восстановлении; Voicebox отклоняет логин (HTTP 401, сменили пароль) — сразу. Повторно — только если сбой пропал на *faultClearMinutes* и вернулся.
**patientData**: «visit id only» (по умолчанию, для групповых чатов) — без ФИО и телефонов, номера в текстах ошибок скрыты; «name and phone» — с ними.`;

const SETTINGS_NOTE = `### Settings / Настройки
channel: telegram, email or both · telegramChatId (a group: -100…) · emailTo, emailFrom · patientData: visit id only / name and phone · clinicTimeZone · digestHour (0–23) · faultAfterMinutes · faultClearMinutes · staleClaimMinutes · reportUrl (the report page, for the link) · the three table ids (the setup fills them).

Канал, чат, адреса, какие данные пациента писать, пояс клиники, час сводки, через сколько минут сообщать о сбое и считать его ушедшим, ссылка на отчёт, id таблиц (заполняет setup).`;

function sendNodes(g: Graph, at: [number, number]): string {
	const [x, y] = at;
	const message = g.add(noOp('Staff message', [x, y]));
	const toTelegram = g.add(
		ifNode('To Telegram?', [x + 220, y], `['telegram', 'both'].includes(${S}.channel)`),
	);
	const telegram = g.add({
		name: STAFF_ALERT_NODES.telegram,
		type: 'n8n-nodes-base.telegram',
		typeVersion: 1.2,
		position: [x + 440, y - 100],
		credentials: { telegramApi: { name: 'Staff Telegram bot' } },
		onError: 'continueRegularOutput',
		retryOnFail: true,
		maxTries: 3,
		waitBetweenTries: 3000,
		parameters: {
			chatId: `={{ ${S}.telegramChatId }}`,
			// the node always sets a parse mode (Markdown unless told): HTML with the text escaped, so an error text
			// with a _ or * is not refused as broken formatting ("can't parse entities")
			text: "={{ $json.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') }}",
			additionalFields: {
				appendAttribution: false,
				disable_web_page_preview: true,
				parse_mode: 'HTML',
			},
		},
	} as Omit<WfNode, 'id'>);
	const toEmail = g.add(
		ifNode('To e-mail?', [x + 660, y], `['email', 'both'].includes(${S}.channel)`),
	);
	const M = "$('Staff message').item.json";
	const email = g.add({
		name: STAFF_ALERT_NODES.email,
		type: 'n8n-nodes-base.emailSend',
		typeVersion: 2.1,
		position: [x + 880, y - 100],
		credentials: { smtp: { name: 'Staff mailbox' } },
		onError: 'continueRegularOutput',
		retryOnFail: true,
		maxTries: 3,
		waitBetweenTries: 3000,
		parameters: {
			fromEmail: `={{ ${S}.emailFrom }}`,
			toEmail: `={{ ${S}.emailTo }}`,
			subject: `={{ ${M}.subject }}`,
			emailFormat: 'text',
			text: `={{ ${M}.text }}`,
			options: { appendAttribution: false },
		},
	} as Omit<WfNode, 'id'>);
	// delivered when any chosen channel took it: a resend then would repeat it where it did arrive
	const tg = `($('${STAFF_ALERT_NODES.telegram}').isExecuted ? $('${STAFF_ALERT_NODES.telegram}').item.json : null)`;
	const em = `($('${STAFF_ALERT_NODES.email}').isExecuted ? $('${STAFF_ALERT_NODES.email}').item.json : null)`;
	const delivered = g.add(
		ifNode('Delivered?', [x + 1100, y], `[${tg}, ${em}].some((r) => r !== null && !r.error)`),
	);
	const tokenOf = `${M}.token`;
	const markFilters = (column: string): Array<[string, 'eq' | 'like', string]> => [
		[column, 'eq', tokenOf],
		[column, 'like', "'sending%'"],
	];
	const markLedger = g.add(
		tableUpdate('Mark told (ledger)', [x + 1340, y - 160], LEDGER, markFilters('staffAlert'), {
			staffAlert: "'sent'",
		}),
	);
	const markCallbacks = g.add(
		tableUpdate('Mark told (missed calls)', [x + 1340, y], CALLBACKS, markFilters('staffAlert'), {
			staffAlert: "'sent'",
		}),
	);
	const markFault = g.add(
		tableUpdate('Mark told (faults)', [x + 1340, y + 160], ALERTS, markFilters('state'), {
			state: "'sent'",
		}),
	);
	const notDelivered = g.add({
		name: 'Not delivered: retried later',
		type: 'n8n-nodes-base.stopAndError',
		typeVersion: 1,
		position: [x + 1340, y + 320],
		parameters: {
			errorMessage: `=Staff message not delivered ({{ [${tg}, ${em}].filter((r) => r && r.error).map((r) => String(r.error.message || r.error)).join('; ') || 'no channel chosen: Settings → channel' }}). It stays claimed and is sent again after staleClaimMinutes; check the Staff Telegram bot / Staff mailbox credentials and Settings → telegramChatId / emailTo.`,
		},
	});
	g.link(message, toTelegram);
	g.link(toTelegram, telegram, 0);
	g.link(toTelegram, toEmail, 1);
	g.link(telegram, toEmail);
	g.link(toEmail, email, 0);
	g.link(toEmail, delivered, 1);
	g.link(email, delivered);
	g.link(delivered, [markLedger, markCallbacks, markFault], 0);
	g.link(delivered, notDelivered, 1);
	return message;
}

export function staffAlertsWorkflow(): Json {
	const g = new Graph('staff-alerts');
	g.note('Overview', [-1300, -700], 640, 760, OVERVIEW, 4);
	g.note('Overview (RU)', [-1300, 100], 640, 700, OVERVIEW_RU, 4);
	g.note('Settings note', [-640, -380], 380, 300, SETTINGS_NOTE, 6);

	const { entry } = addEntry(g);
	const faults = addFaults(g);
	const { claimOne, operatorMessage } = addOperatorRequests(g);
	const minuteTick = addMinuteTick(g);
	const digest = addDigest(g);

	g.link(entry, faults.fromRun, 0);
	g.link(entry, faults.reported, 1);
	g.link(entry, claimOne, 2);
	g.link(
		entry,
		[
			minuteTick.staleLedger,
			minuteTick.staleCallbacks,
			minuteTick.staleFaults,
			minuteTick.claimMissed,
			minuteTick.openFaults,
			minuteTick.cleared,
			minuteTick.clearedStorage,
			minuteTick.forgotten,
			digest.digestDue,
		],
		3,
	);
	g.link(faults.fromRun, faults.seen);
	g.link(faults.reported, faults.seen);
	g.chain(faults.seen, faults.faultRow, faults.isNew);
	g.link(faults.isNew, faults.open, 0);
	g.link(faults.isNew, faults.again, 1);
	g.link(faults.open, faults.claimFault);
	g.link(faults.again, faults.claimFault);
	g.link(minuteTick.openFaults, faults.claimFault);
	// a Postgres race can leave two rows for one key, and one claim then changes both: one message per key
	const oneFault = g.add(ifNode('One message per fault', [1110, -380], firstOfKey('key')));
	const oneVisit = g.add(ifNode('One message per visit', [1000, 200], firstOfKey('visitId')));
	g.chain(faults.claimFault, oneFault, faults.faultMessage);
	g.link(claimOne, oneVisit);
	g.link(minuteTick.claimMissed, oneVisit);
	g.link(oneVisit, operatorMessage);
	g.link(minuteTick.cleared, minuteTick.announce);
	g.link(minuteTick.clearedStorage, minuteTick.announce);
	g.link(minuteTick.announce, minuteTick.recovered, 0);
	g.link(digest.digestDue, digest.dayRow, 0);
	g.link(digest.dayRow, digest.notYet);
	g.chain(
		digest.notYet,
		digest.markDay,
		digest.claimDay,
		digest.claimUnreached,
		digest.claimCallbacks,
		digest.digest,
	);

	const send = sendNodes(g, [1460, 200]);
	for (const m of [faults.faultMessage, operatorMessage, minuteTick.recovered, digest.digest])
		g.link(m, send);

	// a quiet tick every minute: successful runs are not kept (the messages and staff_alerts are the record)
	return g.workflow('Staff alerts', { saveDataSuccessExecution: 'none' });
}

/** The entries: a failed template run, a call from a template, the minute tick and Run now, through Settings to Which entry? */
function addEntry(g: Graph) {
	const failed = g.add({
		name: 'When a template fails',
		type: 'n8n-nodes-base.errorTrigger',
		typeVersion: 1,
		position: [-640, 0],
		parameters: {},
	});
	const called = g.add(subWorkflowTrigger('When called by a template', [-640, 200]));
	const tick = g.add(
		scheduleNode('Every minute', [-640, 400], { field: 'minutes', minutesInterval: 1 }),
	);
	// the minute tick on demand (tests, "check now"): every step is guarded by its claim, so an extra run is harmless
	const runNow = g.add(
		webhookNode('Run now', [-640, 600], STAFF_ALERT_WEBHOOKS.runNow, 'POST', {
			responseMode: 'lastNode',
			responseData: 'noData',
		}),
	);
	const settings = g.add(
		setNode(
			'Settings',
			[-400, 200],
			[
				['channel', 'string', 'telegram'],
				['telegramChatId', 'string', ''],
				['emailTo', 'string', ''],
				['emailFrom', 'string', ''],
				['patientData', 'string', 'visit id only'],
				['clinicTimeZone', 'string', 'Europe/Moscow'],
				['digestHour', 'number', 19],
				['faultAfterMinutes', 'number', 10],
				['faultClearMinutes', 'number', 5],
				['staleClaimMinutes', 'number', 10],
				['reportUrl', 'string', ''],
				['ledgerTableId', 'string', ''],
				['callbackTableId', 'string', ''],
				['alertsTableId', 'string', ''],
			],
			true,
		),
	);
	const entry = g.add(
		switchNode(
			'Which entry?',
			[-160, 200],
			[
				['failed run', '$json.execution !== undefined || $json.trigger !== undefined'],
				['fault reported', "$json.kind === 'fault'"],
				['operator request', "$json.kind === 'operator'"],
			],
			'tick',
		),
	);
	g.link(failed, settings);
	g.link(called, settings);
	g.link(tick, settings);
	g.link(runNow, settings);
	g.link(settings, entry);
	return { entry };
}

/** Faults: a failed run or a reported fault opens or repeats its row, claimed once per message. */
function addFaults(g: Graph) {
	g.note(
		'Fault note',
		[80, -620],
		900,
		240,
		`### Faults / Сбои
A fault has one row in **staff_alerts** by its key: the clinic system (one key, whatever the error), Voicebox's login, or a failed workflow at a node. *Claim fault message* turns it from open to sending only once it has lasted *afterMs* (0 for a failed run and Voicebox's 401, faultAfterMinutes for the clinic system) and only for one execution. The tick clears a fault unseen for faultClearMinutes; only the clinic system's recovery is announced.

Сбой — одна строка в **staff_alerts** по ключу. Сообщение уходит один раз, когда сбой длится дольше afterMs; через faultClearMinutes без повторов он считается ушедшим (о восстановлении клинической системы сообщается).`,
	);
	const E = '$json.execution';
	const fromRun = g.add(
		setNode(
			'Fault from failed run',
			[80, -300],
			[
				[
					'kind',
					'string',
					`={{ ${E} && ${E}.lastNodeExecuted === 'Clinic system failed' ? 'clinic' : 'run' }}`,
				],
				[
					'key',
					'string',
					`={{ ${E} && ${E}.lastNodeExecuted === 'Clinic system failed' ? 'clinic' : 'run:' + $json.workflow.id + ':' + ((${E} && ${E}.lastNodeExecuted) || ($json.trigger && $json.trigger.error && $json.trigger.error.node && $json.trigger.error.node.name) || 'trigger') }}`,
				],
				['workflow', 'string', '={{ $json.workflow.name }}'],
				[
					'text',
					'string',
					`={{ String((${E} && ${E}.error && ${E}.error.message) || ($json.trigger && $json.trigger.error && $json.trigger.error.message) || 'no error message') }}`,
				],
				['url', 'string', `={{ (${E} && ${E}.url) || '' }}`],
				[
					'afterMs',
					'number',
					`={{ ${E} && ${E}.lastNodeExecuted === 'Clinic system failed' ? Number(${S}.faultAfterMinutes) * 60000 : 0 }}`,
				],
				[
					'notifyClear',
					'boolean',
					`={{ !!(${E} && ${E}.lastNodeExecuted === 'Clinic system failed') }}`,
				],
			],
		),
	);
	// the fault reported by a template (Voicebox's 401) already has these fields
	const reported = g.add(
		setNode(
			'Fault reported',
			[80, -140],
			[
				['kind', 'string', "={{ String($json.faultKind || 'run') }}"],
				['key', 'string', '={{ String($json.key) }}'],
				['workflow', 'string', "={{ String($json.workflow || '') }}"],
				['text', 'string', "={{ String($json.text || '') }}"],
				['url', 'string', "={{ String($json.url || '') }}"],
				['afterMs', 'number', '={{ Number($json.afterMinutes || 0) * 60000 }}'],
				['notifyClear', 'boolean', '={{ $json.notifyClear === true }}'],
			],
		),
	);
	const faultRow = g.add({
		...tableGet('Fault row', [320, -220], ALERTS, [['key', 'eq', '$json.key']], 'all', '1'),
		...READ_ANYWAY,
	});
	const F = "$('Fault seen').item.json";
	const seen = g.add(noOp('Fault seen', [200, -220]));
	const isNew = g.add(
		ifNode('New or came back?', [540, -220], `!$json.key || $json.state === 'cleared'`),
	);
	const open = g.add(
		tableUpsert('Open fault', [760, -300], ALERTS, ['key', `${F}.key`], {
			key: `${F}.key`,
			kind: `${F}.kind`,
			state: "'open'",
			firstMs: NOW,
			lastMs: NOW,
			sentMs: 'null',
			afterMs: `${F}.afterMs`,
			count: '1',
			workflow: `${F}.workflow`,
			text: `${F}.text`,
			url: `${F}.url`,
			notifyClear: `${F}.notifyClear`,
		}),
	);
	const again = g.add(
		tableUpdate('Fault seen again', [760, -140], ALERTS, [['key', 'eq', `${F}.key`]], {
			lastMs: NOW,
			count: 'Number($json.count || 0) + 1',
			text: `${F}.text`,
			url: `${F}.url`,
		}),
	);
	// the claim: open → sending, only once the fault is old enough and only for one execution
	const claimFault = g.add(
		tableUpdate(
			'Claim fault message',
			[1000, -220],
			ALERTS,
			[
				['key', 'eq', '$json.key'],
				['state', 'eq', "'open'"],
				['firstMs', 'lte', `${NOW} - Number($json.afterMs || 0)`],
			],
			{ state: token('fault'), sentMs: NOW },
		),
	);
	const faultMessage = g.add(
		setNode(
			'Fault message',
			[1220, -220],
			[
				['token', 'string', `={{ ${token('fault')} }}`],
				[
					'subject',
					'string',
					`={{ (${JSON.stringify(FAULT_SUBJECTS)})[$json.kind] || 'Сбой: ' + $json.workflow }}`,
				],
				[
					'text',
					'string',
					`={{ ((${JSON.stringify(FAULT_HEADLINES)})[$json.kind] || '⚠️ Сбой в «' + $json.workflow + '».').replace('{min}', Math.max(1, Math.round((${NOW} - $json.firstMs) / 60000))) + ($json.kind === 'storage' ? '\\n' : '\\nОшибка: ') + ${FAULT_TEXT}($json.text) + ($json.workflow && $json.kind !== 'run' ? '\\nПроцесс: ' + $json.workflow : '') + ($json.url ? '\\nЗапуск: ' + $json.url : '') }}`,
				],
			],
		),
	);
	return { fromRun, reported, faultRow, seen, isNew, open, again, claimFault, faultMessage };
}

/** An operator request not yet told to staff, plus `extra` filters. */
function operatorFilters(
	extra: Array<[string, 'eq' | 'gte', string]>,
): Array<[string, 'eq' | 'gte' | 'isEmpty', string?]> {
	return [['outcome', 'eq', "'operator'"], ['staffAlert', 'isEmpty'], ...extra];
}

/** Operator requests: one message per visit whose patient asked for a person (claimed once). */
function addOperatorRequests(g: Graph) {
	const claimOne = g.add(
		tableUpdate(
			'Claim operator request',
			[80, 200],
			LEDGER,
			operatorFilters([['visitId', 'eq', 'String($json.visitId)']]),
			{ staffAlert: token('operator'), staffAlertMs: NOW },
		),
	);
	const operatorMessage = g.add(
		setNode(
			'Operator message',
			[1220, 200],
			[
				['token', 'string', `={{ ${token('operator')} }}`],
				['subject', 'string', "={{ 'Пациент просит оператора: визит ' + $json.visitId }}"],
				[
					'text',
					'string',
					`={{ '☎️ Пациент просит связаться с ним (нажал 3).\\nВизит ' + $json.visitId + ($json.visitStart ? ', ' + ${WHEN}($json.visitStart) : '') + ($json.doctor ? ', врач ' + $json.doctor : '') + (${PATIENT}($json) ? '\\nПациент: ' + ${PATIENT}($json) : '') + ${REPORT_LINE} }}`,
				],
			],
		),
	);
	return { claimOne, operatorMessage };
}

/** The minute tick: stale claims given back, missed operator requests, faults still open, cleared or forgotten. */
function addMinuteTick(g: Graph) {
	g.note(
		'Tick note',
		[80, 380],
		900,
		200,
		`### Every minute / Каждую минуту
Releases claims of executions that died (older than staleClaimMinutes), sends operator requests the reminder could not hand over (answers of the last 24 hours), clears quiet faults, and after digestHour sends the day's digest once (the day is marked in staff_alerts).

Снимает «зависшие» захваты, досылает просьбы оператора за сутки, закрывает затихшие сбои, после digestHour один раз отправляет сводку дня.`,
	);
	// a claim whose execution died (n8n stopped mid-send) is given back after staleClaimMinutes
	const release = (
		name: string,
		y: number,
		table: TableRef,
		[claim, since]: [string, string],
		values: Record<string, string>,
	) =>
		g.add({
			...tableUpdate(
				`Release stale claims (${name})`,
				[80, y],
				table,
				[
					[claim, 'like', "'sending%'"],
					[since, 'lt', minutesAgo('staleClaimMinutes')],
				],
				values,
			),
			executeOnce: true,
		});
	const staleLedger = release('ledger', 640, LEDGER, ['staffAlert', 'staffAlertMs'], {
		staffAlert: "''",
	});
	const staleCallbacks = release('missed calls', 800, CALLBACKS, ['staffAlert', 'staffAlertMs'], {
		staffAlert: "''",
	});
	const staleFaults = release('faults', 960, ALERTS, ['state', 'sentMs'], {
		state: "'open'",
		sentMs: 'null',
	});
	const claimMissed = g.add({
		...tableUpdate(
			'Claim operator requests',
			[320, 640],
			LEDGER,
			operatorFilters([['updatedAt', 'gte', hoursAgoIso(24)]]),
			{ staffAlert: token('operator'), staffAlertMs: NOW },
		),
		executeOnce: true,
	});
	const openFaults = g.add({
		...tableGet('Open faults', [320, 1120], ALERTS, [['state', 'eq', "'open'"]], 'all', '50'),
		executeOnce: true,
	});
	// over when not seen for faultClearMinutes; the Data Tables' warning comes from an hourly run: over after two quiet hours
	const quiet = (name: string, y: number, state: string, kind: ['eq' | 'neq', number]) =>
		g.add({
			...tableUpdate(
				name,
				[320, y],
				ALERTS,
				[
					['state', 'eq', `'${state}'`],
					['kind', kind[0], "'storage'"],
					[
						'lastMs',
						'lt',
						kind[1] ? `${NOW} - ${kind[1] * 60000}` : minutesAgo('faultClearMinutes'),
					],
				],
				{ state: "'cleared'" },
			),
			executeOnce: true,
		});
	const cleared = quiet('Clear quiet faults', 1280, 'sent', ['neq', 0]);
	const clearedStorage = quiet('Clear the Data Tables warning', 1360, 'sent', [
		'eq',
		STORAGE_QUIET_MINUTES,
	]);
	const forgotten = quiet('Forget faults that passed', 1440, 'open', ['neq', 0]);
	const announce = g.add(ifNode('Announce recovery?', [540, 1280], '$json.notifyClear === true'));
	const recovered = g.add(
		setNode(
			'Recovery message',
			[1220, 1280],
			[
				// told already (state cleared): nothing to mark
				['token', 'string', "={{ 'told ' + $execution.id }}"],
				[
					'subject',
					'string',
					`={{ 'Восстановлено: ' + ((${JSON.stringify(RECOVERED)})[$json.kind] || $json.workflow) }}`,
				],
				[
					'text',
					'string',
					`={{ '✅ ' + ((${JSON.stringify(RECOVERED)})[$json.kind] || 'Снова работает: ' + $json.workflow) + ' (' + ($json.kind === 'storage' ? 'предупреждение длилось ' : 'сбой длился ') + Math.max(1, Math.round(($json.lastMs - $json.firstMs) / 60000)) + ' мин).' }}`,
				],
			],
		),
	);
	return {
		staleLedger,
		staleCallbacks,
		staleFaults,
		claimMissed,
		openFaults,
		cleared,
		clearedStorage,
		forgotten,
		announce,
		recovered,
	};
}

/** The digest: after digestHour in the clinic's zone, once a day, the unreached patients and failed callbacks */
function addDigest(g: Graph) {
	// the digest: after digestHour in the clinic's zone, once a day
	const DAY = `$now.setZone(${S}.clinicTimeZone).toFormat('yyyy-MM-dd')`;
	const digestDue = g.add(
		ifNode(
			'Digest time?',
			[320, 1600],
			`$now.setZone(${S}.clinicTimeZone).hour >= Number(${S}.digestHour)`,
		),
	);
	const dayRow = g.add({
		...tableGet(
			'Digest sent today?',
			[540, 1600],
			ALERTS,
			[['key', 'eq', `'digest:' + ${DAY}`]],
			'all',
			'1',
		),
		...READ_ANYWAY,
		executeOnce: true,
	});
	// a day's row without a state is one a tick marked but never claimed (it died): the digest is still to send
	const notYet = g.add(ifNode('Not yet today?', [760, 1600], '!$json.key || !$json.state'));
	// the day's row without a state (an upsert racing another tick's keeps the state it finds)...
	const markDay = g.add({
		...tableUpsert('Mark the day', [980, 1600], ALERTS, ['key', `'digest:' + ${DAY}`], {
			key: `'digest:' + ${DAY}`,
			kind: "'digest'",
			firstMs: NOW,
			lastMs: NOW,
		}),
		executeOnce: true,
	});
	// ...then one conditional claim: of ticks racing past "Not yet today?" exactly one gets the day and sends its
	// digest (an upsert is no claim: every caller's values land, and two ticks would send two halves). 'sent' at once,
	// as faults' sweeps expect of a told row: a tick that dies after it costs the day's digest, and its rows come in
	// the next day's (36 hours back).
	const claimDay = g.add({
		...tableUpdate(
			'Claim the day',
			[1200, 1600],
			ALERTS,
			[
				['key', 'eq', `'digest:' + ${DAY}`],
				['state', 'isEmpty'],
			],
			{ state: "'sent'", sentMs: NOW },
		),
		executeOnce: true,
	});
	const claimUnreached = g.add({
		...tableUpdate(
			'Claim unreached',
			[1420, 1600],
			LEDGER,
			[
				['outcome', 'eq', "'unreached'"],
				['staffAlert', 'isEmpty'],
				['updatedAt', 'gte', hoursAgoIso(36)],
			],
			{ staffAlert: token('digest'), staffAlertMs: NOW },
			true,
		),
		executeOnce: true,
	});
	const claimCallbacks = g.add({
		...tableUpdate(
			'Claim failed callbacks',
			[1640, 1600],
			CALLBACKS,
			[
				['status', 'eq', "'failed'"],
				['staffAlert', 'isEmpty'],
				['updatedAt', 'gte', hoursAgoIso(36)],
			],
			{ staffAlert: token('digest'), staffAlertMs: NOW },
			true,
		),
		executeOnce: true,
	});
	const digest = g.add(codeNode('staff-alerts', 'Digest message', [1860, 1600]));
	return { digestDue, dayRow, notYet, markDay, claimDay, claimUnreached, claimCallbacks, digest };
}
