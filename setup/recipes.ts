/**
 * What each template needs bound in a clinic's n8n: its Data Tables, the workflows its Settings name, and the
 * Settings fields the config file fills. The order here is the import order (a sub-workflow before those that call
 * it, Staff alerts before the workflows whose Error Workflow it is). A template with no recipe fails the setup, so a
 * new template cannot be left out unnoticed.
 */
import {
	CALLBACK_COLUMNS,
	CALLBACK_TABLE_NAME,
	LEDGER_COLUMNS,
	LEDGER_TABLE_NAME,
	REPORT_WEBHOOK,
	SALE_COLUMNS,
	SALE_TABLE_NAME,
	STAFF_ALERT_COLUMNS,
	STAFF_ALERTS_TABLE_NAME,
	TEMPLATE_FILES,
} from '../templates/names';
import type { ColumnType } from '../templates/build';
import type { ClinicConfig, Window } from './config';

export interface TableNeed {
	name: string;
	columns: Record<string, ColumnType>;
}

/** A Settings value from the config; `required` ones must end up non-empty in the workflow. */
export interface SettingValue {
	value: unknown;
	/** the config field that sets it, for messages */
	from: string;
}

export interface Recipe {
	key: string;
	file: string;
	/** a sub-workflow: published on 2.x (it runs the published version), left inactive on 1.x (nothing to activate) */
	subWorkflow?: boolean;
	/** Settings field → the table whose id it holds */
	tables: Record<string, TableNeed>;
	/** Settings field → the template whose workflow id it holds */
	workflows: Record<string, string>;
	/**
	 * Settings field → a template whose workflow id it holds when that template is set up too (a call the template
	 * makes only when the field is set); otherwise the field is left as it is ('' in a new workflow)
	 */
	optionalWorkflows?: Record<string, string>;
	/** this template is the Error Workflow (workflow settings) of every other template set up with it */
	errorWorkflow?: true;
	/**
	 * set up only when the config has this section, then whatever templates it chooses; without the section it is
	 * left out (a note says so), and a clinic adds it later
	 */
	section?: 'staffAlerts';
	/** Settings fields the config sets explicitly (undefined values are left alone) */
	settings(config: ClinicConfig): Record<string, SettingValue | undefined>;
	/** Settings fields that must not stay empty, and the config field that fills them */
	required: Record<string, string>;
	/** Settings values for a new workflow only, by n8n line (an existing workflow keeps what it has) */
	initial?(line: { v1: boolean }, config: ClinicConfig): Record<string, unknown>;
}

const LEDGER: TableNeed = { name: LEDGER_TABLE_NAME, columns: LEDGER_COLUMNS };
const CALLBACKS: TableNeed = { name: CALLBACK_TABLE_NAME, columns: CALLBACK_COLUMNS };
const SALES: TableNeed = { name: SALE_TABLE_NAME, columns: SALE_COLUMNS };
const ALERTS: TableNeed = { name: STAFF_ALERTS_TABLE_NAME, columns: STAFF_ALERT_COLUMNS };

const key = (file: string) => file.replace(/\.json$/, '');

function set(value: unknown, from: string): SettingValue | undefined {
	return value === undefined ? undefined : { value, from };
}

/** the four window fields of a template from a config's weekday and weekend windows */
function windows(
	weekdays: Window | undefined,
	weekends: Window | undefined,
	from: string,
): Record<string, SettingValue | undefined> {
	return {
		weekdayFrom: set(weekdays?.from, `${from}.weekdays`),
		weekdayTo: set(weekdays?.to, `${from}.weekdays`),
		weekendFrom: set(weekends?.from, `${from}.weekends`),
		weekendTo: set(weekends?.to, `${from}.weekends`),
	};
}

const STAFF_ALERTS = key(TEMPLATE_FILES.staffAlerts);

