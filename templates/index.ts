/**
 * Every shipped template, by the file it is written to under workflows/. `npm run templates` writes them;
 * tests/workflows/templates.test.ts fails when a shipped file and this code differ.
 */
import { appointmentReminderWorkflow } from './appointmentReminder';
import type { Json } from './build';
import { clinicSystemWorkflow } from './clinicSystem';
import { clinicSystemPostgresWorkflow } from './clinicSystemPostgres';
import { missedCallCallbackWorkflow } from './missedCallCallback';
import { incomingCallWorkflow } from './incomingCall';
import { interactiveRoutingWorkflow } from './interactiveRouting';
import { CLINIC_SYSTEM_VARIANTS, TEMPLATE_FILES } from './names';
import { saleTaggingWorkflow } from './saleTagging';
import { reminderReportWorkflow } from './reminderReport';
import { staffAlertsWorkflow } from './staffAlerts';

export function allTemplates(): Record<string, Json> {
	return {
		[TEMPLATE_FILES.clinicSystem]: clinicSystemWorkflow(),
		[TEMPLATE_FILES.appointmentReminder]: appointmentReminderWorkflow(),
		[TEMPLATE_FILES.missedCallCallback]: missedCallCallbackWorkflow(),
		[TEMPLATE_FILES.saleTagging]: saleTaggingWorkflow(),
		[TEMPLATE_FILES.reminderReport]: reminderReportWorkflow(),
		[TEMPLATE_FILES.incomingCall]: incomingCallWorkflow(),
		[TEMPLATE_FILES.interactiveRouting]: interactiveRoutingWorkflow(),
		[TEMPLATE_FILES.staffAlerts]: staffAlertsWorkflow(),
		[CLINIC_SYSTEM_VARIANTS.postgres]: clinicSystemPostgresWorkflow(),
	};
}
