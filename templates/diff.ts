/**
 * What an exported workflow changes against its template, by node name, so an edit made in the n8n editor can be
 * carried back into the TypeScript here:
 *   npm run templates -- --diff exported.json [--positions]
 * The template is the generated workflow of the same name. Left out: what n8n changes on every import and export
 * (workflow and node ids, versionId, meta, pinData, tags, active, timestamps, credential ids) and, without
 * --positions, node positions. Settings are compared for the keys the template sets.
 */
import { isDeepStrictEqual } from 'node:util';

type Obj = Record<string, unknown>;
interface WorkflowLike {
	name?: string;
	nodes?: Obj[];
	connections?: Record<
		string,
		Record<string, Array<Array<{ node: string; index?: number }> | null>>
	>;
	settings?: Obj;
}

/** Node fields n8n sets by itself on import or export, never a template's choice. */
const NODE_NOISE = new Set(['id']);

function isObject(value: unknown): value is Obj {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
	return value === undefined ? '(none)' : JSON.stringify(value);
}

/** `path: before → after` for each leaf that differs (arrays by index, objects by key). */
function valueDiff(path: string, before: unknown, after: unknown): string[] {
	if (isDeepStrictEqual(before, after)) return [];
	if (Array.isArray(before) && Array.isArray(after)) {
		const length = Math.max(before.length, after.length);
		return Array.from({ length }, (_, i) => valueDiff(`${path}[${i}]`, before[i], after[i])).flat();
	}
	if (isObject(before) && isObject(after)) {
		const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
		return keys.flatMap((key) => valueDiff(path ? `${path}.${key}` : key, before[key], after[key]));
	}
	return [`${path}: ${show(before)} → ${show(after)}`];
}

/** A node as compared: no id, credentials by name only, the position only when asked for. */
function comparable(node: Obj, positions: boolean): Obj {
	const out: Obj = {};
	for (const [key, value] of Object.entries(node)) {
		if (NODE_NOISE.has(key) || (key === 'position' && !positions)) continue;
		out[key] =
			key === 'credentials' && isObject(value)
				? Object.fromEntries(
						Object.entries(value).map(([type, ref]) => [
							type,
							{ name: isObject(ref) ? ref.name : ref },
						]),
					)
				: value;
	}
	return out;
}

/** Each link as `"from"[type output] → "to"[input]`. */
function links(workflow: WorkflowLike): Set<string> {
	const out = new Set<string>();
	for (const [from, byType] of Object.entries(workflow.connections ?? {})) {
		for (const [type, outputs] of Object.entries(byType ?? {})) {
			(outputs ?? []).forEach((targets, output) => {
				for (const target of targets ?? []) {
					const kind = type === 'main' ? '' : `${type} `;
					out.add(`"${from}"[${kind}${output}] → "${target.node}"[${target.index ?? 0}]`);
				}
			});
		}
	}
	return out;
}

/** The differences of `exported` against `template`, one line each; none when the export only moved what n8n moves. */
export function diffWorkflows(
	template: WorkflowLike,
	exported: WorkflowLike,
	options: { positions?: boolean } = {},
): string[] {
	const positions = options.positions === true;
	const byName = (workflow: WorkflowLike) =>
		new Map((workflow.nodes ?? []).map((node) => [String(node.name), node]));
	const before = byName(template);
	const after = byName(exported);
	const lines: string[] = [];
	if (template.name !== exported.name)
		lines.push(`~ name: ${show(template.name)} → ${show(exported.name)}`);
	for (const [name, node] of after) {
		if (!before.has(name)) lines.push(`+ node "${name}" (${String(node.type)})`);
	}
	for (const [name, node] of before) {
		if (!after.has(name)) lines.push(`- node "${name}" (${String(node.type)})`);
	}
	for (const [name, node] of before) {
		const edited = after.get(name);
		if (!edited) continue;
		const changes = valueDiff('', comparable(node, positions), comparable(edited, positions));
		if (changes.length) lines.push(`~ node "${name}"`, ...changes.map((change) => `    ${change}`));
	}
	const linksBefore = links(template);
	const linksAfter = links(exported);
	for (const link of linksAfter) if (!linksBefore.has(link)) lines.push(`+ connection ${link}`);
	for (const link of linksBefore) if (!linksAfter.has(link)) lines.push(`- connection ${link}`);
	for (const key of Object.keys(template.settings ?? {})) {
		lines.push(
			...valueDiff(`settings.${key}`, template.settings?.[key], exported.settings?.[key]).map(
				(c) => `~ ${c}`,
			),
		);
	}
	return lines;
}
