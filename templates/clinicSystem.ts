/**
 * The clinic-system sub-workflow (workflows/clinic-system.json): the one place that talks to the clinic's own
 * system, behind n8n's Execute Workflow trigger. Written as code: see build.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Graph, httpNode, ifNode, setNode, stopAndError, type Json } from './build';
import { clinicSystemFrame } from './clinicSystemFrame';
import { CLINIC_API_CREDENTIAL, S } from './expressions';

/** The contract this sub-workflow speaks (info.version of contract/clinic-api.openapi.json). */
export const CONTRACT_VERSION: string = JSON.parse(
	readFileSync(join(__dirname, '..', 'contract', 'clinic-api.openapi.json'), 'utf8'),
).info.version;

/** The answer's body is JSON (n8n parses an application/json body; any other stays text). */
const JSON_BODY = "($json.body !== null && typeof $json.body === 'object')";

/**
 * Why a request to the clinic API failed, in words a clinic acts on: '' for an answer. `answered` is a JS condition on
 * `$json.statusCode` for the statuses that are answers (404 for "no such visit"); such a status with a body that is
 * not JSON is a web page (a login page, a wrong URL), not an answer. A failed request carries Node's code
 * (ECONNREFUSED, ECONNABORTED for a timeout, a certificate code: https://nodejs.org/api/errors.html).
 */
function clinicError(answered: string): string {
	const explain = String.raw`((e) => { const code = String((e && (e.code || (e.cause && e.cause.code))) || ''); const text = String((e && e.message) || e); const both = code + ' ' + text; return /ECONNABORTED|ETIMEDOUT|timeout/i.test(both) ? 'the clinic system did not answer within ' + ${S}.timeoutMs + ' ms: check that it runs and clinicApiUrl in Settings, or raise timeoutMs' : /CERT|SSL|TLS|self[- ]signed/i.test(both) ? "the clinic system's TLS certificate is not trusted" + (code ? ' (' + code + ')' : '') + ": give n8n the clinic's CA certificate (NODE_EXTRA_CA_CERTS) or fix the certificate" : /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET/.test(both) ? 'cannot reach the clinic system (' + (code || text.slice(0, 120)) + '): check clinicApiUrl in Settings and that the service runs' : 'the clinic system request failed: ' + text.slice(0, 300); })($json.error)`;
	return `$json.error ? ${explain} : [401, 403].includes($json.statusCode) ? 'the clinic system refused the credential "${CLINIC_API_CREDENTIAL.httpHeaderAuth.name}" (HTTP ' + $json.statusCode + '): check its header name and value in n8n Credentials against what the clinic API expects' : !(${answered}) ? 'the clinic system answered HTTP ' + $json.statusCode + (${JSON_BODY} && $json.body.error ? ': ' + String($json.body.error).slice(0, 300) : '') : !${JSON_BODY} ? 'the clinic system answered HTTP ' + $json.statusCode + ' with something that is not JSON (a web page?): clinicApiUrl must point at the clinic API itself, not at a login or error page' : ''`;
}

const OVERVIEW_CLINIC = `## Clinic system for appointment reminders

The only place that knows the clinic's system. The reminder calls it with one or more items, all with the same **action**, and expects one answer per item, in the same order, with its visitId (the nodes below run once per item, so they do):
- \`dueVisits\` {date} → one item per visit: visitId, phone, timeZone (IANA), startAt (ISO with offset), specialty, doctor, patientName, status, due;
- \`getVisit\` {visitId} → one item: found, error, and the same fields (due = still expects a reminder), plus reminderOutcome: the final reminder result the clinic already holds, or empty (the reminder takes it instead of calling again);
- \`writeResult\` {visitId, outcome, code, attempts, callId, note} → written, statusCode, error.

Call routing (incoming-call screen pop, interactive routing) uses two more:
- \`findPatient\` {phone} → found, error, patientName, nextVisitAt (ISO), nextVisitSpecialty, nextVisitDoctor, administratorName, administratorPhone (7XXXXXXXXXX), administratorExtension;
- \`screenPop\` {extension, phone, event, callSessionId, newPatient, patientName, nextVisitAt, nextVisitSpecialty, nextVisitDoctor, campaignId, campaignName, employeeName, title} → delivered, statusCode, error.

This version speaks **clinic contract ${CONTRACT_VERSION}** over HTTP (\`contract/clinic-api.openapi.json\` in the package's repository): set **clinicApiUrl** in *Settings* and the credential **Clinic API** (n8n Header Auth: \`Authorization\` = \`Bearer <token>\` or \`Basic <base64 of login:password>\`, or your API's own header) on the five HTTP nodes. Check your system before patients are called: \`npm run check-clinic\` (workflows/README.md, *Swap the clinic system*). A refused credential, a timeout, an untrusted TLS certificate or a page that is not JSON each come back as a plain reason in **error** (dueVisits: the call fails with it). A repeated writeResult with the same result must answer 200 with duplicate: true. **PostgreSQL**: import *clinic-system-postgres.json* instead. **1C**: publish the HTTP service of docs/clinic-system-1c.md. For a **sheet** use the Google Sheets or Excel node. Keep the output fields, and the reminder needs no change.

Outcomes written: confirmed, cancelled, operator, unreached (staff must call; never cancel the visit for it), failed (the row was skipped, the note says why).`;

