/**
 * What both Clinic system variants share (clinicSystem.ts over HTTP, clinicSystemPostgres.ts on PostgreSQL): the
 * Execute Workflow trigger the reminder and the routing templates call, Settings with its note, and the Action switch
 * with one output per action, in CLINIC_ACTIONS order, then an error for any other action.
 */
import { CLINIC_ACTIONS, type ClinicAction } from '../contract/actions';
import { type Graph, setNode, stopAndError, subWorkflowTrigger, switchNode } from './build';

export { CLINIC_ACTIONS, type ClinicAction } from '../contract/actions';

type SettingField = [string, 'string' | 'number' | 'boolean', string | number | boolean];

/** Adds the shared nodes; the variant links each action's branch with the returned function. */
export function clinicSystemFrame(
	g: Graph,
	settings: SettingField[],
	settingsNote: string,
): (action: ClinicAction, branch: string) => void {
	const trigger = g.add(subWorkflowTrigger('When called by the reminder', [-360, 200]));
	const settingsNode = g.add(setNode('Settings', [-120, 200], settings, true));
	g.note('Settings note', [-200, -60], 300, 220, settingsNote, 6);
	const action = g.add(
		switchNode(
			'Action',
			[120, 200],
			CLINIC_ACTIONS.map((a) => [a, `$json.action === '${a}'`]),
			'unknown',
		),
	);
	const unknown = g.add(
		stopAndError(
			'Unknown action',
			[400, 1000],
			`=Unknown action "{{ $json.action }}": use ${CLINIC_ACTIONS.slice(0, -1).join(', ')} or ${CLINIC_ACTIONS.at(-1)}`,
		),
	);
	g.chain(trigger, settingsNode, action);
	g.link(action, unknown, CLINIC_ACTIONS.length);
	return (name, branch) => g.link(action, branch, CLINIC_ACTIONS.indexOf(name));
}
