/**
 * Drives a trigger's `webhook()` with real HTTP requests, the way n8n's webhook server does (n8n 2.41 source:
 * packages/cli/src/middlewares/body-parser.ts, webhooks/webhook-helpers.ts, webhook-request-handler.ts):
 * - `parseIncomingMessage` (the real one from @n8n/backend-network) sets `req.contentType` (lower-cased, without
 *   parameters) and `req.encoding` (charset, default utf-8);
 * - the raw bytes are read into `req.rawBody` (gzip/deflate decoded);
 * - for a node of typeVersion 1 `parseBody` always runs: `application/json` → JSON (BOM stripped; a parse error is
 *   answered 422 "Failed to parse request body" and the node never runs), `application/x-www-form-urlencoded` →
 *   `querystring` (max 1000 keys), `text/plain` → the text; any other or no Content-Type leaves `req.body`
 *   undefined, so `getBodyData()` returns undefined and only `rawBody` holds the bytes (XML is not emulated);
 * - for a node of a later version `parseRequestBody` reads the body only for the types it parses (JSON, text, form,
 *   XML: `isParsableContentType`); with any other or no Content-Type the bytes stay unread (no `rawBody`) until
 *   the node calls `req.readRawBody()`, as in 1.123 and 2.41;
 * - `req.query` comes from Express 5's default "simple" parser (`querystring`);
 * - the node runs in n8n-core's real `WebhookContext`, with one `Workflow` kept across requests so static data
 *   (duplicate suppression) persists like in an active workflow;
 * - the answer follows executeWebhook: a thrown error → 500, `noWebhookResponse` → the node answered,
 *   no `workflowData` → `webhookResponse` or `{"message":"Webhook call received"}`, otherwise by response mode
 *   (`onReceived`, or `lastNode` with `responseData`, where `workflow` stands in for the nodes after the trigger:
 *   a throw → 500 `{"message":"Error in workflow"}`, no items → 200 "…did not return any data").
 */
