/**
 * 4. Import: tomorrow's visits from the clinic system become ledger rows, one per visit; only visits with no row or
 * with fields the clinic changed go on (Keep, then Start or Skip).
 */
import {
	callWorkflow,
	type Graph,
	ifNode,
	noOp,
	READ_ANYWAY,
	setNode,
	stopAndError,
	tableDelete,
	tableGet,
	tableUpdate,
	tableUpsert,
} from '../build';
import { planValues } from './ledgerValues';
import { checkVisitNode, ENTRY, LEDGER, planFromNowNode, SETTINGS } from './shared';

export function addImport(graph: Graph, route: string): void {
	const readVisits = addReadVisits(graph);
	const startRows = addStartRows(graph);
	graph.link(route, readVisits.importDue, ENTRY.tick);
	graph.link(readVisits.importDue, readVisits.visitsReq, 0);
	graph.chain(readVisits.visitsReq, readVisits.ask, readVisits.gotVisits);
	graph.link(readVisits.gotVisits, readVisits.validate, 0);
	graph.link(readVisits.validate, readVisits.check);
	graph.link(readVisits.gotVisits, startRows.forgetStalled, 0);
	graph.link(startRows.forgetStalled, startRows.imported);
	graph.link(readVisits.gotVisits, readVisits.importFailed, 1);
	graph.link(readVisits.importFailed, readVisits.clinicFailed, 0);
	graph.link(readVisits.importFailed, readVisits.noVisits, 1);
	graph.link(readVisits.check, startRows.changed);
	graph.link(startRows.imported, startRows.changed, 0, 1);
	graph.chain(startRows.changed, startRows.keep, startRows.usable);
	graph.link(startRows.usable, startRows.planFirst, 0);
	graph.link(startRows.usable, startRows.skipImport, 1);
	graph.link(startRows.planFirst, startRows.startRow);
}

/** Visits request → Ask clinic for visits → Check visit (or the clinic's error fails the tick). */
function addReadVisits(graph: Graph) {
	graph.note(
		'Import note',
		[1200, 560],
		1400,
		200,
		`### 4. Import / Загрузка визитов
One ledger row per visit. *Keep ledger row* upserts only fields that do not carry state, so a second import (even a concurrent one) never resets a row that is calling or answered. *Start ledger row* sets the state once, only while it is empty. Rows with no phone, a phone that is not Russian, an unknown zone or a start in the past are skipped with the reason; the import goes on. The schedule reads the day every *importEveryMinutes* (10; 1 = every tick), Run now every time (unless its body is {"import": false}); *New or changed visits* lets through only visits with no row or with a field the clinic changed, so a day already imported costs one read (*Imported rows*), and an import that overlaps a long one leaves it the visits it is still starting. A row still not started an hour after it was kept (n8n stopped mid-import) is removed by *Forget stalled rows*, and the next read imports its visit again. A clinic system that cannot give the day's visits fails the tick with its reason (*Clinic system failed*; the tick's calls and writes ran before): the failed execution and the error workflow say so, and the next tick reads again.

Одна строка на визит. *Keep ledger row* обновляет только поля без состояния, поэтому повторная (даже параллельная) загрузка не сбрасывает строку. *Start ledger row* задаёт состояние один раз, пока оно пустое. Строки без телефона, с неверным номером, неизвестным часовым поясом или прошедшим временем пропускаются с причиной. По расписанию день читается раз в *importEveryMinutes* минут (10; 1 — на каждом тике), по Run now — всегда (если тело запроса не {"import": false}); *New or changed visits* пропускает дальше только визиты без строки или с полем, которое МИС изменила, поэтому уже загруженный день стоит одного чтения (*Imported rows*), а загрузка, совпавшая по времени с долгой, оставляет ей визиты, которые та ещё начинает. Строку, не начатую через час после создания (n8n остановился посреди загрузки), удаляет *Forget stalled rows*, и следующее чтение загрузит визит заново. Если МИС не отдала визиты на день, тик завершается ошибкой с причиной (*Clinic system failed*; звонки и записи этого тика уже выполнены): об этом скажут неудачное выполнение и error workflow, следующий тик прочитает снова.`,
	);
	// reading the whole day costs every visit a trip through the clinic sub-workflow and the checks: at a clinic
	// network's size that is seconds per tick, so the schedule reads it every importEveryMinutes (epoch minutes, so
	// overlapping ticks agree) and Run now always does unless its body says {"import": false}
	const importDue = graph.add(
		ifNode(
			'Import this tick?',
			[-240, 1260],
			`$('Run now').isExecuted ? $('Run now').first().json.body?.import !== false : Math.floor($now.toMillis() / 60000) % Math.max(1, Math.floor(Number(${SETTINGS}.importEveryMinutes) || 1)) === 0`,
		),
	);
	const visitsReq = graph.add(
		setNode(
			'Visits request',
			[-80, 1260],
			[
				['action', 'string', 'dueVisits'],
				[
					'date',
					'string',
					`={{ $now.setZone(${SETTINGS}.clinicTimeZone).plus({ days: ${SETTINGS}.daysAhead }).toISODate() }}`,
				],
			],
		),
	);
	const ask = graph.add(
		callWorkflow('Ask clinic for visits', [160, 1260], `${SETTINGS}.clinicWorkflowId`),
	);
	const gotVisits = graph.add(
		ifNode('Got visits?', [400, 1260], '!$json.error && !!$json.visitId'),
	);
	// a clinic system that cannot give the day's visits fails the tick with its reason (import runs last in a tick, so
	// the calls and writes before it are done): the failed execution, and the error workflow, tell the clinic
	const importFailed = graph.add(ifNode('Clinic error?', [640, 1580], '!!$json.error'));
	const clinicFailed = graph.add(
		stopAndError(
			'Clinic system failed',
			[880, 1560],
			"={{ 'The clinic system did not give the visits to remind: ' + String($json.error).slice(0, 600) }}",
		),
	);
	const noVisits = graph.add(noOp('No visits', [880, 1680]));
	const validate = graph.add(checkVisitNode('Validate visit', [640, 1240]));
	const check = graph.add(
		setNode(
			'Check visit',
			[880, 1280],
			[
				['visitId', 'string', '={{ String($json.visitId) }}'],
				['phone', 'string', '={{ $json.phone || $json.phoneAsGiven }}'],
				['timeZone', 'string', "={{ String($json.timeZone ?? '') }}"],
				['startAt', 'string', "={{ String($json.startAt ?? '') }}"],
				// for the outcome report: who was reminded, of which visit
				['patientName', 'string', "={{ String($json.patientName ?? '') }}"],
				['doctor', 'string', "={{ String($json.doctor ?? '') }}"],
				['specialty', 'string', "={{ String($json.specialty ?? '') }}"],
				['problem', 'string', '={{ $json.problem }}'],
			],
		),
	);
	// Every read imports the whole day again. A row whose fields the clinic has not changed would only be written back
	// as it is (Keep) and left alone or started by the import that kept it, so only the visits with no row or with
	// changed fields go on: a read of a day already imported costs one read of the ledger.
	return {
		importDue,
		visitsReq,
		ask,
		gotVisits,
		importFailed,
		clinicFailed,
		noVisits,
		validate,
		check,
	};
}

