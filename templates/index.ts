/**
 * Every shipped template, by the file it is written to under workflows/. `npm run templates` writes them;
 * tests/workflows/templates.test.ts fails when a shipped file and this code differ.
 */
import { appointmentReminderWorkflow } from './appointmentReminder';
import type { Json } from './build';
import { clinicSystemWorkflow } from './clinicSystem';
import { TEMPLATE_FILES } from './names';

export function allTemplates(): Record<string, Json> {
	return {
		[TEMPLATE_FILES.clinicSystem]: clinicSystemWorkflow(),
		[TEMPLATE_FILES.appointmentReminder]: appointmentReminderWorkflow(),
	};
}
