/**
 * Interactive routing (workflows/interactive-routing.json), written as code: see build.ts.
 *
 * The CoMagic scenario step «Интерактивная обработка вызова» asks where to put a live call through. The workflow
 * finds the caller in the clinic system (through the Clinic system sub-workflow) and answers with the phone of the
 * patient's personal administrator. The trigger itself guarantees an answer: when the lookup fails, is slow (past the
 * time budget) or the workflow answers nothing valid, it sends the Default Answer, so the caller never hangs.
 */
import { callWorkflow, Graph, PKG, setNode, stopAndError, switchNode, type Json } from './build';
import { COMAGIC_TRIGGER_CREDENTIAL, normalisePhone, S } from './expressions';
import { ROUTING_WEBHOOKS } from './names';

const OVERVIEW = `## Interactive routing: put the patient through to their administrator

**How it works.** A scenario step «Интерактивная обработка вызова» in CoMagic calls this workflow with the caller's number (numa) and waits. The workflow asks the *Clinic system* sub-workflow (action findPatient) and answers:
- a patient with a personal administrator → \`{"phones": ["7…"]}\`: CoMagic puts the call through to that administrator (with a short hint to the administrator);
- an unknown caller, or a patient without one → \`{"returned_code": unknownCallerCode}\`: the scenario's branch for that code (e.g. the general queue);
- the clinic system fails → the execution stops with the reason, and the trigger sends its **Default Answer**;
- the clinic system is slow → after the trigger's **Time Budget** the Default Answer goes out; the caller never waits longer.

**Setup**
1. Import *Clinic system* first; in **Settings** set clinicWorkflowId.
2. In *CoMagic routing* choose the **CoMagic Trigger API** credential (the screen pop's, or a new one with a long random secret), keep or change Default Answer and Time Budget, activate.
3. In the CoMagic scenario add the step «Интерактивная обработка вызова»: URL = the trigger's Production URL + ?token=secret, method GET or POST, parameters numa, numb, cdr_id, call_session_id. Give the step a branch for every returned_code you use and a fallback branch.`;

const OVERVIEW_RU = `## Интерактивная маршрутизация: пациент сразу к своему администратору

**Как работает.** Шаг сценария CoMagic «Интерактивная обработка вызова» передаёт процессу номер звонящего (numa) и ждёт ответа. Процесс спрашивает подпроцесс *Clinic system* (действие findPatient) и отвечает:
- пациент с персональным администратором → \`{"phones": ["7…"]}\`: CoMagic переводит звонок на этого администратора (с короткой подсказкой ему);
- незнакомый номер или пациент без администратора → \`{"returned_code": unknownCallerCode}\`: ветка сценария для этого кода (например, общая очередь);
- МИС ответила ошибкой → запуск останавливается с причиной, триггер отправляет **Default Answer**;
- МИС отвечает медленно → по истечении **Time Budget** триггер отправляет Default Answer; звонящий не ждёт дольше.

**Настройка**
1. Сначала импортируйте *Clinic system*; в **Settings** укажите clinicWorkflowId.
2. В *CoMagic routing* выберите учётные данные **CoMagic Trigger API** (те же, что у всплывающей карточки, или новые с длинным случайным секретом), при необходимости измените Default Answer и Time Budget, активируйте процесс.
3. В сценарии CoMagic добавьте шаг «Интерактивная обработка вызова»: URL = Production URL триггера + ?token=секрет, метод GET или POST, параметры numa, numb, cdr_id, call_session_id. Настройте ветку на каждый используемый returned_code и ветку по умолчанию.`;

const SETTINGS_NOTE = `### Settings / Настройки
clinicWorkflowId: id of the imported *Clinic system*; unknownCallerCode: returned_code for a caller with no personal administrator (1 = the same branch as the Default Answer); announcePatient: tell the administrator who is calling.

id подпроцесса *Clinic system*; returned_code для звонящего без персонального администратора (1 — та же ветка, что и Default Answer); announcePatient — подсказать администратору, кто звонит.`;

export function interactiveRoutingWorkflow(): Json {
	const g = new Graph('interactive-routing');
	g.note('Overview', [-1300, -460], 600, 700, OVERVIEW, 4);
	g.note('Overview (RU)', [-1300, 280], 600, 740, OVERVIEW_RU, 4);
	g.note('About settings', [-660, -260], 420, 240, SETTINGS_NOTE, 6);

	const trigger = g.add({
		name: 'CoMagic routing',
		type: `${PKG}.coMagicTrigger`,
		typeVersion: 2,
		position: [-640, 200],
		webhookId: ROUTING_WEBHOOKS.interactive,
		credentials: COMAGIC_TRIGGER_CREDENTIAL,
		parameters: {
			mode: 'interactive',
			// the scenario's general branch; sent when the lookup fails, is slow or the answer is not valid
			defaultAnswer: '{"returned_code": 1}',
			timeBudgetMs: 3000,
			secretLocation: 'query',
			fieldName: 'token',
			options: {},
		},
	});
	const settings = g.add(
		setNode(
			'Settings',
			[-400, 200],
			[
				['clinicWorkflowId', 'string', ''],
				['unknownCallerCode', 'number', 1],
				['announcePatient', 'boolean', true],
			],
			true,
		),
	);
	g.note(
		'Lookup note',
		[-200, -60],
		940,
		220,
		`### Find the caller, answer / Найти звонящего и ответить
The answer is the first item of the last node that runs: {"phones": [...]} or {"returned_code": N}. *Clinic system failed* stops the execution on purpose: the trigger then sends its Default Answer and the reason stays in the execution list.

Ответ — первый элемент последнего выполненного узла. *Clinic system failed* останавливает запуск намеренно: триггер отправит Default Answer, а причина останется в списке запусков.`,
	);
	const lookup = g.add(
		setNode(
			'Patient lookup',
			[-160, 200],
			[
				['action', 'string', 'findPatient'],
				['phone', 'string', "={{ $json.callerPhone || '' }}"],
			],
		),
	);
	const find = g.add(callWorkflow('Find patient', [80, 200], `${S}.clinicWorkflowId`));
	const adminPhone = normalisePhone('$json.administratorPhone');
	const route = g.add(
		switchNode(
			'Route',
			[320, 200],
			[
				['lookup failed', '!!$json.error'],
				['administrator', `$json.found === true && ${adminPhone} !== ''`],
			],
			'no administrator',
		),
	);
	const failed = g.add(
		stopAndError(
			'Clinic system failed',
			[600, 0],
			'=Patient lookup failed, the caller got the Default Answer: {{ String($json.error.message || $json.error) }}',
		),
	);
	const toAdmin = g.add(
		setNode(
			'Put through to the administrator',
			[600, 200],
			[
				['phones', 'array', `={{ [${adminPhone}] }}`],
				[
					'operator_text',
					'string',
					`={{ ${S}.announcePatient && $json.patientName ? 'Звонит пациент ' + $json.patientName : '' }}`,
				],
			],
		),
	);
	const general = g.add(
		setNode(
			'General queue',
			[600, 400],
			[['returned_code', 'number', `={{ ${S}.unknownCallerCode }}`]],
		),
	);
	g.chain(trigger, settings, lookup, find, route);
	g.link(route, failed, 0);
	g.link(route, toAdmin, 1);
	g.link(route, general, 2);
	return g.workflow('Interactive routing: patient to their administrator');
}
