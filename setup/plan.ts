/**
 * The setup as a plan: everything is read and checked first (tables, credentials, the clinic's copies of the
 * templates, the config), then the changes run in order: tables, credentials, workflows, activation. A problem found
 * while planning changes nothing; a failure while applying leaves what is done in place, and a second run picks up
 * from there, because every step finds its object by name before it creates one.
 */
import type { ClinicConfig } from './config';
import { ConfigError } from './config';
import {
	CREDENTIAL_SOURCES,
	isStandIn,
	standInFor,
	standInName,
	type CredentialSource,
} from './credentials';
import { fingerprint, releasedFingerprints } from './fingerprint';
import { mergeWorkflow, nodeChanges, sameWorkflow, settingsOf, versionOneSecrets } from './merge';
import type { n8nSetup } from './n8nClient';
import { chosenRecipes, type Recipe, type TableNeed } from './recipes';
import { readTemplate, type Workflow } from './workflowFile';

type Client = ReturnType<typeof n8nSetup>;
type Row = Record<string, any>;

export interface PlanOptions {
	config: ClinicConfig;
	v1: boolean;
	/**
	 * a workflow edited beyond Settings: refused (the default), replaced keeping an inactive copy (--force), or
	 * replaced (the demo, whose workflows are its own)
	 */
	edited: 'refuse' | 'keepCopy' | 'replace';
	/** a suffix for kept copies' names, e.g. the date */
	stamp: string;
}

export interface Step {
	/** one line for the plan and the report */
	what: string;
	run(): Promise<void>;
}

export interface Plan {
	steps: Step[];
	/** what the plan noticed and did not need to change */
	notes: string[];
	/** after apply: the workflows as they are in n8n, and the secrets this run generated (for the paste lines) */
	result: {
		workflows: Array<{ file: string; workflow: Workflow; id: string; active: boolean }>;
		/** by credential type */
		secrets: Record<string, Record<string, unknown>>;
	};
}

/** Ids as they become known: existing objects at planning, new ones as the steps create them. */
class Ids {
	private readonly map = new Map<string, string>();
	get(kind: string, name: string): string {
		return this.map.get(`${kind}:${name}`) ?? `(new ${kind} ${name})`;
	}
	has(kind: string, name: string): boolean {
		return this.map.has(`${kind}:${name}`);
	}
	set(kind: string, name: string, id: string): void {
		this.map.set(`${kind}:${name}`, id);
	}
}

function tableSteps(
	needs: TableNeed[],
	existing: Awaited<ReturnType<Client['tables']>>,
	client: Client,
	ids: Ids,
): Step[] {
	const steps: Step[] = [];
	const conflicts: string[] = [];
	for (const need of needs) {
		const found = existing.find((t) => t.name === need.name);
		if (!found) {
			steps.push({
				what: `create Data Table ${need.name} (${Object.keys(need.columns).length} columns)`,
				run: async () =>
					ids.set('table', need.name, await client.createTable(need.name, need.columns)),
			});
			continue;
		}
		ids.set('table', need.name, found.id);
		for (const [column, type] of Object.entries(need.columns)) {
			const have = found.columns.find((c) => c.name === column);
			if (!have) {
				steps.push({
					what: `add column ${column} (${type}) to Data Table ${need.name}`,
					run: () => client.addColumn(found.id, column, type),
				});
			} else if (have.type !== type) {
				conflicts.push(`${need.name}.${column} is ${have.type}, the templates need ${type}`);
			}
		}
	}
	if (conflicts.length) {
		throw new ConfigError(
			`a Data Table has a column of another type (${conflicts.join('; ')}). The setup never retypes data: ` +
				'rename that column in n8n (Overview → Data tables) or move the table aside, then run the setup again',
		);
	}
	return steps;
}

