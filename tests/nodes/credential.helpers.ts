import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	createEmptyRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type INode,
	type INodeType,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { CREDENTIAL_TYPES, TestCredentialsHelper } from '../harness';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

const REFERENCE = { id: 'tested-credential', name: 'Tested credential' };

/**
 * n8n's credential tester for a credential with a `test` request (runRequestTest of n8n's CredentialsTester, 1.123
 * and 2.41): the stored data with defaults applied, a throw-away node named `noOp` whose one parameter routes the test
 * request, sent by n8n-core's RoutingNode (httpRequestWithAuthentication: preAuthentication under n8n's own
 * condition, then authenticate), then the rules. The node type is named like n8n's tester names it, which is why
 * n8n's "testing credentials" condition (it wants `n8n-nodes-base.noOp`) never holds there either.
 */
export async function testCredential(
	typeName: string,
	stored: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult & { helper: TestCredentialsHelper }> {
	const test = CREDENTIAL_TYPES[typeName].test;
	if (!test) throw new Error(`${typeName} has no test request`);
	const helper = new TestCredentialsHelper({ [typeName]: stored });
	const data = await helper.getDecrypted(undefined, REFERENCE, typeName);
	const nodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'noOp',
			group: ['organization'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: typeName, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: test.request },
				},
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [typeName]: REFERENCE },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	// of n8n's additional data the test request needs only the credentials helper (no run, no webhooks)
	const additionalData = {
		credentialsHelper: helper,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routing = new RoutingNode(context, nodeType, { ...REFERENCE, type: typeName, data });
	let body: Record<string, unknown>;
	try {
		const [[first]] = (await routing.runNode()) ?? [[]];
		body = first.json;
	} catch (error) {
		return { status: 'Error', message: (error as Error).message, helper };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const value = rule.properties.key
			.split('.')
			.reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], body);
		if (value === rule.properties.value)
			return { status: 'Error', message: rule.properties.message, helper };
	}
	return { status: 'OK', message: 'Connection tested successfully', helper };
}
