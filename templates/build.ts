/**
 * Small builders for n8n node JSON, so the templates in ../workflows/ are written as readable code and the long
 * boilerplate of n8n's Data Table, Set, IF and Switch parameters is written once. `generate.ts` writes the files;
 * templates.test.ts checks the shipped files are exactly what the generator writes.
 */
import { createHash } from 'node:crypto';

export const PKG = 'n8n-nodes-comagic-voicebox';

export type Json = Record<string, unknown>;

export interface WfNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Json;
	webhookId?: string;
	credentials?: Record<string, { name: string }>;
	alwaysOutputData?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
	/** run once, with the first input item only */
	executeOnce?: boolean;
	/** n8n's Retry On Fail (node settings): only for what is safe to repeat */
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	notes?: string;
	notesInFlow?: boolean;
}

/** A stable UUID-shaped id from a seed text: the same template always gets the same ids. */
export function stableId(seed: string): string {
	const h = createHash('sha1').update(seed).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class Graph {
	readonly nodes: WfNode[] = [];
	readonly connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	> = {};

	constructor(private readonly key: string) {}

	add(node: Omit<WfNode, 'id'>): string {
		if (this.nodes.some((n) => n.name === node.name)) throw new Error(`node "${node.name}" twice`);
		this.nodes.push({ id: stableId(`${this.key}/${node.name}`), ...node });
		return node.name;
	}

	/** from's output `output` → input `input` of each of `to` (in this order: n8n's v1 order also runs them top to bottom) */
	link(from: string, to: string | string[], output = 0, input = 0): void {
		const entry = (this.connections[from] ??= { main: [] });
		while (entry.main.length <= output) entry.main.push([]);
		for (const name of Array.isArray(to) ? to : [to])
			entry.main[output].push({ node: name, type: 'main', index: input });
	}

	/** The workflow n8n imports: these nodes and links, run in n8n's v1 order, plus any other settings. */
	workflow(name: string, settings: Record<string, unknown> = {}): Json {
		return {
			name,
			nodes: this.nodes,
			connections: this.connections,
			settings: { executionOrder: 'v1', ...settings },
		};
	}

	/** a → b → c … on output 0 */
	chain(...names: string[]): void {
		for (let i = 1; i < names.length; i++) this.link(names[i - 1], names[i]);
	}

	note(
		name: string,
		position: [number, number],
		width: number,
		height: number,
		content: string,
		color = 7,
	): void {
		this.add({
			name,
			type: 'n8n-nodes-base.stickyNote',
			typeVersion: 1,
			position,
			parameters: { content, width, height, color },
		});
	}
}

// ---------------------------------------------------------------- base nodes

type AssignmentType = 'string' | 'number' | 'boolean' | 'array' | 'object';

export function setNode(
	name: string,
	position: [number, number],
	fields: Array<[string, AssignmentType, unknown]>,
	includeOtherFields = false,
): Omit<WfNode, 'id'> {
	return {
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position,
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: fields.map(([field, type, value]) => ({
					id: stableId(`${name}/${field}`),
					name: field,
					value,
					type,
				})),
			},
			includeOtherFields,
			...(includeOtherFields ? { include: 'all' } : {}),
			options: {},
		},
	};
}

function condition(expression: string, seed: string): Json {
	return {
		id: stableId(seed),
		leftValue: `={{ ${expression} }}`,
		rightValue: '',
		operator: { type: 'boolean', operation: 'true', singleValue: true },
	};
}

function conditions(expression: string, seed: string): Json {
	return {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
		conditions: [condition(expression, seed)],
		combinator: 'and',
	};
}

/** IF on one boolean expression: output 0 = true, 1 = false. */
export function ifNode(
	name: string,
	position: [number, number],
	expression: string,
): Omit<WfNode, 'id'> {
	return {
		name,
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position,
		parameters: {
			conditions: conditions(expression, name),
			looseTypeValidation: true,
			options: {},
		},
	};
}

/** Switch with named outputs, one boolean expression each (first match wins), plus an "other" output last. */
export function switchNode(
	name: string,
	position: [number, number],
	rules: Array<[string, string]>,
	fallback: string,
): Omit<WfNode, 'id'> {
	return {
		name,
		type: 'n8n-nodes-base.switch',
		typeVersion: 3.2,
		position,
		parameters: {
			rules: {
				values: rules.map(([key, expression]) => ({
					conditions: conditions(expression, `${name}/${key}`),
					renameOutput: true,
					outputKey: key,
				})),
			},
			looseTypeValidation: true,
			options: { fallbackOutput: 'extra', renameFallbackOutput: fallback },
		},
	};
}

/** n8n's Schedule Trigger on one interval rule, e.g. `{ field: 'minutes', minutesInterval: 1 }`. */
export function scheduleNode(
	name: string,
	position: [number, number],
	interval: Json,
): Omit<WfNode, 'id'> {
	return {
		name,
		type: 'n8n-nodes-base.scheduleTrigger',
		typeVersion: 1.2,
		position,
		parameters: { rule: { interval: [interval] } },
	};
}