export const RECIPES: Recipe[] = [
	{
		// first: the other workflows name it as their Error Workflow, the reminder calls it
		key: STAFF_ALERTS,
		file: TEMPLATE_FILES.staffAlerts,
		section: 'staffAlerts',
		errorWorkflow: true,
		tables: { ledgerTableId: LEDGER, callbackTableId: CALLBACKS, alertsTableId: ALERTS },
		workflows: {},
		settings: (c) => {
			const s = c.staffAlerts;
			return {
				channel: set(s?.channel, 'staffAlerts.channel'),
				telegramChatId: set(s?.telegram?.chatId, 'staffAlerts.telegram.chatId'),
				emailTo: set(s?.email?.to, 'staffAlerts.email.to'),
				emailFrom: set(s?.email?.from, 'staffAlerts.email.from'),
				patientData: set(s?.patientData, 'staffAlerts.patientData'),
				clinicTimeZone: set(c.timeZone, 'timeZone'),
				digestHour: set(s?.digestHour, 'staffAlerts.digestHour'),
				faultAfterMinutes: set(s?.faultAfterMinutes, 'staffAlerts.faultAfterMinutes'),
				faultClearMinutes: set(s?.faultClearMinutes, 'staffAlerts.faultClearMinutes'),
				reportUrl: set(s?.reportUrl, 'staffAlerts.reportUrl'),
			};
		},
		required: { channel: 'staffAlerts.channel' },
		// the messages link the report page when it is set up too (a clinic may change it in Settings)
		initial: (_line, c) =>
			c.templates.includes(key(TEMPLATE_FILES.reminderReport))
				? { reportUrl: `${c.n8nUrl}/webhook/${REPORT_WEBHOOK}` }
				: {},
	},
	{
		key: key(TEMPLATE_FILES.clinicSystem),
		file: TEMPLATE_FILES.clinicSystem,
		subWorkflow: true,
		tables: {},
		workflows: {},
		settings: (c) => ({ clinicApiUrl: set(c.clinicApiUrl, 'clinicApiUrl') }),
		required: { clinicApiUrl: 'clinicApiUrl' },
	},
	{
		key: key(TEMPLATE_FILES.appointmentReminder),
		file: TEMPLATE_FILES.appointmentReminder,
		tables: { ledgerTableId: LEDGER },
		workflows: { clinicWorkflowId: key(TEMPLATE_FILES.clinicSystem) },
		optionalWorkflows: { staffAlertsWorkflowId: STAFF_ALERTS },
		settings: (c) => ({
			clinicTimeZone: set(c.timeZone, 'timeZone'),
			campaignId: set(c.reminder?.campaignId, 'reminder.campaignId'),
			maxAttempts: set(c.reminder?.maxAttempts, 'reminder.maxAttempts'),
			intervalMinutes: set(c.reminder?.intervalMinutes, 'reminder.intervalMinutes'),
			...windows(c.reminder?.weekdays, c.reminder?.weekends, 'reminder'),
		}),
		required: { campaignId: 'reminder.campaignId' },
	},
	{
		key: key(TEMPLATE_FILES.missedCallCallback),
		file: TEMPLATE_FILES.missedCallCallback,
		tables: { callbackTableId: CALLBACKS },
		workflows: {},
		settings: (c) => ({
			timeZone: set(c.timeZone, 'timeZone'),
			virtualNumber: set(c.missedCalls?.virtualNumber, 'missedCalls.virtualNumber'),
			operatorPhone: set(c.missedCalls?.operatorPhone, 'missedCalls.operatorPhone'),
			...windows(c.missedCalls?.weekdays, c.missedCalls?.weekends, 'missedCalls'),
		}),
		required: {
			virtualNumber: 'missedCalls.virtualNumber',
			operatorPhone: 'missedCalls.operatorPhone',
		},
	},
	{
		key: key(TEMPLATE_FILES.incomingCall),
		file: TEMPLATE_FILES.incomingCall,
		tables: {},
		workflows: { clinicWorkflowId: key(TEMPLATE_FILES.clinicSystem) },
		settings: () => ({}),
		required: {},
	},
	{
		key: key(TEMPLATE_FILES.interactiveRouting),
		file: TEMPLATE_FILES.interactiveRouting,
		tables: {},
		workflows: { clinicWorkflowId: key(TEMPLATE_FILES.clinicSystem) },
		settings: () => ({}),
		required: {},
	},
	{
		key: key(TEMPLATE_FILES.saleTagging),
		file: TEMPLATE_FILES.saleTagging,
		tables: { salesTableId: SALES },
		workflows: {},
		settings: (c) => ({ timeZone: set(c.timeZone, 'timeZone') }),
		required: {},
	},
	{
		key: key(TEMPLATE_FILES.reminderReport),
		file: TEMPLATE_FILES.reminderReport,
		// the page's Data Table usage counts the other templates' tables too
		tables: { ledgerTableId: LEDGER, callbackTableId: CALLBACKS, salesTableId: SALES },
		workflows: {},
		// the hourly run tells the staff when the Data Tables pass the warning level
		optionalWorkflows: { staffAlertsWorkflowId: STAFF_ALERTS },
		settings: (c) => ({ clinicTimeZone: set(c.timeZone, 'timeZone') }),
		required: {},
		// n8n caps all Data Tables together: 50 MB on 1.x, 200 MB on 2.x (N8N_DATA_TABLES_MAX_SIZE_BYTES)
		initial: ({ v1 }) => ({ dataTablesLimitMb: v1 ? 50 : 200 }),
	},
];

/**
 * The recipes of the chosen templates plus the ones they name, in import order; a template set up by a config
 * section (Staff alerts) is in exactly when the config has that section. `notes`: what was added or left out, and why.
 */
export function chosenRecipes(
	keys: string[],
	config: Pick<ClinicConfig, 'staffAlerts'> = {},
): { recipes: Recipe[]; added: string[]; notes: string[] } {
	const wanted = new Set(keys);
	const added: string[] = [];
	const notes: string[] = [];
	for (const recipe of RECIPES.filter((r) => r.section)) {
		const has = config[recipe.section!] !== undefined;
		if (has && !wanted.has(recipe.key)) {
			wanted.add(recipe.key);
			notes.push(`also set up ${recipe.key}: the config has a ${recipe.section} section`);
		} else if (!has && wanted.has(recipe.key)) {
			wanted.delete(recipe.key);
			notes.push(
				`${recipe.key} is not set up: the config has no ${recipe.section} section (add it to tell the staff of operator requests, the day's digest and faults; docs/setup.md → Staff alerts)`,
			);
		}
	}
	for (const recipe of RECIPES) {
		if (!wanted.has(recipe.key)) continue;
		for (const dependency of Object.values(recipe.workflows)) {
			if (!wanted.has(dependency)) {
				wanted.add(dependency);
				added.push(dependency);
			}
		}
	}
	if (added.length) notes.unshift(`also set up ${added.join(', ')}: the chosen templates call it`);
	return { recipes: RECIPES.filter((r) => wanted.has(r.key)), added, notes };
}
