import axios from 'axios';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../sandbox';
import type { CoMagicOptions } from '../../sandbox/comagic';
import {
	COMAGIC_ACCESS_KEY,
	COMAGIC_LOGIN,
	COMAGIC_PASSWORD,
} from '../../sandbox/comagic/defaults';
import { PACKAGE, runWorkflow, singleNodeWorkflow, type RunResult } from '../harness';

export interface LogEntry {
	seq: number;
	url: string;
	direction: string;
	rpcMethod?: string;
	body?: string;
}

/** What the control API answers (each route fills some of these). */
export interface ControlAnswer {
	[key: string]: unknown;
	entries?: LogEntry[];
	now?: string;
	expired?: number;
}

export interface RpcRequestBody {
	method?: string;
	params: IDataObject;
}

export interface RpcAnswer {
	result: { data: IDataObject[] & IDataObject; metadata: IDataObject };
	error?: IDataObject;
}

/** Shared set-up of the CoMagic node tests: one sandbox, credentials pointing at it, log and control helpers. */
export interface CoMagicTestEnv {
	sandbox: Sandbox;
	keyCredentials(): IDataObject;
	loginCredentials(extra?: IDataObject): IDataObject;
	run(
		parameters: object,
		options?: {
			items?: IDataObject[];
			credentials?: IDataObject;
			continueOnFail?: boolean;
			/** n8n's node setting Retry On Fail */
			retryOnFail?: boolean;
		},
	): Promise<RunResult>;
	control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<ControlAnswer>;
	/** JSON-RPC requests the sandbox received since the mark (rpc method + parsed body) */
	rpcLog(
		since?: number,
	): Promise<Array<{ seq: number; url: string; rpcMethod?: string; body: RpcRequestBody }>>;
	mark(): Promise<number>;
	/** a Data API call straight to the sandbox with the key (arranging test data) */
	data(method: string, params: IDataObject): Promise<RpcAnswer>;
	call(method: string, params: IDataObject): Promise<RpcAnswer>;
	stop(): Promise<void>;
}

export async function startEnv(options: CoMagicOptions = {}): Promise<CoMagicTestEnv> {
	const sandbox = await startSandbox({ port: 0, comagic: options });
	const base = () => ({
		platform: 'custom',
		callApiUrl: sandbox.urls.comagicCallApi,
		dataApiUrl: sandbox.urls.comagicDataApi,
		timezone: 'Europe/Moscow',
	});
	const control = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => {
		const res = await axios.request({
			method,
			url: `${sandbox.baseUrl}/_control/${path}`,
			data: body,
			validateStatus: () => true,
		});
		if (res.status >= 400)
			throw new Error(`control ${path}: ${res.status} ${JSON.stringify(res.data)}`);
		return res.data as ControlAnswer;
	};
	const log = async (since = 0) => {
		const { entries = [] } = await control('GET', `log?module=comagic&since=${since}`);
		return entries
			.filter((e) => e.direction === 'in')
			.map((e) => ({
				seq: e.seq,
				url: e.url,
				rpcMethod: e.rpcMethod,
				body: (e.body ? safeParse(e.body) : { params: {} }) as RpcRequestBody,
			}));
	};
	const rpc = (url: string) => async (method: string, params: IDataObject) =>
		(
			await axios.post(url, {
				jsonrpc: '2.0',
				id: 1,
				method,
				params: { access_token: COMAGIC_ACCESS_KEY, ...params },
			})
		).data as RpcAnswer;
	return {
		sandbox,
		keyCredentials: () => ({ ...base(), authentication: 'apiKey', apiKey: COMAGIC_ACCESS_KEY }),
		loginCredentials: (extra = {}) => ({
			...base(),
			authentication: 'loginPassword',
			login: COMAGIC_LOGIN,
			password: COMAGIC_PASSWORD,
			...extra,
		}),
		async run(parameters, opts = {}) {
			const workflow = singleNodeWorkflow(
				{
					type: `${PACKAGE}.coMagic`,
					parameters: parameters as INodeParameters,
					continueOnFail: opts.continueOnFail ?? false,
					...(opts.retryOnFail ? { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 } : {}),
				},
				opts.items ?? [{}],
			);
			const credentials = opts.credentials ?? {
				...base(),
				authentication: 'apiKey',
				apiKey: COMAGIC_ACCESS_KEY,
			};
			return await runWorkflow(workflow, {
				credentials: { coMagicApi: credentials as ICredentialDataDecryptedObject },
			});
		},
		control,
		rpcLog: log,
		async mark() {
			const entries = await log(0);
			return entries.length ? entries[entries.length - 1].seq : 0;
		},
		data: rpc(sandbox.urls.comagicDataApi),
		call: rpc(sandbox.urls.comagicCallApi),
		stop: () => sandbox.stop(),
	};
}

function safeParse(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** Every string reachable from a value (own properties, enumerable or not), to hunt for leaked secrets. */
export function allStrings(value: unknown, seen = new Set<unknown>()): string[] {
	if (typeof value === 'string') return [value];
	if (value === null || typeof value !== 'object' || seen.has(value)) return [];
	seen.add(value);
	const out: string[] = [];
	for (const key of Object.getOwnPropertyNames(value)) {
		let child: unknown;
		try {
			child = (value as Record<string, unknown>)[key];
		} catch {
			continue;
		}
		out.push(key, ...allStrings(child, seen));
	}
	return out;
}

/**
 * One sandbox for the whole test file, reset before each test. The returned object is filled in by beforeAll, so
 * tests use it as they would the result of startEnv.
 */
export function useCoMagicEnv(options: CoMagicOptions = { callDurationMs: 0 }): CoMagicTestEnv {
	const env = {} as CoMagicTestEnv;
	beforeAll(async () => {
		Object.assign(env, await startEnv(options));
	});
	afterAll(() => env.stop());
	beforeEach(async () => {
		await env.control('POST', 'reset');
	});
	return env;
}