/** Execute Workflow Trigger taking whatever items the caller sends (a sub-workflow's entry). */
export function subWorkflowTrigger(name: string, position: [number, number]): Omit<WfNode, 'id'> {
	return {
		name,
		type: 'n8n-nodes-base.executeWorkflowTrigger',
		typeVersion: 1.1,
		position,
		parameters: { inputSource: 'passthrough' },
	};
}

export function noOp(name: string, position: [number, number]): Omit<WfNode, 'id'> {
	return { name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position, parameters: {} };
}

/**
 * n8n's Webhook node at a fixed path (= its webhookId, so the URL survives a re-import), answering with the last
 * node (`responseData`: noData or firstEntryJson) or with a Respond to Webhook node; `auth` names n8n's own
 * credential type for the check (Basic or Header Auth) and the credential.
 */
export function webhookNode(
	name: string,
	position: [number, number],
	id: string,
	httpMethod: 'GET' | 'POST',
	respond:
		| { responseMode: 'lastNode'; responseData: 'noData' | 'firstEntryJson' }
		| { responseMode: 'responseNode' },
	auth?: {
		authentication: 'basicAuth' | 'headerAuth';
		credentials: Record<string, { name: string }>;
	},
): Omit<WfNode, 'id'> {
	return {
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position,
		webhookId: id,
		...(auth ? { credentials: auth.credentials } : {}),
		parameters: {
			httpMethod,
			path: id,
			...(auth ? { authentication: auth.authentication } : {}),
			...respond,
			options: {},
		},
	};
}

/** Respond to Webhook with JSON: `body` and `status` are expressions over the item (without `={{ }}`). */
export function respondJson(
	name: string,
	position: [number, number],
	body: string,
	status: string,
): Omit<WfNode, 'id'> {
	return {
		name,
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.1,
		position,
		parameters: {
			respondWith: 'json',
			responseBody: `={{ JSON.stringify(${body}) }}`,
			options: { responseCode: `={{ ${status} }}` },
		},
	};
}

/** Stop and Error: the execution fails with `message` (an expression when it starts with `=`). */
export function stopAndError(
	name: string,
	position: [number, number],
	message: string,
): Omit<WfNode, 'id'> {
	return {
		name,
		type: 'n8n-nodes-base.stopAndError',
		typeVersion: 1,
		position,
		parameters: { errorMessage: message },
	};
}

// ---------------------------------------------------------------- data table (the ledger)

export type ColumnType = 'string' | 'number' | 'boolean' | 'date';
export type Condition =
	| 'eq'
	| 'neq'
	| 'lt'
	| 'lte'
	| 'gt'
	| 'gte'
	| 'like'
	| 'isEmpty'
	| 'isNotEmpty'
	| 'isTrue'
	| 'isFalse';

export interface TableRef {
	/** expression that yields the table id (from the Settings node) */
	idExpression: string;
	columns: Record<string, ColumnType>;
}

function tableLocator(table: TableRef): Json {
	return { __rl: true, mode: 'id', value: `={{ ${table.idExpression} }}` };
}

/**
 * A parameter value from an expression written without `={{ }}`: a plain non-empty string literal ('done') is written
 * as the text itself, so the workflow shows it as a value and evaluates nothing; anything else (and a text starting
 * with `=`, which n8n would read as an expression) stays an expression.
 */
function valueOrExpression(expression: string): string {
	const literal = /^'([^'\\=][^'\\]*)'$/.exec(expression);
	return literal ? literal[1] : `={{ ${expression} }}`;
}

function filterParams(filters: Array<[string, Condition, string?]>, match: 'all' | 'any'): Json {
	return {
		matchType: match === 'all' ? 'allConditions' : 'anyCondition',
		filters: {
			conditions: filters.map(([keyName, cond, value]) => ({
				keyName,
				condition: cond,
				...(value !== undefined ? { keyValue: valueOrExpression(value) } : {}),
			})),
		},
	};
}

function columnsParam(table: TableRef, values: Record<string, string>): Json {
	for (const key of Object.keys(values)) {
		if (!(key in table.columns)) throw new Error(`column ${key} is not in the ledger`);
	}
	return {
		mappingMode: 'defineBelow',
		value: Object.fromEntries(
			Object.entries(values).map(([k, v]) => [
				k,
				table.columns[k] === 'string' ? valueOrExpression(v) : `={{ ${v} }}`,
			]),
		),
		matchingColumns: [],
		schema: Object.entries(table.columns).map(([id, type]) => ({
			id,
			displayName: id,
			required: false,
			defaultMatch: false,
			display: true,
			type,
			readOnly: false,
			removed: !(id in values),
		})),
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	};
}

/** A read that always hands on an item: no rows → one empty item, a failed read (a missing table) → the error. */
export const READ_ANYWAY = { alwaysOutputData: true, onError: 'continueRegularOutput' } as const;

type Filters = Array<[string, Condition, string?]>;

