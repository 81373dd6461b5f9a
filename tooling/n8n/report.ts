/**
 * The shipped reminder report installed in a real n8n (the template recipe, template.ts) with its Basic Auth
 * credential, for the e2e report suite, the soak and the report benchmark; and its Settings changed and re-published
 * the way a clinic does it.
 */
import axios from 'axios';

import { n8nSetup } from '../../setup/n8nClient';
import { setSetting, type Workflow } from '../../setup/workflowFile';
import { REPORT_CREDENTIAL, REPORT_WEBHOOK, TEMPLATE_FILES } from '../../templates/names';
import { OWNER, type N8n } from './n8n';
import { installTemplate } from './template';
import { waitFor } from './wait';

/** the zone the installed report counts its days in (the sandbox clinic is in Moscow) */
export const REPORT_ZONE = 'Europe/Moscow';
export const REPORT_USER = 'manager';
export const REPORT_PASSWORD = 'e2e-report-password-7c41';

export interface InstalledReport {
	workflowId: string;
	/** the page's Production URL */
	url: string;
	auth: { username: string; password: string };
	/** the imported workflow as sent, to change a setting and re-publish */
	workflow: Workflow;
	setup: ReturnType<typeof n8nSetup>;
}

/** Imports the shipped report bound to a ledger table, with its Basic Auth credential, and waits for its webhook. */
export async function installReport(
	n8n: N8n,
	apiKey: string,
	tableId: string,
): Promise<InstalledReport> {
	const setup = n8nSetup({ http: n8n.http, apiKey, v1: n8n.v1, owner: OWNER });
	await setup.login();
	const credential = await setup.credential(REPORT_CREDENTIAL, 'httpBasicAuth', {
		user: REPORT_USER,
		password: REPORT_PASSWORD,
	});
	const { id, workflow } = await installTemplate(setup, {
		file: TEMPLATE_FILES.reminderReport,
		settings: { ledgerTableId: tableId, clinicTimeZone: REPORT_ZONE },
		credentials: { httpBasicAuth: credential },
	});
	const report: InstalledReport = {
		workflowId: id,
		url: `${n8n.base}/webhook/${REPORT_WEBHOOK}`,
		auth: { username: REPORT_USER, password: REPORT_PASSWORD },
		workflow,
		setup,
	};
	await registered(report);
	return report;
}

/** The webhook is registered when a request without credentials gets 401 (an unregistered one gets 404). */
async function registered(report: InstalledReport): Promise<void> {
	await waitFor(
		'the report webhook',
		async () =>
			(await axios.get(report.url, { validateStatus: () => true })).status === 401
				? true
				: undefined,
		60_000,
	);
}

/** Changes one Settings field of the installed report, as a clinic does in the editor, and activates it again. */
export async function resetting(report: InstalledReport, name: string, value: unknown) {
	setSetting(report.workflow, name, value);
	await report.setup.update(report.workflowId, report.workflow);
	await registered(report);
}
