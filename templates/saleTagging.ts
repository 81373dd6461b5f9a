/**
 * The sale tagging template (workflows/sale-tagging.json), written as code: see build.ts.
 *
 * The clinic system posts a paid visit; the workflow finds the call that brought the patient (the communication id
 * it was given, or the newest answered call from the patient's number before the visit) and tags the sale on it.
 * A Data Table row per visit is claimed with a conditional update (all conditions, the node outputs only the rows it
 * changed), so a repeated or concurrent post never tags a second sale; a failure or "no matching call" releases the
 * claim, so a corrected post can try again. Every outcome is answered with a status code and a JSON body.
 */
import {
	Graph,
	ifNode,
	noOp,
	scheduleNode,
	PKG,
	respondJson,
	setNode,
	switchNode,
	tableGet,
	tableUpdate,
	tableUpsert,
	webhookNode,
	type Json,
	type TableRef,
	type WfNode,
} from './build';
import { COMAGIC_CREDENTIAL, firstOfKey, minutesAgo, normalisePhone, S } from './expressions';
import { SALE_COLUMNS, SALE_WEBHOOKS } from './names';
import { addRetention } from './retention';

const TABLE: TableRef = { idExpression: `${S}.salesTableId`, columns: SALE_COLUMNS };

/** The header secret the clinic system sends, as an n8n Header Auth credential (by name only). */
export const PAID_VISIT_CREDENTIAL = { httpHeaderAuth: { name: 'Clinic system webhook' } };

const B = "$('Paid visit').first().json.body";
const R = "$('Check request').first().json";
/** The row this execution claimed: a takeover keeps the first claim's paidAt and amount, so a re-tag is an exact repeat. */
const W = "$('Claimed row').first().json";

/** Why a posted body cannot be tagged ('' = it can), each answer saying how to fix it. */
const PROBLEM = `((b) => {
	if (!b || typeof b !== 'object' || Array.isArray(b)) return 'send a JSON object: {"visitId", "amount", "paidAt", and "phone" or "communicationId"}';
	if (!String(b.visitId ?? b.paymentId ?? '').trim()) return 'visitId is missing: send the id of the paid visit (or paymentId), so a repeated post is recognised';
	if (b.amount === undefined || b.amount === null || String(b.amount).trim() === '') return 'amount is missing: send the amount paid as a number, e.g. "amount": 3500';
	if (typeof b.amount === 'boolean' || !Number.isFinite(Number(b.amount)) || Number(b.amount) < 0) return 'amount "' + b.amount + '" is not a number of zero or more: send e.g. "amount": 3500';
	const comm = String(b.communicationId ?? '').trim();
	const phone = String(b.phone ?? '').trim();
	if (!comm && !phone) return 'phone or communicationId is missing: send the phone of the patient (e.g. "+7 912 345-67-89") or the CoMagic communicationId of the call';
	if (comm && !/^[1-9]\\d*$/.test(comm)) return 'communicationId "' + comm + '" is not a CoMagic call id (digits only)';
	if (!comm && ${normalisePhone('phone')} === '') return 'phone "' + phone + '" is not a Russian number: send it like +7 912 345-67-89, or send communicationId';
	const at = b.paidAt ?? b.date;
	if (at !== undefined && at !== null && String(at).trim() !== '' && !DateTime.fromISO(String(at)).isValid) return 'paidAt "' + at + '" is not an ISO date: send e.g. 2026-11-30T14:05:00+03:00';
	const keep = Number(${S}.retentionDays);
	const t = String(at ?? '').trim();
	const paid = DateTime.fromISO(t, { zone: ${S}.timeZone });
	if (t && Number.isInteger(keep) && keep > 0 && (t.length === 10 ? paid.endOf('day') : paid) < $now.minus({ days: keep })) return 'paidAt "' + at + '" is more than ' + keep + ' days ago (Settings → retentionDays): rows of visits that old are removed, so a repeated post could not be told from a new one and might tag a second sale. Tag it in CoMagic by hand, or raise retentionDays';
	return '';
})(${B})`.replace(/\n\t*/g, ' ');

