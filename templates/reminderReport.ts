/**
 * The reminder outcome report (workflows/reminder-report.json), written as code: see build.ts.
 *
 * A page the clinic manager opens: Webhook GET (n8n's own Basic Auth) → Settings → Read period → the ledger rows
 * created in the period (Data Table, createdAt between two instants) → Build page → Respond to Webhook (HTML, or CSV
 * with `?format=csv`). The ledger columns and what each status/outcome means are the reminder's
 * (appointmentReminder/): a row is one visit, `createdAt` is when the visit was imported for its reminder.
 *
 * Successful executions are not saved (`saveDataSuccessExecution: none`): each view reads up to tens of thousands of
 * rows and would otherwise store them all in n8n's database.
 */
import {
	callWorkflow,
	Graph,
	ifNode,
	READ_ANYWAY,
	respondJson,
	scheduleNode,
	setNode,
	tableDelete,
	tableGet,
	type Json,
	type TableRef,
	type WfNode,
	webhookNode,
} from './build';
import { codeNode } from './code';
import { S } from './expressions';
import {
	LEDGER_COLUMNS,
	REPORT_CLEANUP_WEBHOOK,
	REPORT_CREDENTIAL,
	REPORT_WEBHOOK,
	STORAGE_WARN_PERCENT,
} from './names';

const LEDGER: TableRef = { idExpression: `${S}.ledgerTableId`, columns: LEDGER_COLUMNS };
/** Any of the three tables, named by the probe item: the usage probes touch only the system column `id`. */
const PROBED: TableRef = { idExpression: '$json.probeTableId', columns: {} };
/** The shape of the finished days kept in static data: a change of it must make pages recount, not misread. */
const KEPT_FORMAT = 'days-1';
/** The folder of this template's Code node files under code/. */
const CODE = 'reminder-report';

/** One Get with limit 1 on an id range [lo, hi) of the probed table: a probe round of the Data Table usage. */
function probeRound(name: string, position: [number, number]): Omit<WfNode, 'id'> {
	return {
		...tableGet(
			name,
			position,
			PROBED,
			[
				['id', 'gte', '$json.lo'],
				['id', 'lt', '$json.hi'],
			],
			'all',
			'1',
		),
		...READ_ANYWAY,
	};
}

/**
 * Bytes per finished row as n8n counts them (`GET /rest/data-tables-global/limits`, SQLite), the same on 1.123.81
 * and 2.41.1. Ledger: 514, measured on 5,000 realistic finished rows (shared reference); tooling/n8n/measureTables.ts
 * gives 366 for its shorter sample grown by the reminder's updates (343 inserted finished), so the estimate keeps the
 * larger and warns early. Missed-call callbacks: 290 (243 inserted finished); sales: 222 (206), 3,000 rows each,
 * rows inserted as the templates insert them and grown by their updates.
 */
export const BYTES_PER_ROW = { ledger: 514, callbacks: 290, sales: 222 };

const OVERVIEW = `## Show reminder outcomes to the clinic manager

**How it works.** A GET on *Report page* (protected by n8n's Basic Auth) reads the rows of the reminder ledger (Data Table **reminder_ledger**) created in the period and answers a page in Russian: visits reminded, confirmed, cancelled, handed to an operator, unreached (staff must call), still in progress; calls per visit; share answered on the first call; the same per day as a chart; the unreached patients whose visit is still ahead; a CSV of the period's rows.

**Period** (the clinic's zone; a day = the day the visit entered the ledger): \`?days=7\` (default: Settings → defaultDays), or \`?from=2026-11-01&to=2026-11-30\`; add \`&format=csv\` for the file. A bad period or a missing table answers an error page that says what to fix.

**Setup**
1. Create a **Basic Auth** credential named *Reminder report access* (user + long password) and pick it in *Report page*.
2. In **Settings** set ledgerTableId (the same table as the reminder) and clinicTimeZone.
3. Activate, open the *Report page* Production URL in a browser.

Successful executions are not saved (each one carries every row of the period). Finished days are counted once and kept as numbers (no patient data) in the workflow's static data, so a busy week opens fast; \`?fresh=1\` recounts them from the ledger (not days whose rows may have been removed).

**Retention.** n8n caps all Data Tables together (N8N_DATA_TABLES_MAX_SIZE_BYTES: 50 MB on 1.x, 200 MB on 2.x); past it every insert and update fails, so the reminder stops recording. *Every hour* (and a POST on *Clean up now*, same Basic Auth, answers JSON) keeps the finished days' totals like a page view, then removes ledger rows older than retentionDays that are final and need nothing more (result written, refused, or withdrawn), only of days already kept when the run started, at most cleanupDaysPerRun days a run. Removed days still show on the page from the kept totals (kept for maxDays). The page also shows the estimated Data Table usage against dataTablesLimitMb.`;

