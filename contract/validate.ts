/**
 * Loads the clinic API contract (clinic-api.openapi.json) and the sub-workflow item schema, and validates bodies
 * against them with Ajv. OpenAPI 3.0 schemas are not JSON Schema: `nullable: true` is turned into a type that admits
 * null before Ajv sees them (OpenAPI 3.0.3, Schema Object: https://spec.openapis.org/oas/v3.0.3#schema-object).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import openApiJson from './clinic-api.openapi.json';
import itemsJson from './clinic-system-items.schema.json';
import type { ClinicAction as Action } from './actions';

type Json = Record<string, unknown>;

export const OPENAPI = openApiJson as unknown as Json & {
	info: { version: string };
	paths: Record<string, Record<string, Json>>;
	components: {
		schemas: Record<string, Json>;
		responses: Record<string, Json>;
		parameters: Record<string, Json>;
	};
};
export const ITEM_SCHEMA = itemsJson as unknown as Json & { definitions: Record<string, Json> };
export const CONTRACT_VERSION: string = OPENAPI.info.version;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
export { CLINIC_ACTIONS as ACTIONS, type ClinicAction as Action } from './actions';

export interface Operation {
	method: string;
	/** the contract's template, e.g. `/visits/{visitId}` */
	path: string;
	operationId: string;
	/** documented status codes, e.g. ['200', '404'] */
	statuses: string[];
}

export interface Verdict {
	ok: boolean;
	/** `<where> <what>`, at most a few, for a person */
	errors: string[];
}

const SCHEMA_ID = 'clinic-api';

/** OpenAPI 3.0 → JSON Schema (draft-07) for the keywords this contract uses. */
function toJsonSchema(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(toJsonSchema);
	if (typeof node !== 'object' || node === null) return node;
	const src = node as Json;
	const out: Json = {};
	for (const [key, value] of Object.entries(src)) {
		if (key === 'nullable' || key === 'example') continue;
		if (key === '$ref' && typeof value === 'string') {
			out.$ref = value.replace('#/components/schemas/', `${SCHEMA_ID}#/definitions/`);
		} else if (key === 'properties' && typeof value === 'object' && value !== null) {
			out.properties = Object.fromEntries(
				Object.entries(value as Json).map(([k, v]) => [k, toJsonSchema(v)]),
			);
		} else out[key] = toJsonSchema(value);
	}
	if (src.nullable !== true) return out;
	if (typeof out.type === 'string') {
		out.type = [out.type, 'null'];
		if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
		return out;
	}
	// `allOf: [{$ref}]` with nullable: null, or the referenced shape
	const { description, ...rest } = out;
	return { ...(description === undefined ? {} : { description }), anyOf: [{ type: 'null' }, rest] };
}

function newAjv(): Ajv {
	const ajv = new Ajv({ allErrors: true, strict: true });
	addFormats(ajv);
	ajv.addKeyword({ keyword: 'x-contractVersion', schemaType: 'string' });
	return ajv;
}

let ajvCache: Ajv | undefined;
function ajv(): Ajv {
	if (ajvCache) return ajvCache;
	const a = newAjv();
	a.addSchema({ $id: SCHEMA_ID, definitions: toJsonSchema(OPENAPI.components.schemas) as Json });
	a.addSchema(ITEM_SCHEMA);
	ajvCache = a;
	return a;
}

function resolveRef<T extends Json>(node: Json, section: 'responses' | 'parameters'): T {
	const ref = node.$ref;
	if (typeof ref !== 'string') return node as T;
	const name = ref.replace(`#/components/${section}/`, '');
	const found = OPENAPI.components[section][name];
	if (!found) throw new Error(`contract: unresolved ${ref}`);
	return found as T;
}

/** Every (method, path) the contract documents, with its status codes. */
export function operations(): Operation[] {
	const ops: Operation[] = [];
	for (const [path, item] of Object.entries(OPENAPI.paths)) {
		for (const method of HTTP_METHODS) {
			const op = item[method] as { operationId?: string; responses?: Json } | undefined;
			if (!op) continue;
			ops.push({
				method: method.toUpperCase(),
				path,
				operationId: op.operationId ?? `${method} ${path}`,
				statuses: Object.keys(op.responses ?? {}),
			});
		}
	}
	return ops;
}

/** The contract's template for a concrete path (`/visits/V1` → `/visits/{visitId}`); literal segments win. */
export function matchPath(concrete: string): string | undefined {
	const parts = concrete.split('?')[0].split('/').filter(Boolean);
	const candidates = Object.keys(OPENAPI.paths).filter((t) => {
		const tp = t.split('/').filter(Boolean);
		return tp.length === parts.length && tp.every((p, i) => p.startsWith('{') || p === parts[i]);
	});
	const literals = (t: string) => t.split('/').filter((p) => p && !p.startsWith('{')).length;
	return candidates.sort((a, b) => literals(b) - literals(a))[0];
}