/** The visit time in the clinic's zone: the posted paidAt (a bare date = the end of that day, never after now), else now. */
const PAID_AT = `((at) => { const t = String(at ?? '').trim(); if (!t) return $now.setZone(${S}.timeZone).toISO(); const d = DateTime.fromISO(t, { zone: ${S}.timeZone }); if (!d.isValid) return ''; const end = t.length === 10 ? DateTime.min(d.endOf('day'), $now.setZone(${S}.timeZone)) : d; return end.setZone(${S}.timeZone).toISO(); })(${B}?.paidAt ?? ${B}?.date)`;

const OVERVIEW = `## Tag sales in CoMagic when the clinic system reports a paid visit

**How it works.** The clinic system posts a paid visit to *Paid visit*: \`{"visitId", "amount", "paidAt", "phone"}\` or \`{"visitId", "amount", "paidAt", "communicationId"}\`.
1. **Checks** the body: no visitId, no amount, no phone and no communication id, or a phone that is not a number → **400** with what to fix; nothing is tagged.
2. **Claims** the visit in the Data Table **sale_tags** (one row per visit; a conditional update only one request can win). A repeated post gets **200 "already tagged"** and changes nothing; a concurrent one **409**. A claim left by an execution that died (n8n stopped mid-tag) is taken over by the next post after *staleClaimMinutes*, with the first claim's date and amount, so a sale that did go through is not added twice.
3. **Finds the call**: the communication id it was given, or the **newest answered call** from that number within *lookbackDays* **before** the visit.
4. **Tags the sale** (CoMagic *Tag Sale*) on that call: **200 "tagged"** with the communication id. No matching call → **404 "no matching call"**: reported, never guessed. CoMagic down → **502**; both release the claim, so a later post tries again.

**Clean-up.** Every night (and on a POST to *Clean up now*, same header secret) tagged rows older than *retentionDays* (45) are removed, at most *cleanupPerRun* per run; 0 keeps every row. A post whose paidAt is older than retentionDays gets **400**: its row may be gone, so a repeat could not be recognised.

**Setup**
1. Create the Data Table **sale_tags** (columns in workflows/README.md).
2. In **Settings** set salesTableId and the CoMagic account's time zone; lookbackDays, callDirection and commentPrefix if you like.
3. *Paid visit* checks a header secret: create a **Header Auth** credential (e.g. name \`X-Clinic-Secret\`, a long random value) and give the clinic system the Production URL and the header.
4. Pick your **CoMagic** credential in *Get call*, *Find call* and *Tag sale*. CoMagic must count sales for the site («Учитывать продажи»). Activate.`;

const OVERVIEW_RU = `## Продажа в CoMagic, когда МИС сообщает об оплаченном визите

**Как работает.** МИС отправляет оплаченный визит в *Paid visit*: \`{"visitId", "amount", "paidAt", "phone"}\` или \`{"visitId", "amount", "paidAt", "communicationId"}\`.
1. **Проверяет** тело: нет visitId, нет суммы, нет ни телефона, ни id обращения, или телефон неверен — ответ **400** с тем, что исправить; продажа не ставится.
2. **Захватывает** визит в Data Table **sale_tags** (одна строка на визит; условное обновление выигрывает только один запрос). Повторная отправка получает **200 "already tagged"** и ничего не меняет; одновременная — **409**. Захват запуска, упавшего посреди продажи, следующая отправка перехватывает через *staleClaimMinutes* с датой и суммой первого захвата, так что прошедшая продажа не ставится дважды.
3. **Ищет звонок**: переданный id обращения или **последний отвеченный звонок** с этого номера за *lookbackDays* дней **до** визита.
4. **Ставит продажу** (CoMagic *Tag Sale*) на этот звонок: **200 "tagged"** с id обращения. Нет подходящего звонка — **404 "no matching call"**: сообщаем, не угадываем. CoMagic недоступен — **502**; в обоих случаях захват снимается, следующая отправка попробует снова.

**Очистка.** Каждую ночь (и по POST в *Clean up now* с тем же секретом) строки *tagged* старше *retentionDays* (45) дней удаляются, не больше *cleanupPerRun* за запуск; 0 — хранить всё. Визит с paidAt старше retentionDays получает **400**: его строки может уже не быть, и повтор нельзя было бы распознать.

**Настройка**
1. Создайте Data Table **sale_tags** (колонки — в workflows/README.ru.md).
2. В узле **Settings** укажите salesTableId и часовой пояс аккаунта CoMagic; при желании lookbackDays, callDirection, commentPrefix.
3. *Paid visit* проверяет секрет в заголовке: создайте учётные данные **Header Auth** (например, имя \`X-Clinic-Secret\` и длинное случайное значение) и передайте МИС Production URL и заголовок.
4. В *Get call*, *Find call* и *Tag sale* выберите учётные данные **CoMagic**. В CoMagic для сайта должно быть включено «Учитывать продажи». Затем активируйте процесс.`;

