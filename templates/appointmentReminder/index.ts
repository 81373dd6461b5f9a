/**
 * The appointment reminder template (workflows/appointment-reminder.json), written as code: see ../build.ts and
 * ../README.md. One file per section its sticky notes name, added in this order (the order of the nodes and links in
 * the JSON):
 *   entry.ts        triggers, Settings, "Which entry?"
 *   drain.ts        Drain status: may n8n be restarted now?
 *   sweep.ts        1. silent calls and stale write claims
 *   dial.ts         2. re-read, claim, dial
 *   results.ts      3. results to the clinic system
 *   importVisits.ts 4. tomorrow's visits into the ledger
 *   status.ts       the Voicebox status callbacks
 * shared.ts holds the ledger and what several sections use; ledgerValues.ts the ledger values written as expressions.
 */
import { Graph, type Json } from '../build';
import { addDial } from './dial';
import { addDrainStatus } from './drain';
import { addEntryPoints } from './entry';
import { addImport } from './importVisits';
import { OVERVIEW_REMINDER, OVERVIEW_REMINDER_RU, SETTINGS_NOTE } from './notes';
import { addResults } from './results';
import { addStatusCallbacks } from './status';
import { addSweep } from './sweep';

export function appointmentReminderWorkflow(): Json {
	const graph = new Graph('appointment-reminder');
	graph.note('Overview', [-1480, -760], 620, 820, OVERVIEW_REMINDER, 4);
	graph.note('Overview (RU)', [-1480, 80], 620, 860, OVERVIEW_REMINDER_RU, 4);
	graph.note('About settings', [-820, -260], 420, 330, SETTINGS_NOTE, 6);

	const route = addEntryPoints(graph);
	addDrainStatus(graph, route);
	addSweep(graph, route);
	const paused = addDial(graph, route);
	addResults(graph, paused);
	addImport(graph, route);
	addStatusCallbacks(graph, route);

	// a quiet tick saved is ~150 KB (n8n stores the workflow with each execution): every minute, that is what fills
	// the database; the ledger is the record of every call, failures are still saved (bench/README.md, soak)
	return graph.workflow("Remind patients of tomorrow's visits by robot call", {
		saveDataSuccessExecution: 'none',
	});
}
