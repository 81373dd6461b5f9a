/**
 * What the sections of the appointment reminder share: the ledger, the entry switch's outputs and the Plan Next
 * Attempt node.
 *
 * The ledger (docs/architecture.md, "The reminder ledger"): one Data Table row per visit. Every change of a row that
 * matters for patient safety is a conditional UPDATE whose filter names the state it expects (all conditions); the
 * Data Table node outputs only the rows it changed, so "no output" means another execution got there first.
 */
import {
	callWorkflow,
	type Graph,
	ifNode,
	PKG,
	setNode,
	type TableRef,
	type WfNode,
} from '../build';
import { S as SETTINGS, firstOfKey } from '../expressions';
import { LEDGER_COLUMNS } from '../names';

export { SETTINGS };

export const LEDGER: TableRef = {
	idExpression: `${SETTINGS}.ledgerTableId`,
	columns: LEDGER_COLUMNS,
};

/** The outputs of the entry switch "Which entry?" (entry.ts). */
export const ENTRY = { callStatus: 0, drainStatus: 1, tick: 2 } as const;

/** The clinic sub-workflow answered per visit (a whole-sub-workflow failure is one item with only an error). */
export const ANSWERED =
	"$json.visitId !== undefined && $json.visitId !== null && $json.visitId !== ''";

export const FIRST_OF_VISIT = firstOfKey('visitId');

/** '' when the sub-workflow's answer is for the visit of item `row`, else why it cannot be used. */
export function mismatch(row: string): string {
	return `(String($json.visitId) !== String(${row}.visitId) ? 'the clinic system answered for visit ' + $json.visitId + ' instead of ' + ${row}.visitId + ': its sub-workflow must answer one item per item, in order' : '')`;
}

/**
 * The node's Check Visit on the clinic system's answer (`phone`, `timeZone`, `startAt`): it adds `phone` as
 * 7XXXXXXXXXX ('' when it cannot be dialled), `phoneAsGiven` and `problem` ('' or why the visit cannot be dialled).
 */
export function checkVisitNode(name: string, position: [number, number]): Omit<WfNode, 'id'> {
	return {
		name,
		type: `${PKG}.mttVoicebox`,
		typeVersion: 1,
		position,
		parameters: {
			operation: 'checkVisit',
			phone: '={{ $json.phone }}',
			timeZone: '={{ $json.timeZone }}',
			visitStart: '={{ $json.startAt }}',
		},
	};
}

/** The node's Plan Next Attempt under the Settings' calling policy (attempts, interval, windows, retry codes). */
export function planNode(
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
			maxAttempts: `={{ ${SETTINGS}.maxAttempts }}`,
			intervalMinutes: `={{ ${SETTINGS}.intervalMinutes }}`,
			callingWindows: {
				window: [
					{
						days: [1, 2, 3, 4, 5],
						from: `={{ ${SETTINGS}.weekdayFrom }}`,
						to: `={{ ${SETTINGS}.weekdayTo }}`,
					},
					{
						days: [6, 7],
						from: `={{ ${SETTINGS}.weekendFrom }}`,
						to: `={{ ${SETTINGS}.weekendTo }}`,
					},
				],
			},
			options: {
				retryOutcomes: `={{ ${SETTINGS}.retryCodes }}`,
				stopBeforeVisitMinutes: `={{ ${SETTINGS}.stopBeforeVisitMinutes }}`,
			},
		},
	};
}

/** Plan Next Attempt from now for a visit with no call yet (`visit`: startAt, timeZone): its first moment in a window. */
export function planFromNowNode(
	name: string,
	position: [number, number],
	visit: string,
): Omit<WfNode, 'id'> {
	return planNode(name, position, {
		outcome: "''",
		attemptsMade: '0',
		timeZone: `${visit}.timeZone`,
		visitStart: `${visit}.startAt`,
	});
}

/**
 * Asks the Clinic system sub-workflow for the visit of each item (`getVisit`: its fields and reminderOutcome), then
 * splits on whether it answered: a sub-workflow that failed as a whole answers one {error} item for all of them.
 */
export function addGetVisit(
	graph: Graph,
	names: { lookup: string; read: string; answered: string },
	positions: [[number, number], [number, number], [number, number]],
) {
	const lookup = graph.add(
		setNode(names.lookup, positions[0], [
			['action', 'string', 'getVisit'],
			['visitId', 'string', '={{ $json.visitId }}'],
		]),
	);
	const read = graph.add(callWorkflow(names.read, positions[1], `${SETTINGS}.clinicWorkflowId`));
	const answered = graph.add(ifNode(names.answered, positions[2], ANSWERED));
	graph.chain(lookup, read, answered);
	return { lookup, read, answered };
}