const SETTINGS_NOTE = `### Settings / Настройки
salesTableId, timeZone (the CoMagic account's zone: call log times), lookbackDays (how far before the visit to look for the call), callDirection ('' any, 'in' or 'out'), commentPrefix (the sale comment = prefix + visit id), staleClaimMinutes (a claim whose execution died is taken over after this), retentionDays (tagged rows older than this are removed, and posts paid before it refused; 0 = keep), cleanupPerRun (rows removed per run at most).

salesTableId, timeZone (пояс аккаунта CoMagic), lookbackDays (за сколько дней до визита искать звонок), callDirection ('' любой, 'in' или 'out'), commentPrefix (комментарий продажи = префикс + id визита), staleClaimMinutes (захват упавшего запуска перехватывается через это время), retentionDays (строки tagged старше удаляются, визиты, оплаченные раньше, отклоняются; 0 — хранить), cleanupPerRun (не больше строк за запуск).`;

/** A Set node that prepares the webhook's answer: HTTP status and JSON body. */
function answer(name: string, position: [number, number], status: string, body: string) {
	return setNode(name, position, [
		['httpStatus', 'number', `={{ ${status} }}`],
		['answer', 'object', `={{ ${body} }}`],
	]);
}

/**
 * A POST webhook behind the clinic system's header secret, answered by *Answer* (n8n refuses "last node" answers in a
 * workflow with a Respond to Webhook node).
 */
function clinicWebhook(name: string, position: [number, number], id: string): Omit<WfNode, 'id'> {
	return webhookNode(
		name,
		position,
		id,
		'POST',
		{ responseMode: 'responseNode' },
		{ authentication: 'headerAuth', credentials: PAID_VISIT_CREDENTIAL },
	);
}

export function saleTaggingWorkflow(): Json {
	const g = new Graph('sale-tagging');
	g.note('Overview', [-1640, -700], 640, 920, OVERVIEW, 4);
	g.note('Overview (RU)', [-1640, 240], 640, 960, OVERVIEW_RU, 4);
	g.note('About settings', [-960, 240], 420, 380, SETTINGS_NOTE, 6);

	const hook = g.add(clinicWebhook('Paid visit', [-940, 20], SALE_WEBHOOKS.paidVisit));
	const settings = g.add(
		setNode(
			'Settings',
			[-700, 20],
			[
				['salesTableId', 'string', ''],
				['timeZone', 'string', 'Europe/Moscow'],
				['lookbackDays', 'number', 30],
				['callDirection', 'string', ''],
				['commentPrefix', 'string', 'Оплаченный визит '],
				['staleClaimMinutes', 'number', 10],
				['retentionDays', 'number', 45],
				['cleanupPerRun', 'number', 1000],
			],
		),
	);
	const { valid, respond } = addCleanUpAndCheck(g, { settings, hook });
	const { claimed } = addClaim(g, { valid, respond });
	const { found } = addFindCall(g, { claimed });
	addTagOrRelease(g, { found, respond });

	return g.workflow('Tag sales in CoMagic for paid visits');
}

