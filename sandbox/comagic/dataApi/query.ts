import { rpcErrors } from '../jsonrpc/errors';
import type { ParamSchema } from '../jsonrpc/params';

/**
 * Data API query language (https://comagic.github.io/data_api/): filter trees `{filters:[…], condition:"and"|"or"}` of
 * `{field, operator, value}`, `sort` [{field, order}], `fields`. Compiled once per request into closures so a
 * 100k-row report is one pass.
 */
export interface FieldSet<T> {
	/** every name the method knows (unknown → unexpected_parameters) */
	all: ReadonlySet<string>;
	filterable: ReadonlySet<string>;
	sortable: ReadonlySet<string>;
	/** value used by filters and sort; arrays of objects are reduced to their ids (tags → tag_id) */
	value(item: T, field: string): unknown;
}

export type Predicate<T> = (item: T) => boolean;

const OPERATORS = new Set([
	'=',
	'!=',
	'<',
	'>',
	'<=',
	'>=',
	'like',
	'ilike',
	'not_like',
	'not_ilike',
	'regexp',
	'jsquery',
	'in',
	'not_in',
	'overlap',
	'not_overlap',
	'is_null',
	'is_not_null',
]);

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
	return (
		a === b ||
		(a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b))
	);
}

function compare(a: unknown, b: unknown): number {
	if (
		typeof a === 'number' &&
		(typeof b === 'number' || (typeof b === 'string' && b.trim() !== '' && !isNaN(Number(b))))
	) {
		return a - Number(b);
	}
	return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function likeRegExp(pattern: string, flags: string): RegExp {
	const source = pattern
		.split('')
		.map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
		.join('');
	return new RegExp(`^${source}$`, flags);
}

function leaf<T>(node: Record<string, unknown>, fields: FieldSet<T>): Predicate<T> {
	for (const key of Object.keys(node)) {
		if (!['field', 'operator', 'value'].includes(key))
			throw rpcErrors.unexpected(`filter.${key}`, node[key]);
	}
	const { field, operator, value } = node;
	if (typeof field !== 'string') throw rpcErrors.required('filter.field');
	if (typeof operator !== 'string') throw rpcErrors.required('filter.operator');
	if (!fields.all.has(field)) throw rpcErrors.unexpected('filter.field', field);
	if (!fields.filterable.has(field)) throw rpcErrors.filterProhibited(field);
	if (!OPERATORS.has(operator)) throw rpcErrors.invalidValue('filter.operator', operator);
	const get = (item: T) => fields.value(item, field);
	const asList = (v: unknown): unknown[] =>
		Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
	const needArray = () => {
		if (!Array.isArray(value)) throw rpcErrors.invalidValue('filter.value', value ?? null);
		return value as unknown[];
	};
	const needString = () => {
		if (typeof value !== 'string') throw rpcErrors.invalidValue('filter.value', value ?? null);
		return value;
	};
	const isNull = (v: unknown) =>
		v === null || v === undefined || (Array.isArray(v) && v.length === 0);
	switch (operator) {
		case '=':
			if (value === null || value === undefined) return (item) => isNull(get(item));
			return (item) => {
				const v = get(item);
				return Array.isArray(v) ? v.some((x) => same(x, value)) : same(v, value);
			};
		case '!=':
			if (value === null || value === undefined) return (item) => !isNull(get(item));
			return (item) => {
				const v = get(item);
				return Array.isArray(v) ? !v.some((x) => same(x, value)) : !same(v, value);
			};
		case '<':
		case '>':
		case '<=':
		case '>=': {
			if (typeof value !== 'number' && typeof value !== 'string')
				throw rpcErrors.invalidValue('filter.value', value ?? null);
			const test =
				operator === '<'
					? (c: number) => c < 0
					: operator === '>'
						? (c: number) => c > 0
						: operator === '<='
							? (c: number) => c <= 0
							: (c: number) => c >= 0;
			return (item) => {
				const v = get(item);
				return v !== null && v !== undefined && test(compare(v, value));
			};
		}
		case 'like':
		case 'ilike':
		case 'not_like':
		case 'not_ilike': {
			const re = likeRegExp(needString(), operator.includes('ilike') ? 'is' : 's');
			const negate = operator.startsWith('not_');
			return (item) => {
				const v = get(item);
				const hit = v !== null && v !== undefined && re.test(String(v));
				return negate ? !hit : hit;
			};
		}
		case 'regexp': {
			let re: RegExp;
			try {
				re = new RegExp(needString());
			} catch {
				throw rpcErrors.invalidValue('filter.value', value);
			}
			return (item) => {
				const v = get(item);
				return v !== null && v !== undefined && re.test(String(v));
			};
		}
		case 'in':
		case 'not_in':
		case 'overlap':
		case 'not_overlap': {
			const list = needArray();
			const negate = operator.startsWith('not_');
			return (item) => {
				const hit = asList(get(item)).some((x) => list.some((y) => same(x, y)));
				return negate ? !hit : hit;
			};
		}
		case 'is_null':
			return (item) => isNull(get(item));
		case 'is_not_null':
			return (item) => !isNull(get(item));
		default:
			// jsquery needs PostgreSQL; the simulator has no JSON query engine
			throw rpcErrors.invalidValue('filter.operator', operator);
	}
}

export function compileFilter<T>(
	filter: unknown,
	fields: FieldSet<T>,
	depth = 0,
): Predicate<T> | undefined {
	if (filter === undefined || filter === null) return undefined;
	if (!isObject(filter)) throw rpcErrors.dataType('filter', filter);
	if (depth > 10) throw rpcErrors.invalidValue('filter', 'too deep');
	if (!('filters' in filter)) return leaf(filter, fields);
	for (const key of Object.keys(filter)) {
		if (key !== 'filters' && key !== 'condition')
			throw rpcErrors.unexpected(`filter.${key}`, filter[key]);
	}
	if (!Array.isArray(filter.filters)) throw rpcErrors.dataType('filter.filters', filter.filters);
	const condition = filter.condition ?? 'and';
	if (condition !== 'and' && condition !== 'or')
		throw rpcErrors.invalidValue('filter.condition', condition);
	const parts = filter.filters.map((f) => {
		const p = compileFilter(f, fields, depth + 1);
		if (!p) throw rpcErrors.invalidValue('filter.filters', f);
		return p;
	});
	if (parts.length === 0) return undefined;
	return condition === 'and'
		? (item) => parts.every((p) => p(item))
		: (item) => parts.some((p) => p(item));
}

export interface SortKey {
	field: string;
	desc: boolean;
}

export function parseSort<T>(sort: unknown, fields: FieldSet<T>): SortKey[] {
	if (sort === undefined || sort === null) return [];
	if (!Array.isArray(sort)) throw rpcErrors.dataType('sort', sort);
	return sort.map((entry) => {
		if (!isObject(entry)) throw rpcErrors.dataType('sort', entry);
		for (const key of Object.keys(entry)) {
			if (key !== 'field' && key !== 'order') throw rpcErrors.unexpected(`sort.${key}`, entry[key]);
		}
		if (typeof entry.field !== 'string') throw rpcErrors.required('sort.field');
		if (!fields.all.has(entry.field)) throw rpcErrors.unexpected('sort.field', entry.field);
		if (!fields.sortable.has(entry.field)) throw rpcErrors.sortProhibited(entry.field);
		const order = entry.order ?? 'asc';
		if (order !== 'asc' && order !== 'desc') throw rpcErrors.invalidValue('sort.order', order);
		return { field: entry.field, desc: order === 'desc' };
	});
}

export function sortComparator<T>(keys: SortKey[], fields: FieldSet<T>): (a: T, b: T) => number {
	return (a, b) => {
		for (const key of keys) {
			const va = fields.value(a, key.field);
			const vb = fields.value(b, key.field);
			let c: number;
			if (va === vb) c = 0;
			else if (va === null || va === undefined) c = 1;
			else if (vb === null || vb === undefined) c = -1;
			else c = compare(va, vb);
			if (c !== 0) return key.desc ? -c : c;
		}
		return 0;
	};
}

/** `fields` parameter: strings known to the method; undefined → the method's default set. */
export function parseFields<T>(
	input: unknown,
	fields: FieldSet<T>,
	defaults: readonly string[],
): string[] {
	if (input === undefined || input === null) return [...defaults];
	if (!Array.isArray(input)) throw rpcErrors.dataType('fields', input);
	for (const name of input) {
		if (typeof name !== 'string') throw rpcErrors.dataType('fields', name);
		if (!fields.all.has(name)) throw rpcErrors.unexpected('fields', name);
	}
	return input as string[];
}

/** limit (default 1000, max 10,000) and offset (max 100,000), as the Data API caps them. */
export function parsePaging(params: Record<string, unknown>): { limit: number; offset: number } {
	const limit = params.limit ?? 1000;
	const offset = params.offset ?? 0;
	if (typeof limit !== 'number' || !Number.isInteger(limit))
		throw rpcErrors.dataType('limit', limit);
	if (typeof offset !== 'number' || !Number.isInteger(offset))
		throw rpcErrors.dataType('offset', offset);
	if (limit < 1 || limit > 10000) throw rpcErrors.invalidValue('limit', limit);
	if (offset < 0 || offset > 100000) throw rpcErrors.invalidValue('offset', offset);
	return { limit, offset };
}

/** Who asks: every get.* takes these (the token itself is checked before the method runs). */
export const ACCOUNT_PARAMS: ParamSchema = {
	access_token: { type: 'string' },
	user_id: { type: 'integer' },
};

/** Paging, filter, sort and fields: every get.* list takes these. */
export const QUERY_PARAMS: ParamSchema = {
	limit: { type: 'integer' },
	offset: { type: 'integer' },
	filter: { type: 'object' },
	sort: { type: 'array' },
	fields: { type: 'array' },
};

export interface Query<T> {
	limit: number;
	offset: number;
	/** the fields to answer with */
	fields: string[];
	predicate: Predicate<T> | undefined;
	sortKeys: SortKey[];
}

/** Paging, fields, filter and sort of a get.* request, checked in that order. */
export function parseQuery<T>(
	params: Record<string, unknown>,
	fields: FieldSet<T>,
	defaultFields: readonly string[],
): Query<T> {
	const { limit, offset } = parsePaging(params);
	return {
		limit,
		offset,
		fields: parseFields(params.fields, fields, defaultFields),
		predicate: compileFilter(params.filter, fields),
		sortKeys: parseSort(params.sort, fields),
	};
}