const OVERVIEW_CLINIC_RU = `## МИС клиники для напоминаний

Единственное место, которое знает вашу МИС. Напоминание вызывает его с одним или несколькими элементами с одним и тем же полем **action** и ждёт по ответу на каждый элемент, в том же порядке, с его visitId (узлы ниже выполняются для каждого элемента, поэтому так и отвечают):
- \`dueVisits\` {date} → по элементу на визит: visitId, phone, timeZone (IANA), startAt (ISO со смещением), specialty, doctor, patientName, status, due;
- \`getVisit\` {visitId} → один элемент: found, error и те же поля (due — напоминание ещё нужно) и reminderOutcome — итог напоминания, уже записанный в МИС, или пусто (тогда напоминание берёт его и не звонит снова);
- \`writeResult\` {visitId, outcome, code, attempts, callId, note} → written, statusCode, error.

Для маршрутизации звонков (карточка пациента при входящем, интерактивная обработка) ещё два действия:
- \`findPatient\` {phone} → found, error, patientName, nextVisitAt (ISO), nextVisitSpecialty, nextVisitDoctor, administratorName, administratorPhone (7XXXXXXXXXX), administratorExtension — персональный администратор пациента;
- \`screenPop\` {extension, phone, event, callSessionId, newPatient, patientName, nextVisitAt, …, campaignName, title} → delivered, statusCode, error — показать карточку на добавочном оператора.

Эта версия говорит по **контракту МИС ${CONTRACT_VERSION}** по HTTP (\`contract/clinic-api.openapi.json\` в репозитории пакета): адрес — **clinicApiUrl** в *Settings*, учётные данные — **Clinic API** (Header Auth в n8n: \`Authorization\` = \`Bearer <токен>\` или \`Basic <base64 от логин:пароль>\`, либо свой заголовок вашего API) на пяти HTTP-узлах. До первых звонков проверьте свою МИС: \`npm run check-clinic\` (workflows/README.ru.md, *Замена МИС*). Отказ в доступе, таймаут, недоверенный TLS-сертификат, ответ не в JSON — понятная причина в поле **error** (для dueVisits — ошибка вызова). Повторная запись того же результата должна отвечать 200 и duplicate: true. **PostgreSQL**: импортируйте *clinic-system-postgres.json*. **1С**: опубликуйте HTTP-сервис из docs/clinic-system-1c.md. Для **таблицы** — узел Google Sheets или Excel. Сохраните поля на выходе — напоминание менять не нужно.

Результаты: confirmed, cancelled, operator, unreached (позвонить администратору; визит из-за этого не отменяется), failed (строка пропущена, причина в note).`;

/** The clinic API's base URL and request timeout (Settings), and the credential every request is sent with. */
const base = `${S}.clinicApiUrl`;
const timeout = `${S}.timeoutMs`;
const credentials = CLINIC_API_CREDENTIAL;

/** The Set fields of a visit answered by the clinic API, read from `prefix` (an expression of the answer's body). */
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

export function clinicSystemWorkflow(): Json {
	const g = new Graph('clinic-system');
	g.note('Overview', [-1000, -420], 560, 760, OVERVIEW_CLINIC, 4);
	g.note('Overview (RU)', [-1000, 380], 560, 820, OVERVIEW_CLINIC_RU, 4);
	const branch = clinicSystemFrame(
		g,
		[
			['clinicApiUrl', 'string', 'http://127.0.0.1:8787/clinic'],
			['timeoutMs', 'number', 10000],
		],
		`### Settings
clinicApiUrl: the clinic API base URL; timeoutMs: per request.

Адрес API клиники и таймаут запроса.`,
	);
	const visitCalls = addVisitCalls(g);
	const { patientHttp, patientOut, popHttp, popOut } = addCallRouting(g);
	branch('dueVisits', visitCalls.dueHttp);
	g.link(visitCalls.dueHttp, visitCalls.dueOk);
	g.link(visitCalls.dueOk, visitCalls.dueSplit, 0);
	g.link(visitCalls.dueOk, visitCalls.dueFailed, 1);
	g.link(visitCalls.dueSplit, visitCalls.dueOut);
	branch('getVisit', visitCalls.oneHttp);
	branch('writeResult', visitCalls.writeHttp);
	branch('findPatient', patientHttp);
	branch('screenPop', popHttp);
	g.link(visitCalls.oneHttp, visitCalls.oneOut);
	g.link(visitCalls.writeHttp, visitCalls.writeOut);
	g.link(patientHttp, patientOut);
	g.link(popHttp, popOut);

	return g.workflow('Clinic system for appointment reminders');
}

