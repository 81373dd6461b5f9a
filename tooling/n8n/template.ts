/**
 * The one recipe for putting a shipped template (a workflows/*.json file) into a real n8n by hand, as a clinic
 * does in the editor: import it, fill in its Settings node, bind its credentials, publish it. The setup command does
 * the same from a config (setup/plan.ts, which npm start uses); the e2e suites and the bench install through here when
 * they want one template with values of their own.
 */
import {
	bindCredential,
	readTemplate,
	saveSuccessfulExecutions,
	setSetting,
	type Workflow,
} from '../../setup/workflowFile';

/** what the recipe needs of n8n: setup/n8nClient.ts `n8nSetup` gives both */
export interface TemplateClient {
	create(wf: Workflow): Promise<string>;
	activate(id: string): Promise<unknown>;
}

export interface TemplateRecipe {
	/** the shipped file, a value of TEMPLATE_FILES (templates/names.ts) */
	file: string;
	/** Settings node values, by field name */
	settings?: Record<string, unknown>;
	/** credentials to bind, by credential type (`coMagicApi`, `httpBasicAuth`, …) */
	credentials?: Record<string, { id: string; name: string }>;
	/** keep successful executions too, for a run that reads what they did (setup/workflowFile.ts) */
	saveSuccessfulExecutions?: boolean;
	/** anything else changed before the import (a node disabled, a trigger's options), after Settings and credentials */
	edit?: (wf: Workflow) => void;
	/** publish it after the import; default true. false: the caller activates (e.g. at a moment of its choosing) */
	activate?: boolean;
}

/** The template as it will be imported: read, Settings filled in, credentials bound. */
export function prepareTemplate(recipe: TemplateRecipe): Workflow {
	const wf = readTemplate(recipe.file);
	if (recipe.saveSuccessfulExecutions) saveSuccessfulExecutions(wf);
	for (const [name, value] of Object.entries(recipe.settings ?? {})) setSetting(wf, name, value);
	for (const [type, credential] of Object.entries(recipe.credentials ?? {}))
		bindCredential(wf, type, credential);
	recipe.edit?.(wf);
	return wf;
}

/** Imports the prepared template and publishes it (unless `activate: false`): its id and the workflow as sent. */
export async function installTemplate(
	client: TemplateClient,
	recipe: TemplateRecipe,
): Promise<{ id: string; workflow: Workflow }> {
	const workflow = prepareTemplate(recipe);
	const id = await client.create(workflow);
	if (recipe.activate !== false) await client.activate(id);
	return { id, workflow };
}
