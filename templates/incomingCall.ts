/**
 * The incoming-call screen pop (workflows/incoming-call-screen-pop.json), written as code: see build.ts.
 *
 * CoMagic Trigger (incoming call, talk started) → campaign name from the CoMagic campaign list → the answering
 * operator's extension from the employee list (talk started only) → the patient from the clinic system (through the
 * Clinic system sub-workflow) → a screen pop posted to the clinic system for one extension. An unknown caller pops as
 * a new patient; a failed lookup (clinic system or CoMagic down) still pops with what is known.
 */
import {
	callWorkflow,
	Graph,
	ifNode,
	PKG,
	setNode,
	stopAndError,
	type Json,
	type WfNode,
} from './build';
import { COMAGIC_CREDENTIAL, COMAGIC_TRIGGER_CREDENTIAL, S } from './expressions';
import { ROUTING_WEBHOOKS } from './names';

/** The CoMagic credential by name only: a template carries no credential id. */

const OVERVIEW = `## Incoming call: patient card on the operator's screen

**How it works.** The CoMagic cabinet notifies this workflow when a call reaches a virtual number (*Incoming Call*) and when someone answers (*Talk Started*). For each notification the workflow:
1. names the **advertising campaign** the call came from (campaign_id → name through the CoMagic campaign list);
2. on *Talk Started*, finds the **extension of the employee** who answered (CoMagic employee list);
3. finds the **patient** by the caller's number through the *Clinic system* sub-workflow (action findPatient): name, next visit, personal administrator;
4. posts a **screen pop** through *Clinic system* (action screenPop) for one extension: the operator who answered; before anyone answers, the patient's personal administrator, else *receptionExtension*.

An unknown caller pops as **new patient**, with the campaign. When the clinic system or CoMagic does not answer, the pop still goes out with what is known (the title says so). A pop the clinic system refuses fails the execution, so it shows in the execution list.

**Setup**
1. Import *Clinic system* first; in **Settings** set clinicWorkflowId and receptionExtension.
2. Pick your **CoMagic** credential in *Campaigns* and *Employees*.
3. In *CoMagic call* create a **CoMagic Trigger API** credential with a long random secret (*Interactive routing* uses the same one), activate, then in the cabinet («Уведомления» → «Добавить», channel HTTP) add one notification for «Входящий звонок на виртуальный номер» and one for «Начало разговора», each with the template the trigger shows (Production URL + ?token=secret).
4. Optional: the disabled *Telegram to the operator* node sends the same card to a chat; add a Telegram credential, set telegramChatId and enable it.`;

const OVERVIEW_RU = `## Входящий звонок: карточка пациента на экране оператора

**Как работает.** Кабинет CoMagic уведомляет процесс, когда звонок пришёл на виртуальный номер (*Incoming Call*) и когда на него ответили (*Talk Started*). На каждое уведомление процесс:
1. определяет **рекламную кампанию** звонка (campaign_id → название по списку кампаний CoMagic);
2. при *Talk Started* находит **добавочный сотрудника**, который ответил (список сотрудников CoMagic);
3. ищет **пациента** по номеру звонящего через подпроцесс *Clinic system* (действие findPatient): ФИО, ближайший визит, персональный администратор;
4. отправляет **карточку** (screen pop) через *Clinic system* (действие screenPop) на один добавочный: ответившего оператора; пока никто не ответил — персонального администратора пациента, иначе *receptionExtension*.

Незнакомый номер показывается как **новый пациент** с кампанией. Если МИС или CoMagic не ответили, карточка всё равно уходит с тем, что известно (это видно в заголовке). Если МИС отвергла карточку, запуск завершается ошибкой и виден в списке запусков.

**Настройка**
1. Сначала импортируйте *Clinic system*; в **Settings** укажите clinicWorkflowId и receptionExtension.
2. В узлах *Campaigns* и *Employees* выберите учётные данные **CoMagic**.
3. В *CoMagic call* создайте учётные данные **CoMagic Trigger API** с длинным случайным секретом (*Interactive routing* использует их же), активируйте процесс, затем в кабинете («Уведомления» → «Добавить», канал HTTP) добавьте уведомление на «Входящий звонок на виртуальный номер» и на «Начало разговора» с шаблоном, который показывает триггер (Production URL + ?token=секрет).
4. По желанию: отключённый узел *Telegram to the operator* отправит ту же карточку в чат — добавьте учётные данные Telegram, укажите telegramChatId и включите узел.`;

