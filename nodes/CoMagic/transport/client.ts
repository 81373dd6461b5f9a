import {
	sleep,
	type IAdditionalCredentialOptions,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
} from 'n8n-workflow';

import {
	accountZone,
	apiUrl,
	asCredentials,
	mediaBaseUrl,
	secretsOf,
	type ApiKind,
	type CoMagicCredentials,
} from './config';
import { apiError, mnemonicOf, redact, transportError, type RpcErrorBody } from './errors';

export const CREDENTIAL_TYPE = 'coMagicApi';

export interface LimitsMetadata {
	day_limit?: number;
	day_remaining?: number;
	day_reset?: number;
	minute_limit?: number;
	minute_remaining?: number;
	minute_reset?: number;
}

export interface RpcMetadata {
	limits?: LimitsMetadata;
	total_items?: number;
	[key: string]: unknown;
}

export interface RpcResult<T = unknown> {
	data: T;
	metadata: RpcMetadata;
}

export interface RequestOptions {
	itemIndex?: number;
	/**
	 * Reads may be sent again after waiting out a minute limit. Anything else (start.*) is sent once: a repeat can
	 * ring a patient twice.
	 */
	read: boolean;
	/** total seconds a read may spend waiting out `limit_exceeded` (default 90) */
	maxLimitWaitSeconds?: number;
}

type Context = IExecuteFunctions | ILoadOptionsFunctions;

const TOKEN_ERRORS = new Set(['access_token_invalid', 'access_token_expired']);
/** refresh a session this long before expire_at, like the vendor's PHP clients do (reference §1.1) */
const REFRESH_MARGIN_SECONDS = 60;
const DEFAULT_MAX_LIMIT_WAIT = 90;
const LOGIN_FAILURE = /CoMagic login\.user: (.*) \((\w+)\)/;

/**
 * The only place that speaks JSON-RPC to CoMagic: envelopes, the access token (through the credential's
 * authenticate/preAuthentication), session refresh, errors → NodeApiError with a fix hint, and minute limits.
 */
export class CoMagicClient {
	/** the limits metadata of the last answer (for "Include API Limits") */
	lastLimits: LimitsMetadata | undefined;

	/** requests sent by this client (tests and the benchmark read the sandbox log instead) */
	requests = 0;

	private nextId = 1;

	private constructor(
		private readonly ctx: Context,
		private credentials: CoMagicCredentials,
	) {}

	static async create(ctx: Context): Promise<CoMagicClient> {
		const data = await ctx.getCredentials(CREDENTIAL_TYPE);
		return new CoMagicClient(ctx, asCredentials(data));
	}

	get zone(): string {
		return accountZone(this.credentials);
	}

	get mediaBaseUrl(): string {
		return mediaBaseUrl(this.credentials);
	}

	/** every secret this client has held (a replaced session token included) */
	get secrets(): string[] {
		for (const secret of secretsOf(this.credentials)) this.known.add(secret);
		return [...this.known];
	}

	private known = new Set<string>();

	private get usesSession(): boolean {
		return this.credentials.authentication === 'loginPassword';
	}

	private sessionDue(): boolean {
		const expiresAt = Number(this.credentials.sessionExpiresAt ?? 0);
		if (!this.usesSession || !this.credentials.sessionToken || !expiresAt) return false;
		return Date.now() / 1000 >= expiresAt - REFRESH_MARGIN_SECONDS;
	}

	/** One JSON-RPC call; returns result.data and result.metadata or throws a NodeApiError. */
	async request<T = unknown>(
		api: ApiKind,
		method: string,
		params: IDataObject,
		options: RequestOptions,
	): Promise<RpcResult<T>> {
		let relogged = false;
		let waited = 0;
		let relogin = this.sessionDue();
		const maxWait = options.maxLimitWaitSeconds ?? DEFAULT_MAX_LIMIT_WAIT;
		for (;;) {
			const body = await this.send(api, method, params, options.itemIndex, relogin);
			relogin = false;
			if (body.result) {
				const metadata = (body.result.metadata ?? {}) as RpcMetadata;
				if (metadata.limits) this.lastLimits = metadata.limits;
				return { data: body.result.data as T, metadata };
			}
			const error = body.error as RpcErrorBody;
			const mnemonic = mnemonicOf(error);
			const limits = error.data?.metadata?.limits;
			if (limits) this.lastLimits = limits as LimitsMetadata;
			// Token errors are answered before the method runs (no points, no call placed), so sending again after
			// a fresh login.user is safe even for start.*. CoMagic says so in an HTTP 200 body, where n8n's
			// 401-driven refresh never fires.
			if (TOKEN_ERRORS.has(mnemonic) && this.usesSession && !relogged) {
				relogged = true;
				relogin = true;
				continue;
			}
			if (mnemonic === 'limit_exceeded' && options.read) {
				const seconds = this.limitWait(error);
				if (seconds !== undefined && waited + seconds <= maxWait) {
					waited += seconds;
					await sleep(seconds * 1000);
					continue;
				}
			}
			throw apiError(this.ctx.getNode(), error, {
				method,
				itemIndex: options.itemIndex,
				secrets: this.secrets,
			});
		}
	}

