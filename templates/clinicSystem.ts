/**
 * The clinic-system sub-workflow (workflows/clinic-system.json): the one place that talks to the clinic's own
 * system, behind n8n's Execute Workflow trigger. Written as code: see build.ts.
 */
import { Graph, httpNode, setNode, stopAndError, switchNode, type Json } from './build';
import { S } from './expressions';

const OVERVIEW_CLINIC = `## Clinic system for appointment reminders

The only place that knows the clinic's system. The reminder calls it with one or more items, all with the same **action**, and expects one answer per item, in the same order, with its visitId (the nodes below run once per item, so they do):
- \`dueVisits\` {date} → one item per visit: visitId, phone, timeZone (IANA), startAt (ISO with offset), specialty, doctor, patientName, status, due;
- \`getVisit\` {visitId} → one item: found, error, and the same fields (due = still expects a reminder), plus reminderOutcome: the final reminder result the clinic already holds, or empty (the reminder takes it instead of calling again);
- \`writeResult\` {visitId, outcome, code, attempts, callId, note} → written, statusCode, error.

Call routing (incoming-call screen pop, interactive routing) uses two more:
- \`findPatient\` {phone} → found, error, patientName, nextVisitAt (ISO), nextVisitSpecialty, nextVisitDoctor, administratorName, administratorPhone (7XXXXXXXXXX), administratorExtension;
- \`screenPop\` {extension, phone, event, callSessionId, newPatient, patientName, nextVisitAt, nextVisitSpecialty, nextVisitDoctor, campaignId, campaignName, employeeName, title} → delivered, statusCode, error.

This version talks HTTP to the sandbox's clinic API; set **clinicApiUrl** in *Settings*. To use **1C** publish an HTTP service with the same answers and change the URLs; for **SQL** replace the HTTP nodes with your database node (SELECT due visits / one visit, UPDATE the result); for a **sheet** use the Google Sheets or Excel node. Keep the output fields, and the reminder needs no change.

Outcomes written: confirmed, cancelled, operator, unreached (staff must call; never cancel the visit for it), failed (the row was skipped, the note says why).`;

const OVERVIEW_CLINIC_RU = `## МИС клиники для напоминаний

Единственное место, которое знает вашу МИС. Напоминание вызывает его с одним или несколькими элементами с одним и тем же полем **action** и ждёт по ответу на каждый элемент, в том же порядке, с его visitId (узлы ниже выполняются для каждого элемента, поэтому так и отвечают):
- \`dueVisits\` {date} → по элементу на визит: visitId, phone, timeZone (IANA), startAt (ISO со смещением), specialty, doctor, patientName, status, due;
- \`getVisit\` {visitId} → один элемент: found, error и те же поля (due — напоминание ещё нужно) и reminderOutcome — итог напоминания, уже записанный в МИС, или пусто (тогда напоминание берёт его и не звонит снова);
- \`writeResult\` {visitId, outcome, code, attempts, callId, note} → written, statusCode, error.

Для маршрутизации звонков (карточка пациента при входящем, интерактивная обработка) ещё два действия:
- \`findPatient\` {phone} → found, error, patientName, nextVisitAt (ISO), nextVisitSpecialty, nextVisitDoctor, administratorName, administratorPhone (7XXXXXXXXXX), administratorExtension — персональный администратор пациента;
- \`screenPop\` {extension, phone, event, callSessionId, newPatient, patientName, nextVisitAt, …, campaignName, title} → delivered, statusCode, error — показать карточку на добавочном оператора.

Эта версия обращается по HTTP к API клиники из песочницы; адрес — **clinicApiUrl** в *Settings*. Для **1С** опубликуйте HTTP-сервис с теми же ответами и поменяйте адреса; для **SQL** замените HTTP-узлы узлом вашей базы (SELECT визитов на дату / одного визита, UPDATE результата); для **таблицы** — узел Google Sheets или Excel. Сохраните поля на выходе — напоминание менять не нужно.

Результаты: confirmed, cancelled, operator, unreached (позвонить администратору; визит из-за этого не отменяется), failed (строка пропущена, причина в note).`;