const SETTINGS_NOTE = `### Settings / Настройки
clinicWorkflowId: id of the imported *Clinic system*; receptionExtension: where a card goes when nobody has answered yet and the patient has no personal administrator; newPatientTitle: the title for an unknown caller; telegramChatId: for the optional Telegram branch.

id подпроцесса *Clinic system*; добавочный ресепшена (если никто ещё не ответил и у пациента нет персонального администратора); заголовок для нового пациента; чат Telegram для необязательной ветки.`;

const C = "$('Call').first().json";

/** A node this builder has no field for (executeOnce, disabled): the extra keys go straight into the JSON. */
const withExtras = (node: Omit<WfNode, 'id'>, extras: Json): Omit<WfNode, 'id'> =>
	({ ...node, ...extras }) as Omit<WfNode, 'id'>;

function directory(
	name: string,
	position: [number, number],
	resource: 'campaign' | 'employee',
): Omit<WfNode, 'id'> {
	// one list per call (executeOnce); a CoMagic failure becomes an item with `error`, and the pop goes out anyway
	return withExtras(
		{
			name,
			type: `${PKG}.coMagic`,
			typeVersion: 1,
			position,
			alwaysOutputData: true,
			onError: 'continueRegularOutput',
			credentials: COMAGIC_CREDENTIAL,
			parameters: { resource, operation: 'getMany', returnAll: true, options: {} },
		},
		{ executeOnce: true },
	);
}

export function incomingCallWorkflow(): Json {
	const g = new Graph('incoming-call-screen-pop');
	g.note('Overview', [-1380, -520], 600, 800, OVERVIEW, 4);
	g.note('Overview (RU)', [-1380, 320], 600, 860, OVERVIEW_RU, 4);
	g.note('About settings', [-740, -300], 420, 260, SETTINGS_NOTE, 6);

	const trigger = g.add({
		name: 'CoMagic call',
		type: `${PKG}.coMagicTrigger`,
		typeVersion: 2,
		position: [-720, 200],
		webhookId: ROUTING_WEBHOOKS.screenPop,
		credentials: COMAGIC_TRIGGER_CREDENTIAL,
		parameters: {
			mode: 'notifications',
			events: ['incoming_call', 'talk_started'],
			secretLocation: 'query',
			fieldName: 'token',
			options: { duplicateWindow: 300, unknownEvents: 'drop' },
		},
	});
	const settings = g.add(
		setNode(
			'Settings',
			[-480, 200],
			[
				['clinicWorkflowId', 'string', ''],
				['receptionExtension', 'string', '200'],
				['newPatientTitle', 'string', 'New patient'],
				['telegramChatId', 'string', ''],
			],
			true,
		),
	);

	const campaignAndOperator = addCampaignAndOperator(g);
	const patientAndCard = addPatientAndCard(g);
	const { telegram } = addTelegram(g);
	g.chain(
		trigger,
		settings,
		campaignAndOperator.campaigns,
		campaignAndOperator.call,
		campaignAndOperator.answered,
	);
	g.link(campaignAndOperator.answered, campaignAndOperator.employees, 0);
	g.link(campaignAndOperator.answered, patientAndCard.lookup, 1);
	g.chain(campaignAndOperator.employees, campaignAndOperator.operator, patientAndCard.lookup);
	g.chain(patientAndCard.lookup, patientAndCard.find, patientAndCard.pop);
	g.link(patientAndCard.pop, [patientAndCard.send, telegram]);
	g.chain(patientAndCard.send, patientAndCard.delivered);
	g.link(patientAndCard.delivered, patientAndCard.done, 0);
	g.link(patientAndCard.delivered, patientAndCard.refused, 1);

	return g.workflow('Incoming call: patient card (screen pop)');
}