/** Nightly clean-up (and Clean up now), then the paid visit checked: invalid → answered at once */
function addCleanUpAndCheck(g: Graph, { settings, hook }: { settings: string; hook: string }) {
	const nightly = g.add(
		scheduleNode('Every night', [-940, 720], {
			field: 'days',
			triggerAtHour: 3,
			triggerAtMinute: 40,
		}),
	);
	// what a night does, on demand (e.g. to drain a long history after an upgrade); answers what it removed
	const cleanNow = g.add(clinicWebhook('Clean up now', [-940, 900], SALE_WEBHOOKS.cleanUp));
	const isPost = g.add(ifNode('Paid visit?', [-460, 20], "$('Paid visit').isExecuted"));
	// a tagged row is final; an empty one (released after 404/502) or a tagging one can still change
	const cleanUp = addRetention(g, {
		table: TABLE,
		final: [['status', 'eq', "'tagged'"]],
		at: [-220, 900],
		finalText: ['tagged', 'tagged'],
	});
	g.link(nightly, settings);
	g.link(cleanNow, settings);
	g.link(isPost, cleanUp.start, 1);
	const asked = g.add(ifNode('Asked over HTTP?', [1220, 880], "$('Clean up now').isExecuted"));
	const cleaned = g.add(
		answer(
			'Cleaned up',
			[1460, 860],
			'200',
			'{ ok: true, removed: $json.removed, retentionDays: $json.retentionDays, cleanupPerRun: $json.cleanupPerRun, createdBefore: $json.createdBefore }',
		),
	);
	g.chain(cleanUp.done, asked, cleaned);
	const check = g.add(
		setNode(
			'Check request',
			[-220, 20],
			[
				['visitId', 'string', `={{ String(${B}?.visitId ?? ${B}?.paymentId ?? '').trim() }}`],
				['phone', 'string', `={{ ${normalisePhone(`${B}?.phone`)} }}`],
				['communicationId', 'string', `={{ String(${B}?.communicationId ?? '').trim() }}`],
				[
					'amount',
					'number',
					`={{ Number.isFinite(Number(${B}?.amount)) ? Number(${B}?.amount) : 0 }}`,
				],
				['paidAt', 'string', `={{ ${PAID_AT} }}`],
				['problem', 'string', `={{ ${PROBLEM} }}`],
			],
		),
	);
	const valid = g.add(ifNode('Valid?', [20, 20], '!$json.problem'));
	const bad = g.add(
		answer(
			'Bad request',
			[260, 380],
			'400',
			"{ ok: false, status: 'bad request', error: $json.problem }",
		),
	);
	const respond = g.add(respondJson('Answer', [3380, 380], '$json.answer', '$json.httpStatus'));
	g.chain(hook, settings, isPost, check, valid);
	g.link(valid, bad, 1);
	g.link(bad, respond);
	g.link(cleaned, respond);
	return { valid, respond };
}