import type { Logger } from '@n8n/backend-common';
import { parseIncomingMessage } from '@n8n/backend-network';
import type { Container as DiContainer } from '@n8n/di';
import { HookContext, WebhookContext } from 'n8n-core';
import {
	jsonParse,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestMethods,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import {
	createServer,
	request,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';
import { createRequire } from 'node:module';
import { gunzipSync, inflateSync } from 'node:zlib';

import { TestCredentialsHelper } from './credentials';
import { NODE_TYPES, PACKAGE, TestNodeTypes } from './nodeTypes';

// n8n-core resolves its own copies of the DI container and Logger: reach those, not the top-level ones
const fromCore = createRequire(require.resolve('n8n-core'));
const { Container } = fromCore('@n8n/di') as { Container: typeof DiContainer };
const { Logger: CoreLogger } = fromCore('@n8n/backend-common') as { Logger: typeof Logger };

export const WEBHOOK_ID = '5b0c6a3e-6f1e-4f53-9a53-0c4f8a4c2b10';

/** What happened to one request on the n8n side. */
export interface WebhookCall {
	method: string;
	/** the node ran (false for 404/422 answered by "n8n" before the node) */
	nodeRan: boolean;
	result?: IWebhookResponseData;
	/** an execution would have started: the node returned workflowData */
	executed: boolean;
	items: INodeExecutionData[];
	thrown?: Error;
	/** writing n8n's own answer failed (n8n would log it), e.g. headers already sent */
	responseError?: Error;
}

export interface DriverResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	/** the body as JSON, or undefined when it is not JSON */
	json: unknown;
	call: WebhookCall | undefined;
}

export interface SendOptions {
	method?: string;
	query?: Record<string, string | string[]> | string;
	headers?: Record<string, string>;
	/** an object is sent as JSON unless contentType says otherwise; string/Buffer as is */
	body?: unknown;
	/** Content-Type header; null sends none; default application/json for object bodies */
	contentType?: string | null;
	/** path after the base URL, default the node's webhook path */
	path?: string;
}

export interface DriverOptions {
	/** node type name without the package prefix, e.g. 'coMagicTrigger' */
	type: string;
	parameters: INodeParameters;
	/** the node's version; default the one n8n gives a new node (the trigger's defaultVersion) */
	typeVersion?: number;
	/** stored credential data by type; each type here is set on the node (like choosing it in the panel) */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** stands in for the nodes after the trigger in lastNode mode: returns the last node's items or throws */
	workflow?: (items: INodeExecutionData[]) => Promise<IDataObject[]>;
	/** emulate N8N_PROXY_HOPS=1: req.ip is the first X-Forwarded-For address */
	trustProxy?: boolean;
}

export interface LogLine {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
}

export interface WebhookDriver {
	/** the production webhook URL */
	url: string;
	calls: WebhookCall[];
	/** what nodes wrote to n8n's logger (the real Logger is swapped for a recorder while the driver runs) */
	logs: LogLine[];
	workflow: Workflow;
	node: INode;
	staticData(): IDataObject;
	/** the stored credentials: replacing one is what saving the credential in n8n does (read at the next request) */
	credentialStore: Record<string, ICredentialDataDecryptedObject>;
	send(options?: SendOptions): Promise<DriverResponse>;
	lifecycle(method: 'checkExists' | 'create' | 'delete'): Promise<boolean | undefined>;
	/** resolves when every workflow run started so far (lastNode and onReceived) has finished */
	idle(): Promise<void>;
	close(): Promise<void>;
}

/** What Express and n8n's rawBodyReader add (contentType, encoding, rawBody come from n8n-workflow's typing). */
interface HarnessRequest extends IncomingMessage {
	body?: unknown;
	query?: IDataObject;
	params?: Record<string, string>;
	ip?: string;
	path?: string;
}

type HarnessResponse = ServerResponse & {
	status(code: number): HarnessResponse;
	json(body?: unknown): HarnessResponse;
	send(body?: unknown): HarnessResponse;
};

/** The parts of Express's response n8n and nodes use, with Express's internal call order (json → send → end). */
function expressResponse(raw: ServerResponse): HarnessResponse {
	const res = raw as HarnessResponse;
	res.status = function (code: number) {
		this.statusCode = code;
		return this;
	};
	res.json = function (body?: unknown) {
		const text = JSON.stringify(body);
		if (!this.getHeader('content-type'))
			this.setHeader('Content-Type', 'application/json; charset=utf-8');
		return this.send(text);
	};
	res.send = function (body?: unknown) {
		if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) return this.json(body);
		if (typeof body === 'string' && !this.getHeader('content-type')) {
			this.setHeader('Content-Type', 'text/html; charset=utf-8');
		}
		this.end(body as string | Buffer | undefined);
		return this;
	};
	return res;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function decode(raw: Buffer, encoding: string | undefined): Buffer {
	if (encoding === 'gzip') return gunzipSync(raw);
	if (encoding === 'deflate') return inflateSync(raw);
	return raw;
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** n8n's parseBody for the content types it parses; throws like it does on bad JSON. */
function parseBody(req: HarnessRequest): void {
	const { rawBody, contentType } = req;
	if (!rawBody?.length || contentType?.startsWith('multipart/')) return;
	const text = rawBody.toString(req.encoding ?? 'utf-8');
	if (contentType === 'application/json') req.body = jsonParse(stripBom(text));
	else if (contentType === 'application/x-www-form-urlencoded') {
		req.body = parseQueryString(stripBom(text), undefined, undefined, { maxKeys: 1000 });
	} else if (contentType === 'text/plain') req.body = text;
}

function send(res: HarnessResponse, status: number, body: unknown): void {
	if (res.headersSent) return;
	res.status(status).json(body);
}

/** How n8n's request handler writes the answer of a finished run: unconditionally, CSP header first. */
function sendAsN8n(res: HarnessResponse, status: number, body: unknown, call: WebhookCall): void {
	try {
		res.status(status);
		res.setHeader('Content-Security-Policy', 'sandbox');
		res.json(body);
	} catch (error) {
		call.responseError = error as Error;
	}
}

/** Each driver stands for a workflow of its own (the triggers remember duplicate keys per workflow and node). */
let driversStarted = 0;

export async function startWebhookDriver(options: DriverOptions): Promise<WebhookDriver> {
	const typeName = `${PACKAGE}.${options.type}`;
	const nodeType = NODE_TYPES[typeName] as INodeType;
	if (!nodeType?.webhook) throw new Error(`${typeName} is not a webhook trigger`);
	const node: INode = {
		id: 'trigger-node',
		name: nodeType.description.defaults.name ?? 'Trigger',
		type: typeName,
		typeVersion: options.typeVersion ?? nodeType.description.defaultVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		webhookId: WEBHOOK_ID,
		credentials: Object.fromEntries(
			Object.keys(options.credentials ?? {}).map((type) => [type, { id: `${type}-1`, name: type }]),
		),
	};
	const credentialsHelper = new TestCredentialsHelper(options.credentials ?? {});
	const workflow = new Workflow({
		id: `webhook-harness-${++driversStarted}`,
		name: 'webhook harness',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new TestNodeTypes(),
		staticData: {},
		settings: { executionOrder: 'v1' },
	});
	const calls: WebhookCall[] = [];
	const logs: LogLine[] = [];
	const record = (level: LogLine['level']) => (message: string) => {
		logs.push({ level, message });
	};
	const recorder = {
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
		scoped: () => recorder,
	};
	Container.set(CoreLogger, recorder as unknown as Logger);
	const running = new Set<Promise<unknown>>();
	let baseUrl = '';

	const additionalData = (req?: HarnessRequest, res?: HarnessResponse) =>
		({
			executionId: 'webhook-harness',
			restApiUrl: `${baseUrl}/rest`,
			instanceBaseUrl: `${baseUrl}/`,
			webhookBaseUrl: `${baseUrl}/webhook`,
			webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
			webhookTestBaseUrl: `${baseUrl}/webhook-test`,
			formWaitingBaseUrl: `${baseUrl}/form-waiting`,
			variables: {},
			credentialsHelper,
			currentNodeExecutionIndex: 0,
			httpRequest: req,
			httpResponse: res,
		}) as unknown as IWorkflowExecuteAdditionalData;

	const evaluate = <T>(value: unknown, fallback: T): T => {
		const result = workflow.expression.getSimpleParameterValue(
			node,
			value as string,
			'webhook',
			{},
			undefined,
			fallback as never,
		);
		return (result ?? fallback) as T;
	};

	const descriptions = nodeType.description.webhooks ?? [];
	const webhookPath = `/webhook/${WEBHOOK_ID}/${String(descriptions[0]?.path ?? 'webhook')}`;

	const webhookData = (
		description: IWebhookDescription,
		method: string,
		data: IWorkflowExecuteAdditionalData,
	) =>
		({
			httpMethod: method as IHttpRequestMethods,
			node: node.name,
			path: webhookPath,
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: data,
			webhookId: WEBHOOK_ID,
		}) as IWebhookData;

	async function respondAfterRun(
		res: HarnessResponse,
		description: IWebhookDescription,
		result: IWebhookResponseData,
		call: WebhookCall,
	): Promise<void> {
		const responseMode = evaluate<string>(description.responseMode, 'onReceived');
		const responseData = evaluate<string>(description.responseData, 'firstEntryJson');
		const runRest = async () =>
			options.workflow ? await options.workflow(call.items) : call.items.map((i) => i.json);
		if (responseMode === 'onReceived') {
			send(
				res,
				200,
				responseData === 'noData'
					? undefined
					: (result.webhookResponse ?? { message: 'Workflow was started' }),
			);
			const run = runRest().catch(() => undefined);
			running.add(run);
			void run.finally(() => running.delete(run));
			return;
		}
		if (responseMode !== 'lastNode')
			throw new Error(`the harness does not emulate responseMode ${responseMode}`);
		const run = (async () => {
			let items: IDataObject[];
			try {
				items = await runRest();
			} catch {
				sendAsN8n(res, 500, { message: 'Error in workflow' }, call);
				return;
			}
			if (items.length === 0) {
				const message = 'Workflow executed successfully but the last node did not return any data';
				sendAsN8n(res, 200, { message }, call);
				return;
			}
			sendAsN8n(res, 200, responseData === 'allEntries' ? items : items[0], call);
		})();
		running.add(run);
		void run.finally(() => running.delete(run));
		await run;
	}

	async function handle(rawReq: IncomingMessage, rawRes: ServerResponse): Promise<void> {
		const req = rawReq as HarnessRequest;
		const res = expressResponse(rawRes);
		const url = new URL(req.url ?? '/', baseUrl);
		const method = req.method ?? 'GET';
		const description = descriptions.find((d) => evaluate<string>(d.httpMethod, 'GET') === method);
		if (url.pathname !== webhookPath || !description) {
			await readBody(req);
			send(res, 404, {
				code: 404,
				message: `The requested webhook "${method} ${url.pathname}" is not registered.`,
			});
			return;
		}
		parseIncomingMessage(req);
		const readRaw = async () => {
			if (req.rawBody !== undefined) return;
			req.rawBody = decode(await readBody(req), req.headers['content-encoding']);
			req._body = true;
		};
		req.readRawBody = readRaw;
		const parsable = /^(application\/json|text\/plain|application\/x-www-form-urlencoded)|[/+]xml$/.test(
			req.contentType ?? '',
		);
		if (node.typeVersion === 1 || parsable || req.contentType === 'multipart/form-data') {
			await readRaw();
		}
		req.query = parseQueryString(url.search.replace(/^\?/, '')) as IDataObject;
		req.params = {};
		req.path = url.pathname;
		const forwarded = req.headers['x-forwarded-for'];
		req.ip =
			options.trustProxy && typeof forwarded === 'string'
				? forwarded.split(',')[0].trim()
				: req.socket.remoteAddress;
		const call: WebhookCall = { method, nodeRan: false, executed: false, items: [] };
		calls.push(call);
		try {
			if (req.rawBody !== undefined) parseBody(req);
		} catch (error) {
			send(res, 422, {
				code: 422,
				message: 'Failed to parse request body',
				hint: (error as Error).message,
			});
			return;
		}
		const data = additionalData(req, res);
		const context = new WebhookContext(
			workflow,
			node,
			data,
			'webhook',
			webhookData(description, method, data),
			[],
			null,
		);
		let result: IWebhookResponseData;
		try {
			call.nodeRan = true;
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			call.thrown = error as Error;
			send(res, 500, {
				code: 0,
				message: 'Workflow Webhook Error: Workflow could not be started!',
			});
			return;
		}
		call.result = result;
		if (result.workflowData === undefined) {
			if (!result.noWebhookResponse) {
				send(
					res,
					200,
					result.webhookResponse !== undefined
						? result.webhookResponse
						: { message: 'Webhook call received' },
				);
			}
			return;
		}
		call.executed = true;
		call.items = result.workflowData[0] ?? [];
		if (result.noWebhookResponse) return;
		await respondAfterRun(res, description, result, call);
	}

	const server: Server = createServer((req, res) => {
		handle(req, res).catch((error: Error) => {
			if (!res.headersSent) {
				res.statusCode = 500;
				res.end(JSON.stringify({ message: `harness error: ${error.message}` }));
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url: `${baseUrl}${webhookPath}`,
		calls,
		logs,
		workflow,
		node,
		staticData: () => workflow.staticData as IDataObject,
		credentialStore: credentialsHelper.store,
		send: (sendOptions = {}) =>
			sendRequest(`${baseUrl}${sendOptions.path ?? webhookPath}`, sendOptions, calls),
		async lifecycle(methodName) {
			const description = descriptions[0];
			const data = additionalData();
			const context = new HookContext(
				workflow,
				node,
				data,
				'webhook',
				'activate',
				webhookData(description, String(description.httpMethod), data),
			);
			const fn = nodeType.webhookMethods?.default?.[methodName];
			if (!fn) throw new Error(`no ${methodName} lifecycle method`);
			return (await fn.call(context)) as boolean | undefined;
		},
		async idle() {
			while (running.size > 0) await Promise.allSettled([...running]);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

function sendRequest(
	base: string,
	options: SendOptions,
	calls: WebhookCall[],
): Promise<DriverResponse> {
	const url = new URL(base);
	if (typeof options.query === 'string') url.search = options.query;
	else if (options.query) {
		for (const [name, value] of Object.entries(options.query)) {
			for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, v);
		}
	}
	const headers: Record<string, string> = { ...options.headers };
	let payload: Buffer | undefined;
	if (options.body !== undefined) {
		const isRaw = typeof options.body === 'string' || Buffer.isBuffer(options.body);
		payload = isRaw
			? Buffer.from(options.body as string | Buffer)
			: Buffer.from(JSON.stringify(options.body));
		const type =
			options.contentType === undefined ? (isRaw ? null : 'application/json') : options.contentType;
		if (type !== null) headers['Content-Type'] = type;
		headers['Content-Length'] = String(payload.length);
	} else if (options.contentType) headers['Content-Type'] = options.contentType;
	const before = calls.length;
	return new Promise((resolve, reject) => {
		const req = request(url, { method: options.method ?? 'POST', headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json: unknown;
				try {
					json = text === '' ? undefined : JSON.parse(text);
				} catch {
					json = undefined;
				}
				resolve({
					status: res.statusCode ?? 0,
					headers: res.headers,
					text,
					json,
					call: calls[before],
				});
			});
		});
		req.on('error', reject);
		req.end(payload);
	});
}
