import {
	deepCopy,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type IRequestOptionsSimplified,
} from 'n8n-workflow';

import { CoMagicApi } from '../../credentials/CoMagicApi.credentials';
import { CoMagicTriggerApi } from '../../credentials/CoMagicTriggerApi.credentials';
import { MttVoiceboxApi } from '../../credentials/MttVoiceboxApi.credentials';
import { MttVoiceboxTriggerApi } from '../../credentials/MttVoiceboxTriggerApi.credentials';

export const CREDENTIAL_TYPES: Record<string, ICredentialType> = {
	coMagicApi: new CoMagicApi(),
	coMagicTriggerApi: new CoMagicTriggerApi(),
	mttVoiceboxApi: new MttVoiceboxApi(),
	mttVoiceboxTriggerApi: new MttVoiceboxTriggerApi(),
};

type Expression = Workflow['expression'];

function resolve(value: unknown, credentials: ICredentialDataDecryptedObject, workflow: Workflow, node: INode) {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const expression: Expression = workflow.expression;
	return expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
}

/**
 * Credentials as n8n's own CredentialsHelper treats them: defaults applied to stored data, generic and function
 * `authenticate`, `preAuthentication` for expirable hidden fields (run when the field is empty or the caller says the
 * token expired) with the new value written back to the store, so tests see what n8n would persist.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** stored data per credential type (one credential of each type per run); updates land here */
	readonly store: Record<string, ICredentialDataDecryptedObject>;
	readonly updates: Array<{ type: string; data: ICredentialDataDecryptedObject }> = [];
	preAuthenticationCalls = 0;

	constructor(data: Record<string, ICredentialDataDecryptedObject>) {
		super();
		this.store = deepCopy(data);
	}

	private type(name: string): ICredentialType {
		const type = CREDENTIAL_TYPES[name];
		if (!type) throw new Error(`Unknown credential type ${name} in the test harness`);
		return type;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const auth = this.type(typeName).authenticate;
		const options = requestOptions as IHttpRequestOptions;
		if (typeof auth === 'function') return await auth(credentials, options);
		if (!auth || auth.type !== 'generic' || !workflow || !node) return options;
		for (const key of ['headers', 'qs', 'body', 'auth'] as const) {
			const entries = auth.properties[key] as Record<string, unknown> | undefined;
			if (!entries) continue;
			const target = { ...((options[key] as Record<string, unknown> | undefined) ?? {}) };
			for (const [name, value] of Object.entries(entries)) {
				target[name] = resolve(value, credentials, workflow, node);
			}
			(options as unknown as Record<string, unknown>)[key] = target;
		}
		return options;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.preAuthenticationCalls++;
		const output = (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		Object.assign(credentials, output);
		this.store[typeName] = { ...this.store[typeName], ...output };
		this.updates.push({ type: typeName, data: deepCopy(output) });
		return credentials;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(_details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new Error(`getCredentials(${type}) is not used by the harness`);
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store[type];
		if (!stored) throw new Error(`No "${type}" credential was given to the harness run`);
		const properties = this.getCredentialsProperties(type);
		const withDefaults = NodeHelpers.getNodeParameters(
			properties,
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return deepCopy({ ...(withDefaults as ICredentialDataDecryptedObject), ...stored });
	}

	async updateCredentials(
		_details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = deepCopy(data);
		this.updates.push({ type, data: deepCopy(data) });
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}
}