const OVERVIEW_RU = `## Отчёт о напоминаниях для руководителя клиники

**Как работает.** GET на *Report page* (защищён Basic Auth самого n8n) читает строки журнала напоминаний (Data Table **reminder_ledger**), созданные за период, и отдаёт страницу: сколько визитов напомнили, подтвердили, отменили, передали оператору, не дозвонились (нужен звонок администратора), ещё в работе; звонков на визит; доля ответивших с первого звонка; то же по дням — график; список недозвонов с предстоящими визитами; CSV строк периода.

**Период** (по часовому поясу клиники; день — дата загрузки визита в журнал): \`?days=7\` (по умолчанию — Settings → defaultDays) или \`?from=2026-11-01&to=2026-11-30\`; \`&format=csv\` — файл. Неверный период или отсутствующая таблица — страница ошибки с подсказкой, что исправить.

**Настройка**
1. Создайте учётные данные **Basic Auth** с именем *Reminder report access* (логин и длинный пароль) и выберите их в *Report page*.
2. В узле **Settings** укажите ledgerTableId (та же таблица, что у напоминаний) и clinicTimeZone.
3. Активируйте процесс и откройте Production URL узла *Report page* в браузере.

Успешные запуски не сохраняются (каждый несёт все строки периода). Итоги завершённых дней считаются один раз и хранятся числами (без данных пациентов) в static data процесса — страница за загруженную неделю открывается быстро; \`?fresh=1\` пересчитывает их по журналу (кроме дней, строки которых могли быть удалены).

**Хранение.** n8n ограничивает все Data tables вместе (N8N_DATA_TABLES_MAX_SIZE_BYTES: 50 МБ в 1.x, 200 МБ в 2.x); сверх предела любая запись падает — напоминания перестают записываться. *Every hour* (и POST на *Clean up now*, тот же Basic Auth, ответ JSON) сохраняет итоги завершённых дней, как просмотр страницы, затем удаляет строки журнала старше retentionDays — только завершённые, с записанным (или отклонённым МИС, или снятым) результатом, только за дни, итоги которых уже были сохранены до запуска, не больше cleanupDaysPerRun дней за раз. Удалённые дни страница показывает по сохранённым итогам (хранятся maxDays дней). Страница показывает и оценку места в Data tables относительно dataTablesLimitMb.`;

/** A webhook behind the report's Basic Auth credential, answered by a Respond to Webhook node. */
function protectedWebhook(
	name: string,
	position: [number, number],
	id: string,
	httpMethod: 'GET' | 'POST',
): Omit<WfNode, 'id'> {
	return webhookNode(
		name,
		position,
		id,
		httpMethod,
		{ responseMode: 'responseNode' },
		{ authentication: 'basicAuth', credentials: { httpBasicAuth: { name: REPORT_CREDENTIAL } } },
	);
}