/**
 * A row kept but not started this long ago belongs to an import that died between Keep and Start (n8n stopped
 * mid-import): it is removed so the next read imports its visit again. Far longer than a read of a day takes
 * (about 7 min for 10,000 visits on n8n 2.41: docs/operations.md → A clinic network).
 */
const STALLED_IMPORT_MINUTES = 60;

/**
 * Forget stalled rows + Imported rows + New or changed visits → Keep ledger row → Start ledger row or Skip at
 * import.
 */
function addStartRows(graph: Graph) {
	const createdSince = `$now.minus({ days: ${SETTINGS}.daysAhead + 1 }).toUTC().toISO()`;
	const forgetStalled = graph.add({
		...tableDelete('Forget stalled rows', [640, 1420], LEDGER, [
			['createdAt', 'gte', createdSince],
			['createdAt', 'lte', `$now.minus({ minutes: ${STALLED_IMPORT_MINUTES} }).toUTC().toISO()`],
			['status', 'isEmpty'],
		]),
		// nothing to forget, or the delete failed → the import goes on
		...READ_ANYWAY,
		executeOnce: true,
	});
	// every row of the day counts as imported, started or not: an import that overlaps a long one still keeping
	// and starting its rows leaves those visits to it instead of importing them all again
	const imported = graph.add({
		...tableGet('Imported rows', [880, 1420], LEDGER, [['createdAt', 'gte', createdSince]], 'all'),
		// no rows, or the read failed → one item that matches nothing: every visit goes on
		...READ_ANYWAY,
		executeOnce: true,
	});
	const changed = graph.add({
		name: 'New or changed visits',
		type: 'n8n-nodes-base.merge',
		typeVersion: 3,
		position: [1120, 1240],
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
	const keep = graph.add(
		tableUpsert('Keep ledger row', [1360, 1240], LEDGER, ['visitId', '$json.visitId'], {
			visitId: '$json.visitId',
			visitStart: '$json.startAt',
			timeZone: '$json.timeZone',
			phone: '$json.phone',
			patientName: '$json.patientName',
			doctor: '$json.doctor',
			specialty: '$json.specialty',
		}),
	);
	const NEW_VISIT = "$('New or changed visits').item.json";
	const usable = graph.add(ifNode('Usable?', [1600, 1240], `!${NEW_VISIT}.problem`));
	const planFirst = graph.add(planFromNowNode('Plan first call', [1840, 920], NEW_VISIT));
	const startRow = graph.add(
		tableUpdate(
			'Start ledger row',
			[2080, 920],
			LEDGER,
			[
				['visitId', 'eq', `${NEW_VISIT}.visitId`],
				['status', 'isEmpty'],
			],
			planValues({ attempts: '0', answered: 'false', callIds: "'|'" }),
		),
	);
	const skipImport = graph.add(
		tableUpdate(
			'Skip at import',
			[1840, 1360],
			LEDGER,
			[
				['visitId', 'eq', `${NEW_VISIT}.visitId`],
				['status', 'isEmpty'],
			],
			{
				status: "'done'",
				outcome: "'skipped'",
				attempts: '0',
				answered: 'false',
				callIds: "'|'",
				reason: `${NEW_VISIT}.problem`,
				resultState: "'pending'",
			},
		),
	);
	return { forgetStalled, imported, changed, keep, usable, planFirst, startRow, skipImport };
}
