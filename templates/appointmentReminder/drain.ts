/** Drain status (GET): may n8n be restarted now? Counts the calls in flight and the result writes in progress. */
import { type Graph, setNode, tableGet } from '../build';
import { minutesAgo } from '../expressions';
import { ENTRY, LEDGER, SETTINGS } from './shared';

export function addDrainStatus(graph: Graph, route: string): void {
	const inFlight = graph.add({
		...tableGet('Calls in flight', [-80, 420], LEDGER, [['status', 'eq', "'calling'"]], 'all'),
		alwaysOutputData: true,
	});
	// a pickup (4) before the last attempt makes the row due again while the patient is still on the line: the
	// answer is yet to come, so the call is in flight until the sweep would have closed it
	const pickedUp = graph.add({
		...tableGet(
			'Picked up, answer to come',
			[80, 420],
			LEDGER,
			[
				['status', 'eq', "'due'"],
				['lastCode', 'eq', `${SETTINGS}.pickupCode`],
				['callStartedMs', 'gte', minutesAgo('sweepMinutes')],
			],
			'all',
		),
		alwaysOutputData: true,
		executeOnce: true,
	});
	// a result write cut by the restart would be written again after staleWriteMinutes: wait for it too
	const writing = graph.add({
		...tableGet(
			'Writes in progress',
			[240, 420],
			LEDGER,
			[['resultState', 'eq', "'writing'"]],
			'all',
		),
		alwaysOutputData: true,
		executeOnce: true,
	});
	const count = (node: string) => `$('${node}').all().filter((i) => !!i.json.visitId).length`;
	const CALLING = `(${count('Calls in flight')} + ${count('Picked up, answer to come')})`;
	const WRITING = count('Writes in progress');
	const drainAnswer = graph.add({
		...setNode(
			'Drain answer',
			[400, 420],
			[
				['paused', 'boolean', `={{ ${SETTINGS}.pauseCalls === true }}`],
				['callsInFlight', 'number', `={{ ${CALLING} }}`],
				['writesInProgress', 'number', `={{ ${WRITING} }}`],
				[
					'readyToRestart',
					'boolean',
					`={{ ${SETTINGS}.pauseCalls === true && ${CALLING} === 0 && ${WRITING} === 0 }}`,
				],
				[
					'hint',
					'string',
					`={{ ${SETTINGS}.pauseCalls !== true ? 'Calls are not paused: set Settings → pauseCalls to true and save (publish) the workflow first.' : ${CALLING} + ${WRITING} === 0 ? 'No call in flight and no result being written: restart or upgrade n8n now, then set pauseCalls back to false.' : ${CALLING} + ' call(s) in flight, ' + ${WRITING} + ' result write(s) in progress: status callbacks, the sweep (after ' + ${SETTINGS}.sweepMinutes + ' minutes) or the next tick end them. Ask again in a minute.' }}`,
				],
			],
		),
		executeOnce: true,
	});
	graph.link(route, inFlight, ENTRY.drainStatus);
	graph.chain(inFlight, pickedUp, writing, drainAnswer);
}