/** The config's explicit Settings for a template, checked against the template's fields. */
function explicitSettings(
	recipe: Recipe,
	template: Workflow,
	config: ClinicConfig,
): Record<string, unknown> {
	const fields = new Map(
		(
			template.nodes.find((n) => n.name === 'Settings')?.parameters.assignments.assignments as Row[]
		).map((a) => [a.name as string, a.type as string]),
	);
	const out: Record<string, unknown> = {};
	for (const [name, setting] of Object.entries(recipe.settings(config))) {
		if (setting) out[name] = setting.value;
	}
	for (const [name, value] of Object.entries(config.settings[recipe.key] ?? {})) {
		const type = fields.get(name);
		if (!type) {
			throw new ConfigError(
				`settings.${recipe.key}.${name}: ${recipe.key} has no Settings field ${name}; its fields are ${[...fields.keys()].join(', ')}`,
			);
		}
		if (typeof value !== type) {
			throw new ConfigError(
				`settings.${recipe.key}.${name}: a ${type}, not ${JSON.stringify(value)}`,
			);
		}
		out[name] = value;
	}
	return out;
}

export async function planSetup(client: Client, options: PlanOptions): Promise<Plan> {
	const { config, v1 } = options;
	const ids = new Ids();
	const notes: string[] = [];
	const chosen = chosenRecipes(config.templates, config);
	const { recipes } = chosen;
	notes.push(...chosen.notes);
	const chosenKeys = new Set(recipes.map((r) => r.key));
	/** the template that is every other one's Error Workflow (Staff alerts), when it is set up */
	const errorRecipe = recipes.find((r) => r.errorWorkflow);
	const errorName = errorRecipe && readTemplate(errorRecipe.file).name;

	const needs = [
		...new Map(recipes.flatMap((r) => Object.values(r.tables)).map((t) => [t.name, t])).values(),
	];
	const steps = tableSteps(needs, await client.tables(), client, ids);

	const credentials = await client.credentials();
	const inN8n = (name: string, type: string) =>
		credentials.find((c) => c.name === name && c.type === type);
	/**
	 * The name a node's credential is bound by: the template's, or a stand-in's where the credential is optional, the
	 * config does not use it and n8n has none of the template's name (credentials.ts, `optional`)
	 */
	const bindName = (name: string, type: string): string => {
		const optional = CREDENTIAL_SOURCES[name]?.optional;
		return !optional || optional.used(config) || inN8n(name, type) ? name : standInName(name);
	};
	const sourceOf = (name: string, type: string): CredentialSource | undefined => {
		if (!isStandIn(name)) return CREDENTIAL_SOURCES[name] ?? CREDENTIAL_SOURCES[type];
		const base = standInFor(name);
		const optional = CREDENTIAL_SOURCES[base]?.optional;
		return (
			optional && {
				what: `a stand-in for "${base}", which sends nothing: ${optional.why}`,
				data: () => optional.standIn,
			}
		);
	};
	const secrets: Plan['result']['secrets'] = {};
	const refused: string[] = [];
	const workflowSteps: Step[] = [];
	const activationSteps: Step[] = [];
	const result: Plan['result'] = { workflows: [], secrets };
	/** credentials this run creates, by name: one step each, whichever templates share it */
	const creating = new Map<string, { type: string; data: Record<string, unknown> }>();

	for (const recipe of recipes) {
		const template = readTemplate(recipe.file);
		const copies = await client.workflowsNamed(template.name);
		if (copies.length > 1) {
			throw new ConfigError(
				`n8n has ${copies.length} workflows named "${template.name}" (ids ${copies.map((c) => c.id).join(', ')}): ` +
					'delete or rename all but one, then run the setup again',
			);
		}
		const existing = copies[0] as (Workflow & { id: string; active: boolean }) | undefined;
		const explicit = explicitSettings(recipe, template, config);

		if (existing) {
			const known = [
				...releasedFingerprints(recipe.file).map((r) => r.fingerprint),
				fingerprint(template),
			];
			if (!known.includes(fingerprint(existing)) && options.edited !== 'replace') {
				if (options.edited === 'refuse') {
					refused.push(`"${existing.name}" (id ${existing.id})`);
					continue;
				}
				const copy = {
					name: `${existing.name} (before upgrade ${options.stamp})`,
					nodes: existing.nodes,
					connections: existing.connections,
					settings: existing.settings,
				};
				workflowSteps.push({
					what: `keep a copy of "${existing.name}", edited beyond Settings, as "${copy.name}" (inactive)`,
					run: async () => void (await client.create(copy)),
				});
			}
		}

		// A version-1 trigger's Shared Secret becomes its credential, so the URL pasted with it keeps working. Where
		// the template's credential is taken (it exists, its value unreadable, or another trigger's secret makes it),
		// this trigger gets one of its own: the 0.1.0 README set a secret per trigger.
		const names: Record<string, string> = {};
		const oldSecrets = versionOneSecrets(template, existing);
		for (const [type, secret] of Object.entries(oldSecrets)) {
			const base = template.nodes.find((n) => n.credentials?.[type])!.credentials[type]
				.name as string;
			const pending = creating.get(base);
			if (inN8n(base, type) || (pending && pending.data.secret !== secret)) {
				names[type] = `${base} (${template.name})`;
				notes.push(
					`${recipe.key}: its version-1 trigger's Shared Secret is not the one in "${base}", so it keeps it in a credential of its own, "${names[type]}"`,
				);
			}
		}
		// the credentials n8n already has, by the names this workflow's nodes use
		for (const node of template.nodes) {
			for (const [type, credential] of Object.entries((node.credentials ?? {}) as Row)) {
				const name = names[type] ?? (credential.name as string);
				for (const found of [inN8n(name, type), inN8n(standInName(name), type)]) {
					if (found) ids.set('credential', found.name, found.id);
				}
			}
		}

		// what the workflow becomes, with the ids known so far (built again when its step runs: new ids by then)
		const target = (): Workflow => {
			const bindings: Record<string, unknown> = {};
			for (const [field, table] of Object.entries(recipe.tables))
				bindings[field] = ids.get('table', table.name);
			for (const [field, key] of Object.entries(recipe.workflows))
				bindings[field] = ids.get('workflow', key);
			for (const [field, key] of Object.entries(recipe.optionalWorkflows ?? {}))
				if (chosenKeys.has(key)) bindings[field] = ids.get('workflow', key);
			const bound: Record<string, { id: string; name: string }> = {};
			for (const node of template.nodes.filter((n) => !n.disabled)) {
				for (const [type, credential] of Object.entries((node.credentials ?? {}) as Row)) {
					const name = bindName(names[type] ?? (credential.name as string), type);
					bound[type] = { id: ids.get('credential', name), name };
				}
			}
			const wf = mergeWorkflow({
				template,
				existing,
				explicit: { ...explicit, ...bindings },
				initial: { ...settingsOf(template), ...(recipe.initial?.({ v1 }, config) ?? {}) },
				credentials: bound,
			});
			// a workflow-level setting: Staff alerts hears of every failed execution of the others
			if (errorRecipe && errorRecipe !== recipe) {
				wf.settings = {
					...(wf.settings as Row),
					errorWorkflow: ids.get('workflow', errorRecipe.key),
				};
			}
			return wf;
		};

		// credentials this template needs that neither n8n nor the clinic's copy has
		const planned = target();
		for (const node of planned.nodes.filter((n) => !n.disabled)) {
			for (const [type, credential] of Object.entries((node.credentials ?? {}) as Row)) {
				if (!String(credential.id).startsWith('(new ') || creating.has(credential.name)) continue;
				const source = sourceOf(credential.name, type);
				if (!source) throw new ConfigError(`${recipe.key}: no way to set up a ${type} credential`);
				// a version-1 trigger's Shared Secret stays the secret, so the URLs pasted with it keep working
				const data = oldSecrets[type] ? { secret: oldSecrets[type] } : source.data(config);
				creating.set(credential.name, { type, data });
				if (source.generated && !oldSecrets[type]) secrets[type] = data;
				steps.push({
					what: `create credential "${credential.name}" (${source.what})`,
					run: async () => {
						const made = await client.credential(credential.name, type, data);
						ids.set('credential', credential.name, made.id);
					},
				});
			}
		}

		const missing = Object.entries(recipe.required).filter(([field]) => {
			const value = settingsOf(planned)[field];
			return value === undefined || value === '';
		});
		if (missing.length) {
			throw new ConfigError(
				`${recipe.key} needs ${missing.map(([, from]) => from).join(', ')} in the config (its Settings ${missing.map(([f]) => f).join(', ')} are empty)`,
			);
		}
		const named = {
			...recipe.workflows,
			...Object.fromEntries(
				Object.entries(recipe.optionalWorkflows ?? {}).filter(([, key]) => chosenKeys.has(key)),
			),
		};
		for (const [field, key] of Object.entries(named)) {
			const was = existing && settingsOf(existing)[field];
			if (was && ids.has('workflow', key) && was !== ids.get('workflow', key)) {
				notes.push(
					`${recipe.key}: ${field} named workflow ${String(was)}, which is not ${key}'s; bound to ${ids.get('workflow', key)}`,
				);
			}
		}

		const wantActive = existing ? existing.active || config.activate : config.activate;
		const activates = wantActive && !(recipe.subWorkflow && v1);
		const record = (workflow: Workflow, id: string) =>
			result.workflows.push({ file: recipe.file, workflow, id, active: activates });

		const errorWas = (existing?.settings as Row | undefined)?.errorWorkflow as string | undefined;
		const errorNow = (planned.settings as Row | undefined)?.errorWorkflow as string | undefined;
		const errorChanges =
			errorRecipe !== undefined && errorRecipe !== recipe && errorWas !== errorNow;
		if (errorChanges && errorWas) {
			notes.push(
				`${recipe.key}: its Error Workflow was workflow ${errorWas}; it becomes ${errorName}, which tells the staff`,
			);
		}

		if (!existing) {
			workflowSteps.push({
				what: `import ${recipe.key} as "${template.name}"${errorChanges ? ` (its error workflow: ${errorName})` : ''}`,
				run: async () => {
					const wf = target();
					const id = await client.create(wf);
					ids.set('workflow', recipe.key, id);
					record(wf, id);
				},
			});
			if (activates) {
				activationSteps.push({
					what: `${v1 ? 'activate' : 'publish'} "${template.name}"`,
					run: () => client.activate(ids.get('workflow', recipe.key)),
				});
			}
			continue;
		}

		ids.set('workflow', recipe.key, existing.id);
		const changes = nodeChanges(existing, planned);
		const settingChanges = Object.entries(settingsOf(planned))
			.filter(([field, value]) => settingsOf(existing)[field] !== value)
			.map(([field, value]) => `Settings ${field} = ${JSON.stringify(value)}`);
		if (sameWorkflow(existing, planned)) {
			record(existing, existing.id);
			if (activates && !existing.active) {
				activationSteps.push({
					what: `${v1 ? 'activate' : 'publish'} "${template.name}"`,
					run: () => client.activate(existing.id),
				});
			}
			continue;
		}
		const detail = [...changes.filter((c) => !c.startsWith('~ Settings')), ...settingChanges];
		const where = `"${template.name}" (id ${existing.id}${existing.active ? ', active' : ''})`;
		// the error workflow alone, or with the rest of an update (one write either way)
		const onlyError =
			errorChanges &&
			sameWorkflow(existing, {
				...planned,
				settings: { ...(planned.settings as Row), errorWorkflow: errorWas },
			});
		if (errorChanges && !onlyError && detail.length === 0) detail.push('bindings');
		if (errorChanges) detail.push(`error workflow = ${errorName}`);
		workflowSteps.push({
			what: onlyError
				? `set error workflow of ${where} to ${errorName}`
				: `update ${where}: ${detail.join('; ') || 'bindings'}`,
			run: async () => {
				const wf = target();
				await client.replace(existing.id, wf, activates);
				record(wf, existing.id);
			},
		});
	}

	if (refused.length) {
		throw new ConfigError(
			`${refused.join(', ')} ${refused.length > 1 ? 'were' : 'was'} edited in n8n beyond its Settings, so upgrading ` +
				'would lose those edits. Nothing was changed. Run again with --force to keep a copy of each (inactive, ' +
				'named "… (before upgrade …)") and replace it with the new template, then carry your edits over',
		);
	}
	return { steps: [...steps, ...workflowSteps, ...activationSteps], notes, result };
}

/** Runs the steps in order; a failure says which step, and that a second run finishes the rest. */
export async function applyPlan(
	plan: Plan,
	progress: (line: string) => void = () => {},
): Promise<void> {
	for (const [i, step] of plan.steps.entries()) {
		progress(`now ${i + 1}/${plan.steps.length}: ${step.what}`);
		try {
			await step.run();
		} catch (error) {
			throw new Error(
				`step ${i + 1} (${step.what}) failed: ${(error as Error).message}. What came before it is in place; run the setup again to finish`,
			);
		}
	}
}