function operation(method: string, path: string): Json | undefined {
	const template = OPENAPI.paths[path] ? path : matchPath(path);
	return template
		? (OPENAPI.paths[template]?.[method.toLowerCase()] as Json | undefined)
		: undefined;
}

function jsonSchemaOf(content: unknown): Json | undefined {
	const media = (content as Record<string, { schema?: Json }> | undefined)?.['application/json'];
	return media?.schema ? (toJsonSchema(media.schema) as Json) : undefined;
}

const compiled = new Map<string, ValidateFunction>();
function compile(key: string, schema: Json): ValidateFunction {
	let fn = compiled.get(key);
	if (!fn) {
		fn = ajv().compile(schema);
		compiled.set(key, fn);
	}
	return fn;
}

export function describeErrors(errors: ErrorObject[] | null | undefined, max = 5): string[] {
	const list = (errors ?? []).map((e) => {
		const where = e.instancePath || '(body)';
		const extra =
			e.keyword === 'additionalProperties'
				? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
				: e.keyword === 'enum'
					? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')})`
					: '';
		return `${where} ${e.message ?? e.keyword}${extra}`;
	});
	const unique = [...new Set(list)];
	return unique.length > max
		? [...unique.slice(0, max), `… and ${unique.length - max} more`]
		: unique;
}

/**
 * Validates a response body for (method, path, status): `path` is a template or a concrete path. An undocumented
 * operation or status is itself a failure.
 */
export function validateResponse(
	method: string,
	path: string,
	status: number,
	body: unknown,
): Verdict {
	const op = operation(method, path);
	if (!op) return { ok: false, errors: [`${method} ${path} is not in the contract`] };
	const responses = op.responses as Record<string, Json>;
	const response = responses[String(status)];
	if (!response) {
		return {
			ok: false,
			errors: [
				`HTTP ${status} is not a documented answer of ${method} ${path} (documented: ${Object.keys(responses).join(', ')})`,
			],
		};
	}
	const schema = jsonSchemaOf(resolveRef<Json>(response, 'responses').content);
	if (!schema) return { ok: true, errors: [] };
	const fn = compile(`res ${method.toUpperCase()} ${matchPath(path) ?? path} ${status}`, schema);
	return fn(body) ? { ok: true, errors: [] } : { ok: false, errors: describeErrors(fn.errors) };
}

/** Validates a JSON request body for (method, path). */
export function validateRequest(method: string, path: string, body: unknown): Verdict {
	const op = operation(method, path);
	if (!op) return { ok: false, errors: [`${method} ${path} is not in the contract`] };
	const schema = jsonSchemaOf((op.requestBody as Json | undefined)?.content);
	if (!schema) return { ok: false, errors: [`${method} ${path} takes no body`] };
	const fn = compile(`req ${method.toUpperCase()} ${matchPath(path) ?? path}`, schema);
	return fn(body) ? { ok: true, errors: [] } : { ok: false, errors: describeErrors(fn.errors) };
}

/** Validates a sub-workflow item (what a caller sends, or what Clinic system answers) for an action. */
export function validateItem(
	action: Action,
	direction: 'input' | 'output',
	item: unknown,
): Verdict {
	const name = `${action}${direction === 'input' ? 'Input' : 'Output'}`;
	const fn = ajv().getSchema(`${String(ITEM_SCHEMA.$id)}#/definitions/${name}`);
	if (!fn) throw new Error(`contract: no item schema ${name}`);
	return fn(item) ? { ok: true, errors: [] } : { ok: false, errors: describeErrors(fn.errors) };
}

/** The item schema's fields for an action, with their JSON types. */
export function itemFields(
	action: Action,
	direction: 'input' | 'output',
): Record<string, string[]> {
	const def = ITEM_SCHEMA.definitions[`${action}${direction === 'input' ? 'Input' : 'Output'}`] as {
		properties: Record<string, { type?: string | string[]; const?: unknown }>;
	};
	return Object.fromEntries(
		Object.entries(def.properties).map(([k, v]) => [
			k,
			v.type === undefined ? [typeof v.const] : Array.isArray(v.type) ? v.type : [v.type],
		]),
	);
}

/** The contract's reminder outcomes. */
export function outcomes(): string[] {
	return (OPENAPI.components.schemas.ReminderOutcome as { enum: string[] }).enum;
}
