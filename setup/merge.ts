/**
 * The workflow a template becomes in a clinic's n8n: the shipped file with the setup's bindings and the config's
 * Settings, carrying over from the clinic's existing copy (an upgrade) everything the clinic owns: Settings values
 * the config does not set, each node's credentials, and each webhook id, so the URLs pasted into the Voicebox
 * scenario and the CoMagic cabinet keep working. A version-1 trigger's Shared Secret (versionOneSecrets) becomes the
 * version-2 trigger's credential with the same value.
 */
import { isStandIn } from './credentials';
import { canonical } from './fingerprint';
import type { Workflow } from './workflowFile';

type Row = Record<string, any>;

const TRIGGER = /\.(coMagicTrigger|mttVoiceboxTrigger)$/;

function assignments(wf: Pick<Workflow, 'nodes'>): Row[] {
	return wf.nodes.find((n) => n.name === 'Settings')?.parameters?.assignments?.assignments ?? [];
}

export function settingsOf(wf: Pick<Workflow, 'nodes'>): Record<string, unknown> {
	return Object.fromEntries(assignments(wf).map((a) => [a.name, a.value]));
}

export interface MergeInput {
	/** the shipped template, read fresh */
	template: Workflow;
	/** the clinic's copy, if there is one */
	existing?: Workflow;
	/** Settings the setup sets whatever the copy holds: bindings and the config's explicit values */
	explicit: Record<string, unknown>;
	/** Settings for a new workflow only */
	initial: Record<string, unknown>;
	/** credential type → the credential to bind where the copy has none */
	credentials: Record<string, { id: string; name: string }>;
}

/** Credential type → the Shared Secret of a version-1 trigger in the clinic's copy whose node the template has. */
export function versionOneSecrets(template: Workflow, existing?: Workflow): Record<string, string> {
	const secrets: Record<string, string> = {};
	for (const node of template.nodes.filter((n) => TRIGGER.test(n.type))) {
		const before = existing?.nodes.find((n) => n.name === node.name && n.type === node.type);
		if (before?.typeVersion !== 1 || !before.parameters?.secret) continue;
		for (const type of Object.keys(node.credentials ?? {}))
			secrets[type] = before.parameters.secret;
	}
	return secrets;
}

export function mergeWorkflow(input: MergeInput): Workflow {
	const wf = JSON.parse(JSON.stringify(input.template)) as Workflow;
	// the workflow's own settings (error workflow, time zone, what executions to save) stay the clinic's; a key the
	// new template adds comes in
	if (input.existing?.settings) {
		wf.settings = {
			...(wf.settings as Record<string, unknown>),
			...(input.existing.settings as Record<string, unknown>),
		};
	}
	const kept = input.existing ? settingsOf(input.existing) : input.initial;
	for (const field of assignments(wf)) {
		if (field.name in input.explicit) field.value = input.explicit[field.name];
		else if (field.name in kept) field.value = kept[field.name];
	}
	for (const node of wf.nodes) {
		const before = input.existing?.nodes.find((n) => n.name === node.name && n.type === node.type);
		if (before?.webhookId) node.webhookId = before.webhookId;
		// a disabled branch (the screen pop's Telegram message) keeps its credential unset until a clinic wants it
		if (node.disabled) continue;
		for (const type of Object.keys(node.credentials ?? {})) {
			const kept = before?.credentials?.[type];
			const given = input.credentials[type];
			// the copy's binding stays, unless it binds nothing (no id) or is a stand-in the setup now replaces with the
			// real credential (a Staff alerts channel the config has started to use)
			const keep = kept?.id && !(isStandIn(kept.name) && given && !isStandIn(given.name));
			const bound = keep ? kept : (given ?? kept);
			if (bound) node.credentials[type] = { id: bound.id, name: bound.name };
		}
	}
	return wf;
}

/** What n8n would store differently: nodes (positions aside), connections, settings; the same means nothing to update. */
export function sameWorkflow(a: Workflow, b: Workflow): boolean {
	const shape = (wf: Workflow) =>
		JSON.stringify(
			canonical(
				[...wf.nodes]
					.sort((x, y) => String(x.name).localeCompare(String(y.name)))
					.map((n) => ({
						name: n.name,
						type: n.type,
						typeVersion: n.typeVersion,
						disabled: n.disabled === true,
						webhookId: n.webhookId,
						credentials: Object.fromEntries(
							Object.entries((n.credentials ?? {}) as Row).map(([t, c]) => [t, c?.id ?? null]),
						),
						parameters: n.parameters,
					})),
			),
		) +
		JSON.stringify(canonical(wf.connections)) +
		JSON.stringify(canonical(wf.settings ?? {}));
	return shape(a) === shape(b);
}

/** Which nodes an upgrade adds, removes or changes: what the report lists. */
export function nodeChanges(before: Workflow, after: Workflow): string[] {
	const names = (wf: Workflow) => new Map(wf.nodes.map((n) => [n.name as string, n]));
	const old = names(before);
	const next = names(after);
	const out: string[] = [];
	for (const [name, node] of next) {
		const was = old.get(name);
		if (!was) out.push(`+ ${name}`);
		else if (
			was.type !== node.type ||
			was.typeVersion !== node.typeVersion ||
			JSON.stringify(was.parameters) !== JSON.stringify(node.parameters)
		) {
			out.push(
				`~ ${name}${was.typeVersion !== node.typeVersion ? ` (version ${was.typeVersion} → ${node.typeVersion})` : ''}`,
			);
		}
	}
	for (const name of old.keys()) if (!next.has(name)) out.push(`- ${name}`);
	return out;
}