export function reminderReportWorkflow(): Json {
	const g = new Graph('reminder-report');
	g.note('Overview', [-1100, -440], 560, 640, OVERVIEW, 4);
	g.note('Overview (RU)', [-1100, 240], 560, 680, OVERVIEW_RU, 4);
	g.note(
		'About settings',
		[-480, -440],
		420,
		480,
		`### Settings / Настройки
ledgerTableId: the reminder's Data Table id; clinicTimeZone: IANA zone the days are counted in; defaultDays: the period without a query; maxDays: the longest period allowed, and how long kept totals live.
retentionDays (45; 0 = keep every row; 7 … maxDays − 1): final ledger rows older than this are removed. cleanupDaysPerRun (14): days counted and days cleaned per run. dataTablesLimitMb (50): n8n's cap for all Data Tables (200 on n8n 2.x, or your N8N_DATA_TABLES_MAX_SIZE_BYTES / 1048576). callbackTableId, salesTableId: the missed-call and sales tables, counted in the usage when set.

id таблицы журнала; часовой пояс клиники; период по умолчанию; самый длинный период (и срок хранения итогов); через сколько дней удалять завершённые строки (0 — не удалять); дней за один запуск очистки; предел n8n для всех Data tables, МБ; id таблиц перезвонов и продаж для оценки места.`,
		6,
	);
	g.note(
		'Page note',
		[460, -200],
		1000,
		240,
		`### Read, count, answer / Чтение, подсчёт, ответ
*Ledger rows* reads the rows created in the period (createdAt), from the first day not kept: finished days (before today, every visit done) are counted once and kept as numbers in this workflow's static data; \`?fresh=1\` recounts them. *Unreached rows* brings the kept days' unreached patients for the call list. *Build page* counts by the ledger's status/outcome/attempts, draws the inline SVG chart (no scripts, fonts or external links: works in a closed network) and escapes every value from the table. A missing table (the node continues on error) gives an error page.

*Ledger rows* читает строки периода, начиная с первого несохранённого дня: итоги завершённых дней (до сегодня, все визиты завершены) считаются один раз и хранятся числами в static data процесса; \`?fresh=1\` — пересчитать. *Build page* считает по status/outcome/attempts журнала, рисует SVG без скриптов и внешних ссылок, экранирует все значения. Нет таблицы — страница ошибки.`,
	);
	g.note(
		'Clean-up note',
		[1380, -200],
		1300,
		300,
		`### Keep totals, then remove old rows / Итоги, затем удаление
*Every hour* and *Clean up now* run the page's own steps over the last maxDays days (at most cleanupDaysPerRun days not yet kept are read per run), so finished days are kept exactly as a page view keeps them. *Rows to remove* then takes, from the days that were kept **before this run started** and are older than retentionDays, at most cleanupDaysPerRun days (never cleaned first), and *Remove final rows* deletes only rows with status done and resultState written, refused (the clinic system answered 4xx: the reminder never retries it) or none (withdrawn). Due, calling, pending and writing rows are never touched. Hourly: a backlog is caught up within a day and each run stays small. *Data table usage* counts rows by id probes (a Get with limit 1 each), never by reading them.

Процесс раз в час и *Clean up now* сохраняют итоги завершённых дней так же, как страница, затем удаляют строки старше retentionDays только за дни, сохранённые до запуска: статус done и resultState written, refused (МИС ответила 4xx, повтора нет) или none (визит снят). Строки due, calling, pending, writing не удаляются никогда.`,
	);
	const page = addPage(g);
	const cleanUp = addCleanUp(g);
	g.chain(page.trigger, page.settings, page.period, page.valid);
	g.link(cleanUp.hourly, page.settings);
	g.link(cleanUp.cleanNow, page.settings);
	g.link(page.valid, page.probes, 0);
	g.link(page.valid, page.build, 1);
	g.chain(
		page.probes,
		page.windows,
		page.top,
		page.topProbe,
		page.single,
		page.singleProbe,
		page.usage,
		page.unreached,
		page.rows,
		page.build,
		cleanUp.isCleanup,
	);
	g.link(cleanUp.isCleanup, page.respond, 1);
	g.link(cleanUp.isCleanup, cleanUp.toRemove, 0);
	g.link(cleanUp.toRemove, cleanUp.anything);
	g.link(cleanUp.anything, cleanUp.remove, 0);
	g.link(cleanUp.anything, cleanUp.answerCleanup, 1);
	g.link(cleanUp.remove, cleanUp.answerCleanup);
	g.link(cleanUp.answerCleanup, [cleanUp.byHttp, cleanUp.nearlyFull]);
	g.link(cleanUp.nearlyFull, cleanUp.storageFault, 0);
	g.link(cleanUp.storageFault, cleanUp.tellStorage);
	g.link(cleanUp.byHttp, cleanUp.cleanupRespond, 0);

	return g.workflow('Show reminder outcomes to the clinic manager', {
		saveDataSuccessExecution: 'none',
	});
}