/** The reminder's actions: dueVisits (the list of a day), getVisit (one visit re-read), writeResult */
function addVisitCalls(g: Graph) {
	const dueHttp = g.add(
		httpNode(
			'Get due visits',
			[400, -200],
			'GET',
			`={{ ${base} }}/visits/due-reminders?for={{ encodeURIComponent($json.date) }}`,
			{ timeout, credentials, fullResponse: true },
		),
	);
	// the list, or the whole call fails with the reason: a reminder never takes a failed read for "nobody due"
	const dueOk = g.add(
		ifNode(
			'Due visits answered?',
			[560, -200],
			'!$json.error && $json.statusCode === 200 && Array.isArray($json.body)',
		),
	);
	const dueFailed = g.add(
		stopAndError(
			'Clinic system failed',
			[760, -100],
			`={{ 'dueVisits: ' + (${clinicError('$json.statusCode === 200')} || 'the answer is not a JSON array of visits (GET /visits/due-reminders in contract/clinic-api.openapi.json)') }}`,
		),
	);
	const dueSplit = g.add({
		name: 'One item per visit',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [760, -300],
		parameters: { fieldToSplitOut: 'body', options: {} },
	});
	const dueOut = g.add(
		setNode(
			'Due visit',
			[960, -300],
			[['visitId', 'string', "={{ String($json.id ?? '') }}"], ...visitFields('$json')],
		),
	);
	const oneHttp = g.add(
		httpNode(
			'Get visit',
			[400, 200],
			'GET',
			`={{ ${base} }}/visits/{{ encodeURIComponent($json.visitId) }}`,
			{ timeout, credentials, fullResponse: true },
		),
	);
	const oneOut = g.add(
		setNode(
			'Visit',
			[640, 200],
			[
				['visitId', 'string', "={{ $('Settings').item.json.visitId }}"],
				['found', 'boolean', `={{ $json.statusCode === 200 && ${JSON_BODY} }}`],
				['error', 'string', `={{ ${clinicError('[200, 404].includes($json.statusCode)')} }}`],
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
				credentials,
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
				[
					'written',
					'boolean',
					`={{ $json.statusCode >= 200 && $json.statusCode < 300 && ${JSON_BODY} }}`,
				],
				['statusCode', 'number', '={{ $json.statusCode || 0 }}'],
				[
					'error',
					'string',
					`={{ ${clinicError('$json.statusCode >= 200 && $json.statusCode < 300')} }}`,
				],
			],
		),
	);
	return { dueHttp, dueOk, dueFailed, dueSplit, dueOut, oneHttp, oneOut, writeHttp, writeOut };
}

/** Call routing: the caller's card (findPatient), and the screen pop for an operator's extension (screenPop) */
function addCallRouting(g: Graph) {
	// call routing: the caller's card, and the screen pop for an operator's extension
	const patientHttp = g.add(
		httpNode(
			'Get patient by phone',
			[400, 600],
			'GET',
			`={{ ${base} }}/patients/by-phone/{{ encodeURIComponent($json.phone) }}`,
			{ timeout, credentials, fullResponse: true },
		),
	);
	const P = '($json.body || {})';
	const patientOut = g.add(
		setNode(
			'Patient',
			[640, 600],
			[
				['phone', 'string', "={{ $('Settings').item.json.phone }}"],
				['found', 'boolean', `={{ $json.statusCode === 200 && ${JSON_BODY} }}`],
				['error', 'string', `={{ ${clinicError('[200, 404].includes($json.statusCode)')} }}`],
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
			credentials,
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
				[
					'delivered',
					'boolean',
					`={{ $json.statusCode >= 200 && $json.statusCode < 300 && ${JSON_BODY} }}`,
				],
				['statusCode', 'number', '={{ $json.statusCode || 0 }}'],
				[
					'error',
					'string',
					`={{ ${clinicError('$json.statusCode >= 200 && $json.statusCode < 300')} }}`,
				],
			],
		),
	);
	return { patientHttp, patientOut, popHttp, popOut };
}