	/** Seconds until the minute limit resets; undefined for the day limit (hours are not worth blocking for). */
	private limitWait(error: RpcErrorBody): number | undefined {
		const params = error.data?.params ?? {};
		const type = String(
			params.limit_type ?? /per (minute|day)/.exec(error.message ?? '')?.[1] ?? 'minute',
		);
		if (type !== 'minute') return undefined;
		const reset = Number(error.data?.metadata?.limits?.minute_reset);
		// +1 s: the counter flips at the boundary, being early costs another refused request
		return Number.isFinite(reset) && reset > 0 ? Math.min(reset, 60) + 1 : 61;
	}

	private async send(
		api: ApiKind,
		method: string,
		params: IDataObject,
		itemIndex: number | undefined,
		relogin: boolean,
	): Promise<{ result?: { data?: unknown; metadata?: unknown }; error?: unknown }> {
		const url = apiUrl(this.credentials, api);
		const requestOptions: IHttpRequestOptions = {
			method: 'POST',
			url,
			body: { jsonrpc: '2.0', id: this.nextId++, method, params },
			headers: { 'Content-Type': 'application/json; charset=UTF-8' },
			json: true,
		};
		let extra: IAdditionalCredentialOptions | undefined;
		let fresh: ICredentialDataDecryptedObject | undefined;
		if (relogin) {
			// An emptied session token makes n8n run the credential's preAuthentication (login.user) and store
			// the new token, exactly as on an HTTP 401.
			const reference = this.ctx.getNode().credentials?.[CREDENTIAL_TYPE];
			fresh = {
				...(this.credentials as unknown as ICredentialDataDecryptedObject),
				sessionToken: '',
				sessionExpiresAt: 0,
			};
			extra = {
				credentialsDecrypted: {
					id: reference?.id ?? '',
					name: reference?.name ?? CREDENTIAL_TYPE,
					type: CREDENTIAL_TYPE,
					data: fresh,
				},
			};
		}
		let response: unknown;
		this.requests++;
		try {
			response = await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				CREDENTIAL_TYPE,
				requestOptions,
				extra,
			);
		} catch (caught) {
			throw this.failure(caught, method, url, itemIndex);
		}
		if (fresh && typeof fresh.sessionToken === 'string' && fresh.sessionToken !== '') {
			this.credentials = {
				...this.credentials,
				sessionToken: fresh.sessionToken,
				sessionExpiresAt: Number(fresh.sessionExpiresAt ?? 0),
			};
		}
		const body = (typeof response === 'string' ? safeJson(response) : response) as {
			result?: { data?: unknown; metadata?: unknown };
			error?: unknown;
		};
		if (!body || typeof body !== 'object' || (!body.result && !body.error)) {
			throw transportError(
				this.ctx.getNode(),
				{ message: 'the answer is not a JSON-RPC response' },
				{ method, url, itemIndex, secrets: this.secrets },
			);
		}
		return body;
	}

	private failure(caught: unknown, method: string, url: string, itemIndex: number | undefined) {
		const message = String((caught as { message?: string })?.message ?? '');
		const login = LOGIN_FAILURE.exec(message);
		if (login) {
			// preAuthentication (login.user) refused: report it like any API error, with its hint
			return apiError(
				this.ctx.getNode(),
				{ message: login[1], data: { mnemonic: login[2] } },
				{ method: 'login.user', itemIndex, secrets: this.secrets },
			);
		}
		return transportError(this.ctx.getNode(), caught, {
			method,
			url: redact(url, this.secrets),
			itemIndex,
			secrets: this.secrets,
		});
	}
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
