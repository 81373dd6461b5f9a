/**
 * The entry points of the appointment reminder: the minute tick, Run now, Drain status and the Voicebox status
 * callback all pass through Settings to "Which entry?", whose outputs (ENTRY in shared.ts) start the sections.
 */
import { type Graph, PKG, scheduleNode, setNode, switchNode, webhookNode } from '../build';
import { VOICEBOX_TRIGGER_CREDENTIAL } from '../expressions';
import { REMINDER_WEBHOOKS } from '../names';

/** Adds the triggers, Settings and the entry switch; returns the switch's name. */
export function addEntryPoints(graph: Graph): string {
	const everyMinute = graph.add(
		scheduleNode('Every minute', [-800, 120], { field: 'minutes', minutesInterval: 1 }),
	);
	// does exactly what a tick does, and every step is guarded by the ledger, so an extra call is harmless
	const runNow = graph.add(
		webhookNode('Run now', [-800, 300], REMINDER_WEBHOOKS.runNow, 'POST', {
			responseMode: 'lastNode',
			responseData: 'noData',
		}),
	);
	// counts only, no patient data: safe without a secret, like Run now
	const drainStatus = graph.add(
		webhookNode('Drain status', [-800, 480], REMINDER_WEBHOOKS.drainStatus, 'GET', {
			responseMode: 'lastNode',
			responseData: 'firstEntryJson',
		}),
	);
	const status = graph.add({
		name: 'Voicebox status',
		type: `${PKG}.mttVoiceboxTrigger`,
		typeVersion: 2,
		position: [-800, 1440],
		webhookId: REMINDER_WEBHOOKS.voiceboxStatus,
		credentials: VOICEBOX_TRIGGER_CREDENTIAL,
		parameters: {
			secretLocation: 'header',
			fieldName: 'X-Webhook-Secret',
			// a callback whose answer could not be recorded gets 500, not a 200 that hides it
			options: { respond: 'lastNode' },
		},
	});
	const settings = graph.add(
		setNode(
			'Settings',
			[-560, 300],
			[
				['ledgerTableId', 'string', ''],
				['clinicWorkflowId', 'string', ''],
				['campaignId', 'string', ''],
				['clinicTimeZone', 'string', 'Europe/Moscow'],
				['daysAhead', 'number', 1],
				['weekdayFrom', 'string', '09:00'],
				['weekdayTo', 'string', '20:00'],
				['weekendFrom', 'string', '10:00'],
				['weekendTo', 'string', '20:00'],
				['maxAttempts', 'number', 3],
				['intervalMinutes', 'number', 60],
				['sweepMinutes', 'number', 15],
				['staleWriteMinutes', 'number', 10],
				['stopBeforeVisitMinutes', 'number', 60],
				['pickupCode', 'number', 4],
				['retryCodes', 'string', '4, 5'],
				['batchSize', 'number', 20],
				['importEveryMinutes', 'number', 10],
				['pauseCalls', 'boolean', false],
				// the Staff alerts workflow: told of an operator request at once and of Voicebox refusing the login
				['staffAlertsWorkflowId', 'string', ''],
			],
			true,
		),
	);
	graph.link(everyMinute, settings);
	graph.link(runNow, settings);
	graph.link(status, settings);
	graph.link(drainStatus, settings);
	const route = graph.add(
		switchNode(
			'Which entry?',
			[-320, 300],
			[
				['call status', "$('Voicebox status').isExecuted"],
				['drain status', "$('Drain status').isExecuted"],
			],
			'tick',
		),
	);
	graph.link(settings, route);
	return route;
}
