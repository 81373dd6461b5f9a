/**
 * The shipped Clinic system as the e2e suites set it up: pointed at the sandbox's clinic API and bound to a "Clinic
 * API" credential (n8n's Header Auth) carrying the token the sandbox's clinic requires in these runs, so every suite
 * proves the template authenticates.
 */
import type { Sandbox } from '../../sandbox';
import type { Workflow } from '../../setup/workflowFile';
import { TEMPLATE_FILES } from '../../templates/names';
import { prepareTemplate } from './template';

/** The e2e sandboxes start their clinic with it (`clinic: { apiToken }`). */
export const CLINIC_API_TOKEN = 'e2e-clinic-api-token-4c1d';

/** The credential's data for a token: the header n8n's Header Auth sends. */
export const clinicApiHeader = (token = CLINIC_API_TOKEN) => ({
	name: 'Authorization',
	value: `Bearer ${token}`,
});

/** Anything that creates a credential in the n8n under test (setup/n8nClient.ts `credential`). */
type CreateCredential = (
	name: string,
	type: string,
	data: Record<string, unknown>,
) => Promise<{ id: string; name: string }>;

/**
 * Creates the credential (with `token`) and returns the shipped clinic-system workflow bound to it (the template
 * recipe, template.ts), its clinicApiUrl the sandbox's clinic unless `settings` says otherwise.
 */
export async function clinicSystemFor(
	create: CreateCredential,
	sandbox: Sandbox,
	token = CLINIC_API_TOKEN,
	settings: Record<string, unknown> = {},
): Promise<Workflow> {
	const credential = await create('Clinic API', 'httpHeaderAuth', clinicApiHeader(token));
	return prepareTemplate({
		file: TEMPLATE_FILES.clinicSystem,
		settings: { clinicApiUrl: sandbox.urls.clinic, ...settings },
		credentials: { httpHeaderAuth: credential },
	});
}