/** 1. Campaign and operator: the campaign name and, when someone answered, the operator's extension */
function addCampaignAndOperator(g: Graph) {
	g.note(
		'Call note',
		[-280, -80],
		980,
		220,
		`### 1. Campaign and operator / Кампания и оператор
The campaign list and the employee list are read once per call; a CoMagic error leaves the name or extension empty instead of stopping the card. The employee list is read only when someone answered (Talk Started carries employee_id).

Списки кампаний и сотрудников читаются один раз на звонок; ошибка CoMagic оставляет название или добавочный пустым, карточка всё равно уйдёт. Список сотрудников нужен только при ответе (в «Начале разговора» есть employee_id).`,
	);
	const campaigns = g.add(directory('Campaigns', [-240, 200], 'campaign'));
	const call = g.add(
		withExtras(
			setNode(
				'Call',
				[0, 200],
				[
					['event', 'string', `={{ ${S}.event }}`],
					['callSessionId', 'number', `={{ ${S}.callSessionId }}`],
					['phone', 'string', `={{ ${S}.contactPhone || '' }}`],
					['campaignId', 'number', `={{ ${S}.campaignId }}`],
					[
						'campaignName',
						'string',
						`={{ ((id) => id === null || id === undefined ? '' : ($('Campaigns').all().map((i) => i.json).find((c) => String(c.id) === String(id)) || {}).name || '')(${S}.campaignId) }}`,
					],
					[
						'campaignError',
						'string',
						"={{ $('Campaigns').first().json.error ? String($('Campaigns').first().json.error.message || $('Campaigns').first().json.error) : '' }}",
					],
					['employeeId', 'number', `={{ ${S}.employeeId }}`],
					['employeeName', 'string', `={{ ${S}.employeeName || '' }}`],
				],
			),
			{ executeOnce: true },
		),
	);
	const answered = g.add(
		ifNode('Answered by an employee?', [240, 200], 'Number($json.employeeId) > 0'),
	);
	const employees = g.add(directory('Employees', [480, 60], 'employee'));
	const operator = g.add(
		withExtras(
			setNode(
				'Operator',
				[720, 60],
				[
					[
						'operatorExtension',
						'string',
						`={{ (($('Employees').all().map((i) => i.json).find((e) => String(e.id) === String(${C}.employeeId)) || {}).extension || {}).extension_phone_number || '' }}`,
					],
				],
			),
			{ executeOnce: true },
		),
	);
	return { campaigns, call, answered, employees, operator };
}