/** Claim: one execution tags each paid visit (a stale claim is taken over) */
function addClaim(g: Graph, { valid, respond }: { valid: string; respond: string }) {
	g.note(
		'Claim note',
		[-240, -420],
		1660,
		260,
		`### 1. Check and claim / Проверка и захват
Bad input gets 400 and touches nothing. *Keep sale row* makes sure the row exists (the key only); *Claim visit* sets "tagging" only while the status is empty (all conditions): the node outputs only rows it changed, so of a repeated or concurrent post only one tags. A loser answers from the row: 200 already tagged, or 409 while the other request is still working. A claim older than staleClaimMinutes (its execution died, e.g. n8n was killed) is taken over by *Take over stale claim* (all conditions, one winner), keeping the first claim's date and amount: if the dead execution did tag the sale, the new tag is an exact repeat, which CoMagic refuses and *Tag sale* takes as already tagged.

Неверный запрос — 400, ничего не меняется. *Keep sale row* только создаёт строку (ключ); *Claim visit* ставит «tagging», только пока статус пуст: из повторных и одновременных запросов продажу ставит один. Проигравший отвечает по строке: 200 уже поставлена или 409, пока другой запрос работает. Захват старше staleClaimMinutes (его запуск упал, например n8n убит) перехватывает *Take over stale claim* (все условия, победитель один) с датой и суммой первого захвата: если упавший запуск успел поставить продажу, новая — точный повтор, CoMagic его отклонит, а *Tag sale* сочтёт продажу уже поставленной.`,
	);
	const keep = g.add(
		// the key only: what a post says is written by the claim, so a repeat never rewrites a tagged row
		tableUpsert('Keep sale row', [260, 0], TABLE, ['visitId', `${R}.visitId`], {
			visitId: `${R}.visitId`,
		}),
	);
	const claim = g.add(
		tableUpdate(
			'Claim visit',
			[500, 0],
			TABLE,
			[
				['visitId', 'eq', `${R}.visitId`],
				['status', 'isEmpty'],
			],
			{
				status: "'tagging'",
				claim: 'String($execution.id)',
				claimedMs: '$now.toMillis()',
				phone: `${R}.phone || null`,
				amount: `${R}.amount`,
				paidAt: `${R}.paidAt`,
				communicationId: 'null',
				reason: "'looking for the call'",
			},
			true,
		),
	);
	// a Postgres race can leave two rows for one visit: one claim changes both, so go on with the first only
	const FIRST_OF_VISIT = firstOfKey('visitId');
	const won = g.add(ifNode('Won the claim?', [740, 0], FIRST_OF_VISIT));
	// a claim whose execution died (n8n killed mid-tag) is taken over after staleClaimMinutes; paidAt and amount stay
	// the first claim's, so if that execution did tag the sale, this tag is an exact repeat CoMagic refuses
	const takeOver = g.add(
		tableUpdate(
			'Take over stale claim',
			[980, 200],
			TABLE,
			[
				['visitId', 'eq', `${R}.visitId`],
				['status', 'eq', "'tagging'"],
				['claimedMs', 'lte', minutesAgo('staleClaimMinutes')],
			],
			{
				claim: 'String($execution.id)',
				claimedMs: '$now.toMillis()',
				reason: `'the request that claimed this visit stopped before recording it; taken over after ' + ${S}.staleClaimMinutes + ' min'`,
			},
			true,
		),
	);
	const tookOver = g.add(ifNode('Took over?', [1220, 200], FIRST_OF_VISIT));
	const claimed = g.add(noOp('Claimed row', [1460, -20]));
	const readRow = g.add({
		...tableGet(
			'Read sale row',
			[1460, 300],
			TABLE,
			[['visitId', 'eq', `${R}.visitId`]],
			'all',
			'1',
		),
		alwaysOutputData: true,
	});
	const already = g.add(
		answer(
			'Already handled',
			[1700, 300],
			"$json.status === 'tagged' ? 200 : 409",
			`$json.status === 'tagged' ? { ok: true, status: 'already tagged', visitId: $json.visitId, communicationId: $json.communicationId, saleId: $json.saleId, amount: $json.amount } : { ok: false, status: 'in progress', visitId: ${R}.visitId, error: 'another request for this visit is being handled right now: post again in a minute' }`,
		),
	);
	g.chain(keep, claim, won);
	g.link(valid, keep, 0);
	g.link(won, claimed, 0);
	g.link(won, takeOver, 1);
	g.link(takeOver, tookOver);
	g.link(tookOver, claimed, 0);
	g.link(tookOver, readRow, 1);
	g.chain(readRow, already, respond);
	return { claimed };
}