/** The page: Report page → Settings → Read period → the Data Table usage probes, the ledger rows → Build page → Answer */
function addPage(g: Graph) {
	const trigger = g.add(protectedWebhook('Report page', [-480, 120], REPORT_WEBHOOK, 'GET'));
	const settings = g.add(
		setNode(
			'Settings',
			[-260, 120],
			[
				['ledgerTableId', 'string', ''],
				['clinicTimeZone', 'string', 'Europe/Moscow'],
				['defaultDays', 'number', 7],
				['maxDays', 'number', 366],
				['retentionDays', 'number', 45],
				['cleanupDaysPerRun', 'number', 14],
				['dataTablesLimitMb', 'number', 50],
				['callbackTableId', 'string', ''],
				['salesTableId', 'string', ''],
				// Staff alerts: told once when the Data Tables pass 80 % of dataTablesLimitMb (the hourly run checks)
				['staffAlertsWorkflowId', 'string', ''],
			],
		),
	);
	const period = g.add(codeNode(CODE, 'Read period', [-40, 120], { KEPT_FORMAT }));
	const valid = g.add(ifNode('Period valid?', [180, 120], '$json.ok === true'));
	// Data Table usage: three rounds of id probes (code/reminder-report/usage-probes.js); a missing table comes back
	// as an error item
	const probes = g.add(
		codeNode(CODE, 'Usage probes', [400, 420], {
			LEDGER_BYTES_PER_ROW: BYTES_PER_ROW.ledger,
			CALLBACKS_BYTES_PER_ROW: BYTES_PER_ROW.callbacks,
			SALES_BYTES_PER_ROW: BYTES_PER_ROW.sales,
		}),
	);
	const windows = g.add(probeRound('Probe windows', [600, 420]));
	const top = g.add(codeNode(CODE, 'Top window', [800, 420]));
	const topProbe = g.add(probeRound('Probe top window', [1000, 420]));
	const single = g.add(codeNode(CODE, 'Single ids', [1200, 420]));
	const singleProbe = g.add(probeRound('Probe single ids', [1400, 420]));
	const usage = g.add(codeNode(CODE, 'Data table usage', [1600, 420]));
	// no rows → one empty item (the page's empty state); a missing table → an item with the error (READ_ANYWAY)
	const unreached = g.add({
		...tableGet(
			'Unreached rows',
			[460, 100],
			LEDGER,
			[
				['createdAt', 'gte', "$('Read period').first().json.callListFromIso"],
				['createdAt', 'lt', "$('Read period').first().json.liveFromIso"],
				['outcome', 'eq', "'unreached'"],
			],
			'all',
		),
		...READ_ANYWAY,
	});
	const rows = g.add({
		...tableGet(
			'Ledger rows',
			[700, 100],
			LEDGER,
			[
				['createdAt', 'gte', "$('Read period').first().json.liveFromIso"],
				['createdAt', 'lt', "$('Read period').first().json.untilIso"],
			],
			'all',
		),
		...READ_ANYWAY,
		// once, whatever Unreached rows returned
		executeOnce: true,
	});
	const build = g.add(codeNode(CODE, 'Build page', [1180, 120], { STORAGE_WARN_PERCENT }));
	const respond = g.add({
		name: 'Answer',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.1,
		position: [1400, 120],
		parameters: {
			respondWith: 'text',
			responseBody: '={{ $json.body }}',
			options: {
				responseCode: '={{ $json.status }}',
				responseHeaders: {
					entries: [
						{ name: 'Content-Type', value: '={{ $json.contentType }}' },
						{ name: 'Content-Disposition', value: '={{ $json.disposition }}' },
						{ name: 'Cache-Control', value: 'no-store' },
					],
				},
			},
		},
	});
	return {
		trigger,
		settings,
		period,
		valid,
		probes,
		windows,
		top,
		topProbe,
		single,
		singleProbe,
		usage,
		unreached,
		rows,
		build,
		respond,
	};
}