/** 2. Patient and card: Find patient in the clinic system, then the screen pop to the right extension */
function addPatientAndCard(g: Graph) {
	g.note(
		'Patient note',
		[760, -300],
		940,
		200,
		`### 2. Patient and card / Пациент и карточка
*Find patient* asks the clinic system (action findPatient). The card goes to the operator who answered, else the patient's personal administrator, else receptionExtension, and is posted through *Clinic system* (action screenPop).

*Find patient* спрашивает МИС (действие findPatient). Карточка уходит ответившему оператору, иначе персональному администратору пациента, иначе на receptionExtension, через *Clinic system* (действие screenPop).`,
	);
	const lookup = g.add(
		setNode(
			'Patient lookup',
			[960, 200],
			[
				['action', 'string', 'findPatient'],
				['phone', 'string', `={{ ${C}.phone }}`],
			],
		),
	);
	const find = g.add(callWorkflow('Find patient', [1200, 200], `${S}.clinicWorkflowId`));
	const OP = "($('Operator').isExecuted ? $('Operator').first().json.operatorExtension : '')";
	const lookupError = "($json.error ? String($json.error.message || $json.error) : '')";
	const visitText =
		"($json.nextVisitAt ? DateTime.fromISO($json.nextVisitAt, { setZone: true }).toFormat('dd.MM.yyyy HH:mm') + ($json.nextVisitSpecialty ? ' ' + $json.nextVisitSpecialty : '') : 'no visit booked')";
	const pop = g.add(
		setNode(
			'Pop event',
			[1440, 200],
			[
				['action', 'string', 'screenPop'],
				[
					'extension',
					'string',
					`={{ ${OP} || ($json.found ? $json.administratorExtension : '') || ${S}.receptionExtension }}`,
				],
				[
					'extensionOf',
					'string',
					`={{ ${OP} ? 'operator' : ($json.found && $json.administratorExtension) ? 'administrator' : 'reception' }}`,
				],
				['event', 'string', `={{ ${C}.event }}`],
				['callSessionId', 'number', `={{ ${C}.callSessionId }}`],
				['phone', 'string', `={{ ${C}.phone }}`],
				['newPatient', 'boolean', '={{ $json.found !== true }}'],
				['patientName', 'string', "={{ $json.found ? $json.patientName : '' }}"],
				['nextVisitAt', 'string', "={{ $json.found ? $json.nextVisitAt : '' }}"],
				['nextVisitSpecialty', 'string', "={{ $json.found ? $json.nextVisitSpecialty : '' }}"],
				['nextVisitDoctor', 'string', "={{ $json.found ? $json.nextVisitDoctor : '' }}"],
				['campaignId', 'number', `={{ ${C}.campaignId }}`],
				['campaignName', 'string', `={{ ${C}.campaignName }}`],
				['employeeName', 'string', `={{ ${C}.employeeName }}`],
				['lookupError', 'string', `={{ ${lookupError} }}`],
				[
					'title',
					'string',
					`={{ ($json.found ? $json.patientName + ' · ' + ${visitText} : ${lookupError} ? 'Caller not looked up (clinic system: ' + ${lookupError}.slice(0, 120) + ')' : ${S}.newPatientTitle) + ' · ' + (${C}.campaignName || 'campaign unknown') }}`,
				],
			],
		),
	);
	const send = g.add(callWorkflow('Send screen pop', [1680, 200], `${S}.clinicWorkflowId`));
	const delivered = g.add(ifNode('Delivered?', [1920, 200], '$json.delivered === true'));
	const done = g.add({
		name: 'Card shown',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [2160, 100],
		parameters: {},
	});
	const refused = g.add(
		stopAndError(
			'Clinic system refused the card',
			[2160, 300],
			"=The clinic system did not take the screen pop for extension {{ $('Pop event').first().json.extension }}: {{ $json.error || ('HTTP ' + $json.statusCode) }}. Check clinicApiUrl in Clinic system and that its screenPop action answers 2xx.",
		),
	);
	return { lookup, find, pop, send, delivered, done, refused };
}

/** The card to a Telegram chat too, when one is set */
function addTelegram(g: Graph) {
	g.note(
		'Telegram note',
		[1400, 420],
		520,
		200,
		`### Optional: Telegram / Необязательно: Telegram
Disabled. To send the same card to a chat: add a Telegram credential, set telegramChatId in Settings, enable the node.

Отключено. Чтобы дублировать карточку в чат: добавьте учётные данные Telegram, укажите telegramChatId и включите узел.`,
	);
	const telegram = g.add(
		withExtras(
			{
				name: 'Telegram to the operator',
				type: 'n8n-nodes-base.telegram',
				typeVersion: 1.2,
				position: [1680, 480],
				credentials: { telegramApi: { name: 'Telegram account' } },
				parameters: {
					chatId: `={{ ${S}.telegramChatId }}`,
					text: "={{ 'Ext. ' + $json.extension + ': ' + $json.title + ' · ' + $json.phone }}",
					additionalFields: {},
				},
			},
			{ disabled: true },
		),
	);
	return { telegram };
}