/** Find the call: by communication id, else the last answered call from the patient's phone */
function addFindCall(g: Graph, { claimed }: { claimed: string }) {
	g.note(
		'Find note',
		[1440, -380],
		1200,
		220,
		`### 2. Find the call / Поиск звонка
With a communication id: that call, read from the call log. With a phone: the newest answered call from that number within lookbackDays before the visit (callDirection: any, in or out). None → 404, reported, never guessed; CoMagic failing → 502. Both release the claim, so a later post tries again.

С id обращения — этот звонок из журнала. С телефоном — последний отвеченный звонок с номера за lookbackDays до визита. Нет звонка — 404, не угадываем; ошибка CoMagic — 502. Оба случая снимают захват: следующая отправка попробует снова.`,
	);
	const byId = g.add(ifNode('Communication id given?', [1700, -20], `!!${R}.communicationId`));
	const getCall = g.add({
		name: 'Get call',
		type: `${PKG}.coMagic`,
		typeVersion: 1,
		position: [1940, -120],
		onError: 'continueRegularOutput',
		credentials: COMAGIC_CREDENTIAL,
		parameters: {
			resource: 'callLog',
			operation: 'get',
			callSessionId: `={{ ${R}.communicationId }}`,
			simplify: true,
			options: {},
		},
	});
	const findCall = g.add({
		name: 'Find call',
		type: `${PKG}.coMagic`,
		typeVersion: 1,
		position: [1940, 60],
		onError: 'continueRegularOutput',
		alwaysOutputData: true,
		credentials: COMAGIC_CREDENTIAL,
		parameters: {
			resource: 'callLog',
			operation: 'getMany',
			period: 'custom',
			dateFrom: `={{ DateTime.fromISO(${W}.paidAt).minus({ days: Number(${S}.lookbackDays) }).toISO() }}`,
			dateTill: `={{ ${W}.paidAt }}`,
			returnAll: false,
			limit: 1,
			filters: {
				contactPhoneNumber: `={{ ${R}.phone }}`,
				direction: `={{ ${S}.callDirection }}`,
				rawFilter: '{"field": "is_lost", "operator": "=", "value": false}',
			},
			simplify: true,
			options: { newestFirst: true },
		},
	});
	const theCall = g.add(
		setNode(
			'The call',
			[2180, -20],
			[
				[
					'callId',
					'string',
					"={{ $json.id === undefined || $json.id === null ? '' : String($json.id) }}",
				],
				['callStart', 'string', "={{ String($json.start_time ?? '') }}"],
				['error', 'string', "={{ $json.error ? String($json.error.message ?? $json.error) : '' }}"],
			],
		),
	);
	const found = g.add(
		switchNode(
			'Call found?',
			[2420, -20],
			[
				[
					'no call',
					'!$json.callId && (!$json.error || /is not in the call log/.test($json.error))',
				],
				['lookup failed', '!$json.callId'],
			],
			'tag',
		),
	);
	g.link(claimed, byId);
	g.link(byId, getCall, 0);
	g.link(byId, findCall, 1);
	g.link(getCall, theCall);
	g.link(findCall, theCall);
	g.link(theCall, found);
	return { found };
}

