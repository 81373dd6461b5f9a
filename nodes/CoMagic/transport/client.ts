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
import { KEY_SESSION_TOKEN } from './preAuthentication';
import type { LimitsMetadata, RpcMetadata, RpcResult } from './rpcResult';

const CREDENTIAL_TYPE = 'coMagicApi';

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
/** refresh a session this long before expire_at, like the published PHP clients of the API do */
const REFRESH_MARGIN_SECONDS = 60;
/** a session issued this recently cannot have run out (login.user sessions live 1 hour) */
const FRESH_MS = 50 * 60 * 1000;
const DEFAULT_MAX_LIMIT_WAIT = 90;
const LOGIN_FAILURE = /CoMagic login\.user(?: on the (\w+ API))?: (.*?) \((\w+)(?:, (-?\d+))?\)/;

/** How the next request renews the session: not at all, login.user as stored, or one session per API. */
type Renewal = 'none' | 'session' | 'perApi';

/**
 * The only place that speaks JSON-RPC to CoMagic: envelopes, the access token (through the credential's
 * authenticate/preAuthentication), session refresh, errors → NodeApiError with a fix hint, and minute limits.
 */
export class CoMagicClient {
	/** the limits metadata of the last answer (for "Include API Limits") */
	lastLimits: LimitsMetadata | undefined;

	private nextId = 1;

	/** when this run saw the current session issued (n8n logs in on first use when the token is empty) */
	private sessionIssuedAt: number | undefined;

	private constructor(
		private readonly ctx: Context,
		private credentials: CoMagicCredentials,
	) {
		if (this.usesSession && !credentials.sessionToken) this.sessionIssuedAt = Date.now();
	}

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
		this.remember();
		return [...this.known];
	}

	private remember(): void {
		for (const secret of secretsOf(this.credentials)) this.known.add(secret);
	}

	/** Takes over the session(s) n8n's preAuthentication wrote into `fresh` (and keeps the old ones as secrets). */
	private adopt(fresh: CoMagicCredentials): void {
		if (typeof fresh.sessionToken !== 'string' || fresh.sessionToken === '') return;
		this.remember();
		this.credentials = {
			...this.credentials,
			sessionToken: fresh.sessionToken,
			sessionExpiresAt: Number(fresh.sessionExpiresAt ?? 0),
			sessionPerApi: fresh.sessionPerApi === true,
			callSessionToken: fresh.callSessionToken,
			callSessionExpiresAt: Number(fresh.callSessionExpiresAt ?? 0),
		};
		this.sessionIssuedAt = Date.now();
	}

	private known = new Set<string>();

	private get usesSession(): boolean {
		return this.credentials.authentication === 'loginPassword';
	}

	private sessionDue(): boolean {
		const expiries = [this.credentials.sessionExpiresAt];
		if (this.credentials.sessionPerApi === true)
			expiries.push(this.credentials.callSessionExpiresAt);
		const expiresAt = Math.min(...expiries.map((e) => Number(e ?? 0) || Infinity));
		if (!this.usesSession || !this.credentials.sessionToken || expiresAt === Infinity) return false;
		return Date.now() / 1000 >= expiresAt - REFRESH_MARGIN_SECONDS;
	}

	/**
	 * What to do when an API refuses the session token. A login once more covers an expired session. When the Call
	 * API refuses a session that is fresh (the Data API issued it minutes ago), the account does not share sessions
	 * between the APIs: log in on the Call API as well and keep that token apart, once; the credential remembers it.
	 */
	private renewalFor(api: ApiKind, tried: Set<Renewal>): Renewal | undefined {
		if (!this.usesSession) return undefined;
		const fresh = Date.now() - (this.sessionIssuedAt ?? -Infinity) < FRESH_MS;
		if (api === 'call' && this.credentials.sessionPerApi !== true && !tried.has('perApi') && fresh)
			return 'perApi';
		return tried.has('session') ? undefined : 'session';
	}

	/** One JSON-RPC call; returns result.data and result.metadata or throws a NodeApiError. */
	async request<T = unknown>(
		api: ApiKind,
		method: string,
		params: IDataObject,
		options: RequestOptions,
	): Promise<RpcResult<T>> {
		const tried = new Set<Renewal>();
		let waited = 0;
		let renewal: Renewal = this.sessionDue() ? 'session' : 'none';
		const maxWait = options.maxLimitWaitSeconds ?? DEFAULT_MAX_LIMIT_WAIT;
		for (;;) {
			tried.add(renewal);
			const body = await this.send(api, method, params, options.itemIndex, renewal);
			renewal = 'none';
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
			const next = TOKEN_ERRORS.has(mnemonic) ? this.renewalFor(api, tried) : undefined;
			if (next) {
				renewal = next;
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
		renewal: Renewal,
	): Promise<{ result?: { data?: unknown; metadata?: unknown }; error?: unknown }> {
		const url = apiUrl(this.credentials, api);
		const requestOptions: IHttpRequestOptions = {
			method: 'POST',
			url,
			body: { jsonrpc: '2.0', id: this.nextId++, method, params },
			headers: { 'Content-Type': 'application/json; charset=UTF-8' },
			json: true,
		};
		const stored = this.credentials as unknown as ICredentialDataDecryptedObject;
		let data: ICredentialDataDecryptedObject | undefined;
		let fresh: ICredentialDataDecryptedObject | undefined;
		if (renewal !== 'none') {
			// An emptied session token makes n8n run the credential's preAuthentication (login.user) and store
			// the new token, exactly as on an HTTP 401; sessionPerApi makes it log in on the Call API too.
			fresh = {
				...stored,
				sessionToken: '',
				sessionExpiresAt: 0,
				...(renewal === 'perApi' ? { sessionPerApi: true } : {}),
			};
			data = fresh;
		} else if (!this.usesSession) {
			// a key has no session: a filled token keeps n8n from running the credential test's Data API check
			// (preAuthentication, see KEY_SESSION_TOKEN) before every request
			data = { ...stored, sessionToken: KEY_SESSION_TOKEN };
		}
		const reference = this.ctx.getNode().credentials?.[CREDENTIAL_TYPE];
		const extra: IAdditionalCredentialOptions | undefined = data && {
			credentialsDecrypted: {
				id: reference?.id ?? '',
				name: reference?.name ?? CREDENTIAL_TYPE,
				type: CREDENTIAL_TYPE,
				data,
			},
		};
		let response: unknown;
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
		if (fresh) this.adopt(fresh as unknown as CoMagicCredentials);
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
			// preAuthentication (login.user) refused: report it like any API error, with its code and hint
			const [, api, text, mnemonic, code] = login;
			return apiError(
				this.ctx.getNode(),
				{ message: text, code: code === undefined ? undefined : Number(code), data: { mnemonic } },
				{
					method: api ? `login.user on the ${api}` : 'login.user',
					itemIndex,
					secrets: this.secrets,
				},
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