/** n8n's Data Table node on a row operation: the table, the filter, then what the operation adds. */
function rowNode(
	name: string,
	position: [number, number],
	table: TableRef,
	operation: 'get' | 'update' | 'upsert' | 'deleteRows',
	filter: Json,
	params: Json,
	node: Partial<WfNode> = {},
): Omit<WfNode, 'id'> {
	return {
		name,
		type: 'n8n-nodes-base.dataTable',
		typeVersion: 1,
		position,
		...node,
		parameters: {
			resource: 'row',
			operation,
			dataTableId: tableLocator(table),
			...filter,
			...params,
		},
	};
}

export function tableGet(
	name: string,
	position: [number, number],
	table: TableRef,
	filters: Filters,
	match: 'all' | 'any',
	limit?: string,
): Omit<WfNode, 'id'> {
	return rowNode(
		name,
		position,
		table,
		'get',
		filterParams(filters, match),
		limit ? { limit: `={{ ${limit} }}` } : { returnAll: true },
		// n8n's Data Table node reads a page of rows and their count in two queries; a write by an overlapping tick
		// between them fails the read ("synchronization error: result count changed during pagination", seen on
		// Postgres in queue mode). A read is safe to repeat.
		{ retryOnFail: true, maxTries: 3, waitBetweenTries: 500 },
	);
}

/** A conditional UPDATE: the node outputs only the rows it changed, so it doubles as a compare-and-set claim. */
export function tableUpdate(
	name: string,
	position: [number, number],
	table: TableRef,
	filters: Filters,
	values: Record<string, string>,
	alwaysOutputData = false,
): Omit<WfNode, 'id'> {
	return rowNode(
		name,
		position,
		table,
		'update',
		filterParams(filters, 'all'),
		{ columns: columnsParam(table, values), options: {} },
		{ alwaysOutputData },
	);
}

/**
 * Delete Rows, all conditions ("Any Condition", the node's default, would remove every row matching any one of
 * them). The node outputs every row it removed, so feed it a bounded list (one item per row id), never a bare age
 * filter over a table with a year of history.
 */
export function tableDelete(
	name: string,
	position: [number, number],
	table: TableRef,
	filters: Filters,
): Omit<WfNode, 'id'> {
	return rowNode(name, position, table, 'deleteRows', filterParams(filters, 'all'), {
		options: {},
	});
}

export function tableUpsert(
	name: string,
	position: [number, number],
	table: TableRef,
	key: [string, string],
	values: Record<string, string>,
): Omit<WfNode, 'id'> {
	return rowNode(name, position, table, 'upsert', filterParams([[key[0], 'eq', key[1]]], 'all'), {
		columns: columnsParam(table, values),
		options: {},
	});
}

// ---------------------------------------------------------------- sub-workflow calls and HTTP

/**
 * Execute Workflow, one sub-execution for all the items: n8n counts every sub-execution as an execution, so a tick
 * re-reading 50 visits costs one, not 50 ("Run once for each item" is also deprecated in n8n 2.x). The sub-workflow
 * answers one item per item, each paired with its own, so `$('Node').item` still finds the item it answers; a
 * sub-workflow that fails as a whole gives a single `{error}` item paired with all of them.
 */
export function callWorkflow(
	name: string,
	position: [number, number],
	idExpression: string,
	/** false: hand the items over and go on (a message to staff must not hold up a callback's answer) */
	wait = true,
): Omit<WfNode, 'id'> {
	return {
		name,
		type: 'n8n-nodes-base.executeWorkflow',
		typeVersion: 1.2,
		position,
		onError: 'continueRegularOutput',
		parameters: {
			workflowId: { __rl: true, mode: 'id', value: `={{ ${idExpression} }}` },
			workflowInputs: {
				mappingMode: 'defineBelow',
				value: {},
				matchingColumns: [],
				schema: [],
				attemptToConvertTypes: false,
				convertFieldsToString: true,
			},
			mode: 'once',
			options: { waitForSubWorkflow: wait },
		},
	};
}

/**
 * n8n's HTTP Request node. `credentials` names one of n8n's generic credential types (Header Auth, Basic Auth) the
 * request is sent with. `fullResponse` answers every status as an item ({statusCode, headers, body}) and a failed
 * request as {error}, so the next node explains it (a body that is not JSON stays text: the next node tells an HTML
 * page from an answer).
 */
export function httpNode(
	name: string,
	position: [number, number],
	method: 'GET' | 'POST',
	url: string,
	opts: {
		jsonBody?: string;
		fullResponse?: boolean;
		timeout: string;
		credentials?: Record<string, { name: string }>;
	},
): Omit<WfNode, 'id'> {
	const authType = opts.credentials && Object.keys(opts.credentials)[0];
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		...(opts.fullResponse ? { onError: 'continueRegularOutput' as const } : {}),
		...(opts.credentials ? { credentials: opts.credentials } : {}),
		parameters: {
			method,
			url,
			...(authType ? { authentication: 'genericCredentialType', genericAuthType: authType } : {}),
			...(opts.jsonBody ? { sendBody: true, specifyBody: 'json', jsonBody: opts.jsonBody } : {}),
			options: {
				timeout: `={{ ${opts.timeout} }}`,
				...(opts.fullResponse
					? {
							response: {
								response: { fullResponse: true, neverError: true },
							},
						}
					: {}),
			},
		},
	};
}