/** Retention: keep totals, then remove old final rows */
function addCleanUp(g: Graph) {
	// Hourly: each run is bounded (cleanupDaysPerRun days counted and removed), so a backlog of a year is caught up
	// within a day and a missed run costs an hour, not a night; a run with nothing old reads about today's rows.
	const hourly = g.add(
		scheduleNode('Every hour', [-480, 300], {
			field: 'hours',
			hoursInterval: 1,
			triggerAtMinute: 17,
		}),
	);
	const cleanNow = g.add(
		protectedWebhook('Clean up now', [-480, 480], REPORT_CLEANUP_WEBHOOK, 'POST'),
	);
	const isCleanup = g.add(ifNode('Clean-up run?', [1400, 120], '$json.cleanup === true'));
	const toRemove = g.add(codeNode(CODE, 'Rows to remove', [1600, 260]));
	const anything = g.add(ifNode('Anything to remove?', [1800, 260], '$json.none !== true'));
	const remove = g.add({
		...tableDelete('Remove final rows', [2000, 200], LEDGER, [
			['createdAt', 'gte', '$json.fromIso'],
			['createdAt', 'lt', '$json.untilIso'],
			['status', 'eq', "'done'"],
			['resultState', 'eq', '$json.resultState'],
		]),
		...READ_ANYWAY,
	});
	const answerCleanup = g.add(codeNode(CODE, 'Clean-up answer', [2200, 280]));
	const byHttp = g.add(ifNode('Asked over HTTP?', [2400, 280], "$('Clean up now').isExecuted"));
	const cleanupRespond = g.add(
		respondJson('Answer clean-up', [2600, 260], '$json.body', '$json.status'),
	);
	// past n8n's cap every write of every table fails: staff hear of it before, from the hourly run
	const U = "$('Data table usage').first().json";
	const nearlyFull = g.add(
		ifNode(
			'Data tables nearly full?',
			[2400, 480],
			`${U}.percent >= ${STORAGE_WARN_PERCENT} && !!${S}.staffAlertsWorkflowId`,
		),
	);
	const storageFault = g.add(
		setNode(
			'Data tables fault',
			[2600, 460],
			[
				['kind', 'string', 'fault'],
				['faultKind', 'string', 'storage'],
				['key', 'string', 'storage'],
				['workflow', 'string', '={{ $workflow.name }}'],
				['notifyClear', 'boolean', true],
				[
					'text',
					'string',
					`={{ 'Data tables n8n: около ' + (${U}.bytes / 1048576).toFixed(1) + ' МБ из ' + (${U}.limitBytes / 1048576).toFixed(1) + ' МБ (' + ${U}.percent + ' %). Сверх предела не проходит ни одна запись: напоминания перестанут записывать звонки и ответы. Увеличьте N8N_DATA_TABLES_MAX_SIZE_BYTES и перезапустите n8n (и Settings → dataTablesLimitMb) или уменьшите retentionDays.' }}`,
				],
			],
		),
	);
	const tellStorage = g.add(
		callWorkflow('Tell staff: Data tables', [2800, 460], `${S}.staffAlertsWorkflowId`, false),
	);
	return {
		hourly,
		cleanNow,
		isCleanup,
		toRemove,
		anything,
		remove,
		answerCleanup,
		byHttp,
		cleanupRespond,
		nearlyFull,
		storageFault,
		tellStorage,
	};
}