/** Tag the sale or release the claim with the reason */
function addTagOrRelease(g: Graph, { found, respond }: { found: string; respond: string }) {
	g.note(
		'Tag note',
		[2400, -380],
		1100,
		220,
		`### 3. Tag the sale / Продажа
*Tag sale* on the call found, dated the visit (never before the call), amount as posted. CoMagic refusing an exact repeat is a soft success. *Record sale* keeps the communication and sale id; the answer is 200 with them.

*Tag sale* на найденный звонок, датой визита (не раньше звонка), с переданной суммой. Отказ CoMagic на точный повтор — мягкий успех. *Record sale* хранит id обращения и продажи; ответ — 200 с ними.`,
	);
	const C = "$('The call').first().json";
	const tag = g.add({
		name: 'Tag sale',
		type: `${PKG}.coMagic`,
		typeVersion: 1,
		position: [2660, -140],
		onError: 'continueRegularOutput',
		credentials: COMAGIC_CREDENTIAL,
		parameters: {
			resource: 'sale',
			operation: 'tag',
			communicationId: '={{ $json.callId }}',
			communicationType: 'call',
			// a sale may not be dated before its communication
			saleDate: `={{ DateTime.max(DateTime.fromISO(${W}.paidAt), DateTime.fromSQL($json.callStart, { zone: ${S}.timeZone })).toISO() }}`,
			amount: `={{ ${W}.amount }}`,
			options: { comment: `={{ String(${S}.commentPrefix ?? '') + ${R}.visitId }}` },
		},
	});
	const tagged = g.add(ifNode('Tagged?', [2900, -140], '!$json.error'));
	const mine: Array<[string, 'eq', string]> = [
		['visitId', 'eq', `${R}.visitId`],
		['claim', 'eq', 'String($execution.id)'],
	];
	const record = g.add({
		...tableUpdate('Record sale', [3140, -240], TABLE, mine, {
			status: "'tagged'",
			communicationId: `${C}.callId`,
			callStartedAt: `${C}.callStart`,
			saleId: "$json.sale_id === null || $json.sale_id === undefined ? '' : String($json.sale_id)",
			reason:
				"$json.alreadyTagged ? 'CoMagic already had this sale on the call: not added twice' : 'sale tagged'",
		}),
		alwaysOutputData: true,
	});
	const T = "$('Tag sale').first().json";
	const done = g.add(
		answer(
			'Tagged',
			[3380, -240],
			'200',
			`{ ok: true, status: 'tagged', visitId: ${R}.visitId, communicationId: ${C}.callId, callStartedAt: ${C}.callStart, amount: ${W}.amount, saleId: ${T}.sale_id ?? null, alreadyInCoMagic: ${T}.alreadyTagged === true }`,
		),
	);
	const release = (name: string, position: [number, number], reason: string) =>
		g.add({
			...tableUpdate(name, position, TABLE, mine, {
				status: 'null',
				claim: 'null',
				reason,
			}),
			alwaysOutputData: true,
		});
	const releaseTag = release(
		'Release after CoMagic error',
		[3140, -40],
		`'CoMagic did not tag the sale: ' + String($json.error?.message ?? $json.error)`,
	);
	const tagFailed = g.add(
		answer(
			'CoMagic error',
			[3380, -40],
			'502',
			`{ ok: false, status: 'comagic error', visitId: ${R}.visitId, communicationId: ${C}.callId, error: 'CoMagic did not tag the sale: ' + String(${T}.error?.message ?? ${T}.error) + '. Nothing was recorded: post again later.' }`,
		),
	);
	const noCall = `'no answered call from +' + ${R}.phone + ' in the ' + ${S}.lookbackDays + ' days before ' + ${W}.paidAt`;
	const releaseNone = release(
		'Release: no call',
		[2660, 160],
		`${R}.communicationId ? 'call ' + ${R}.communicationId + ' is not in the call log' : ${noCall}`,
	);
	const none = g.add(
		answer(
			'No matching call',
			[2900, 160],
			'404',
			`{ ok: false, status: 'no matching call', visitId: ${R}.visitId, error: (${R}.communicationId ? 'call ' + ${R}.communicationId + ' is not in the CoMagic call log' : ${noCall}) + ': nothing was tagged. Send communicationId to name the call.' }`,
		),
	);
	const releaseLookup = release(
		'Release after lookup error',
		[2660, 340],
		`'the call log could not be read: ' + ${C}.error`,
	);
	const lookupFailed = g.add(
		answer(
			'Call log error',
			[2900, 340],
			'502',
			`{ ok: false, status: 'comagic error', visitId: ${R}.visitId, error: 'the CoMagic call log could not be read: ' + ${C}.error + '. Nothing was tagged: post again later.' }`,
		),
	);
	g.link(found, releaseNone, 0);
	g.link(found, releaseLookup, 1);
	g.link(found, tag, 2);
	g.link(tag, tagged);
	g.link(tagged, record, 0);
	g.link(tagged, releaseTag, 1);
	g.chain(record, done, respond);
	g.chain(releaseTag, tagFailed, respond);
	g.chain(releaseNone, none, respond);
	g.chain(releaseLookup, lookupFailed, respond);
}