export function clinicSystemWorkflow(): Json {
	const g = new Graph('clinic-system');
	g.note('Overview', [-1000, -420], 560, 760, OVERVIEW_CLINIC, 4);
	g.note('Overview (RU)', [-1000, 380], 560, 820, OVERVIEW_CLINIC_RU, 4);
	const trigger = g.add({
		name: 'When called by the reminder',
		type: 'n8n-nodes-base.executeWorkflowTrigger',
		typeVersion: 1.1,
		position: [-360, 200],
		parameters: { inputSource: 'passthrough' },
	});
	const settings = g.add(
		setNode(
			'Settings',
			[-120, 200],
			[
				['clinicApiUrl', 'string', 'http://127.0.0.1:8787/clinic'],
				['timeoutMs', 'number', 10000],
			],
			true,
		),
	);
	g.note(
		'Settings note',
		[-200, -60],
		300,
		220,
		`### Settings
clinicApiUrl: the clinic API base URL; timeoutMs: per request.

Адрес API клиники и таймаут запроса.`,
		6,
	);
	const action = g.add(
		switchNode(
			'Action',
			[120, 200],
			[
				['dueVisits', "$json.action === 'dueVisits'"],
				['getVisit', "$json.action === 'getVisit'"],
				['writeResult', "$json.action === 'writeResult'"],
				['findPatient', "$json.action === 'findPatient'"],
				['screenPop', "$json.action === 'screenPop'"],
			],
			'unknown',
		),
	);
	const base = `${S}.clinicApiUrl`;
	const timeout = `${S}.timeoutMs`;
	const dueHttp = g.add(
		httpNode(
			'Get due visits',
			[400, 0],
			'GET',
			`={{ ${base} }}/visits/due-reminders?for={{ encodeURIComponent($json.date) }}`,
			{
				timeout,
			},
		),
	);
	const visitFields = (prefix: string): Array<[string, 'string' | 'boolean', string]> => [
		['phone', 'string', `={{ ${prefix}.phone ?? '' }}`],
		['timeZone', 'string', `={{ ${prefix}.timeZone ?? '' }}`],
		['startAt', 'string', `={{ ${prefix}.startAt ?? '' }}`],
		['specialty', 'string', `={{ ${prefix}.specialty ?? '' }}`],
		['doctor', 'string', `={{ ${prefix}.doctor ?? '' }}`],
		['patientName', 'string', `={{ ${prefix}.patient?.fullName ?? '' }}`],
		['status', 'string', `={{ ${prefix}.status ?? '' }}`],
		[
			'due',
			'boolean',
			`={{ ${prefix}.status === 'scheduled' && !(${prefix}.reminder && ${prefix}.reminder.final) }}`,
		],
		// the final reminder result the clinic system already holds (the reminder reconciles its ledger from it)
		[
			'reminderOutcome',
			'string',
			`={{ ${prefix}.reminder && ${prefix}.reminder.final ? String(${prefix}.reminder.outcome || '') : '' }}`,
		],
	];
	const dueOut = g.add(
		setNode(
			'Due visit',
			[640, 0],
			[['visitId', 'string', "={{ String($json.id ?? '') }}"], ...visitFields('$json')],
		),
	);
	const oneHttp = g.add(
		httpNode(
			'Get visit',
			[400, 200],
			'GET',
			`={{ ${base} }}/visits/{{ encodeURIComponent($json.visitId) }}`,
			{
				timeout,
				fullResponse: true,
			},
		),
	);
	const oneOut = g.add(
		setNode(
			'Visit',
			[640, 200],
			[
				['visitId', 'string', "={{ $('Settings').item.json.visitId }}"],
				['found', 'boolean', '={{ $json.statusCode === 200 }}'],
				[
					'error',
					'string',
					"={{ $json.error ? String($json.error.message || $json.error) : ($json.statusCode === 200 || $json.statusCode === 404 ? '' : 'clinic system answered HTTP ' + $json.statusCode) }}",
				],
				...visitFields('($json.body || {})'),
			],
		),
	);
	const writeHttp = g.add(
		httpNode(
			'Post result',
			[400, 400],
			'POST',
			`={{ ${base} }}/visits/{{ encodeURIComponent($json.visitId) }}/reminder-result`,
			{
				timeout,
				fullResponse: true,
				jsonBody:
					"={{ JSON.stringify({ outcome: $json.outcome, code: $json.code === '' || $json.code === null || $json.code === undefined ? null : Number($json.code), attempts: Number($json.attempts || 0), callId: $json.callId || null, note: $json.note ? String($json.note).slice(0, 1000) : null }) }}",
			},
		),
	);
	const writeOut = g.add(
		setNode(
			'Write status',
			[640, 400],
			[
				['visitId', 'string', "={{ $('Settings').item.json.visitId }}"],
				['written', 'boolean', '={{ $json.statusCode >= 200 && $json.statusCode < 300 }}'],
				['statusCode', 'number', '={{ $json.statusCode || 0 }}'],
				[
					'error',
					'string',
					"={{ $json.error ? String($json.error.message || $json.error) : ($json.statusCode >= 300 ? String(($json.body && $json.body.error) || 'HTTP ' + $json.statusCode) : '') }}",
				],
			],
		),
	);
	// call routing: the caller's card, and the screen pop for an operator's extension
	const patientHttp = g.add(
		httpNode(
			'Get patient by phone',
			[400, 600],
			'GET',
			`={{ ${base} }}/patients/by-phone/{{ encodeURIComponent($json.phone) }}`,
			{ timeout, fullResponse: true },
		),
	);
	const P = '($json.body || {})';
	const patientOut = g.add(
		setNode(
			'Patient',
			[640, 600],
			[
				['phone', 'string', "={{ $('Settings').item.json.phone }}"],
				['found', 'boolean', '={{ $json.statusCode === 200 }}'],
				[
					'error',
					'string',
					`={{ $json.error ? String($json.error.message || $json.error) : ($json.statusCode === 200 || $json.statusCode === 404 ? '' : 'clinic system answered HTTP ' + $json.statusCode + (${P}.error ? ': ' + ${P}.error : '')) }}`,
				],
				['patientName', 'string', `={{ ${P}.patient?.fullName ?? '' }}`],
				['nextVisitId', 'string', `={{ ${P}.nextVisit?.id ?? '' }}`],
				['nextVisitAt', 'string', `={{ ${P}.nextVisit?.startAt ?? '' }}`],
				['nextVisitSpecialty', 'string', `={{ ${P}.nextVisit?.specialty ?? '' }}`],
				['nextVisitDoctor', 'string', `={{ ${P}.nextVisit?.doctor ?? '' }}`],
				['administratorName', 'string', `={{ ${P}.administrator?.fullName ?? '' }}`],
				['administratorPhone', 'string', `={{ ${P}.administrator?.phone ?? '' }}`],
				['administratorExtension', 'string', `={{ ${P}.administrator?.extension ?? '' }}`],
			],
		),
	);
	const popHttp = g.add(
		httpNode('Post screen pop', [400, 800], 'POST', `={{ ${base} }}/screen-pops`, {
			timeout,
			fullResponse: true,
			jsonBody:
				"={{ JSON.stringify({ extension: String($json.extension ?? ''), phone: String($json.phone ?? ''), event: $json.event ?? null, callSessionId: $json.callSessionId ?? null, newPatient: $json.newPatient === true || $json.newPatient === 'true', patientName: $json.patientName || null, nextVisitAt: $json.nextVisitAt || null, nextVisitSpecialty: $json.nextVisitSpecialty || null, nextVisitDoctor: $json.nextVisitDoctor || null, campaignId: $json.campaignId ?? null, campaignName: $json.campaignName || null, employeeName: $json.employeeName || null, title: $json.title || null }) }}",
		}),
	);
	const popOut = g.add(
		setNode(
			'Screen pop status',
			[640, 800],
			[
				['extension', 'string', "={{ String($('Settings').item.json.extension ?? '') }}"],
				['delivered', 'boolean', '={{ $json.statusCode >= 200 && $json.statusCode < 300 }}'],
				['statusCode', 'number', '={{ $json.statusCode || 0 }}'],
				[
					'error',
					'string',
					"={{ $json.error ? String($json.error.message || $json.error) : ($json.statusCode >= 300 ? String(($json.body && $json.body.error) || 'HTTP ' + $json.statusCode) : '') }}",
				],
			],
		),
	);
	const unknown = g.add(stopAndError('Unknown action', [400, 1000], '=Unknown action "{{ $json.action }}": use dueVisits, getVisit, writeResult, findPatient or screenPop'));
	g.chain(trigger, settings, action);
	g.link(action, dueHttp, 0);
	g.link(action, oneHttp, 1);
	g.link(action, writeHttp, 2);
	g.link(action, patientHttp, 3);
	g.link(action, popHttp, 4);
	g.link(action, unknown, 5);
	g.link(dueHttp, dueOut);
	g.link(oneHttp, oneOut);
	g.link(writeHttp, writeOut);
	g.link(patientHttp, patientOut);
	g.link(popHttp, popOut);
	return g.workflow('Clinic system for appointment reminders');
}
