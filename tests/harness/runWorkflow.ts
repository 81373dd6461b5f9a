import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import * as requestAuthentication from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/authentication';
import {
	Workflow,
	type ExecutionError,
	type ICredentialDataDecryptedObject,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IRun,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials';
import { TestNodeTypes } from './nodeTypes';

export interface WorkflowJson {
	name?: string;
	nodes: Array<Partial<INode> & Pick<INode, 'name' | 'type' | 'parameters'>>;
	connections: IConnections;
}

export interface RunOptions {
	/** credential data by credential type, e.g. { coMagicApi: { apiKey: '…' } } */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** defaults to the first node without inputs */
	startNode?: string;
	/**
	 * Emulate n8n-core 1.x's `httpRequestWithAuthentication`: it has no `preAuthenticationRetryStatusCode` option and
	 * re-sends a request once after any 401 it catches when the credentials helper has `preAuthentication` (ours
	 * does). Done by dropping that option, so 2.x's own catch-and-resend path runs with its default (401).
	 */
	n8nCore1AuthRetry?: boolean;
	/** the workflow's Timezone setting (IANA): what `this.getTimezone()` reads; n8n's default when unset */
	timezone?: string;
}

export interface RunResult {
	run: IRun;
	status: IRun['status'];
	credentials: TestCredentialsHelper;
	/** the workflow-level error (a node that failed without continueOnFail) */
	error: ExecutionError | undefined;
	/** items of a node's first output in its first run */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** just the json of those items */
	json(nodeName: string, outputIndex?: number): IDataObject[];
	/** the error a node ended with, if any */
	nodeError(nodeName: string): ExecutionError | undefined;
	/** every node name that ran */
	ranNodes(): string[];
}

const CREDENTIAL_ID = 'harness-credential';

/** Fills what the n8n editor adds to a node on save: id, version, position, credential references. */
function completeNode(node: WorkflowJson['nodes'][number], index: number, credentialTypes: string[]): INode {
	const nodeTypes = new TestNodeTypes();
	const description = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description;
	const credentials: INode['credentials'] = { ...(node.credentials ?? {}) };
	for (const c of description.credentials ?? []) {
		if (!credentials[c.name] && credentialTypes.includes(c.name)) {
			credentials[c.name] = { id: CREDENTIAL_ID, name: c.name };
		}
	}
	return {
		id: node.id ?? `node-${index}`,
		typeVersion: node.typeVersion ?? 1,
		position: node.position ?? [index * 200, 0],
		...node,
		credentials,
	} as INode;
}

/**
 * Runs a workflow in-process through n8n-core's WorkflowExecute with this package's node and credential types, the
 * way n8n runs a manual execution: real parameter resolution, real HTTP helpers, real error wrapping.
 */
export async function runWorkflow(workflowJson: WorkflowJson, options: RunOptions = {}): Promise<RunResult> {
	const credentialData = options.credentials ?? {};
	const nodes = workflowJson.nodes.map((n, i) => completeNode(n, i, Object.keys(credentialData)));
	const nodeTypes = new TestNodeTypes();
	const settings = { executionOrder: 'v1' as const, ...(options.timezone ? { timezone: options.timezone } : {}) };
	const workflow = new Workflow({
		id: 'harness',
		name: workflowJson.name ?? 'harness',
		nodes,
		connections: workflowJson.connections,
		active: false,
		nodeTypes,
		settings,
	});
	const workflowData: IWorkflowBase = {
		id: 'harness',
		name: workflow.name ?? 'harness',
		nodes,
		connections: workflowJson.connections,
		active: false,
		isArchived: false,
		settings,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;
	const credentialsHelper = new TestCredentialsHelper(credentialData);
	const additionalData = {
		executionId: 'harness-execution',
		credentialsHelper,
		hooks: new ExecutionLifecycleHooks('manual', 'harness-execution', workflowData),
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		variables: {},
		currentNodeExecutionIndex: 0,
		userId: 'harness-user',
	} as unknown as IWorkflowExecuteAdditionalData;

	const startName =
		options.startNode ??
		nodes.find((n) => (nodeTypes.getByNameAndVersion(n.type, n.typeVersion).description.inputs as unknown[]).length === 0)
			?.name;
	const startNode = startName ? workflow.getNode(startName) ?? undefined : undefined;
	const run = await withAuthRetryOf1x(
		options.n8nCore1AuthRetry === true,
		async () => await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode }),
	);

	const runData = run.data.resultData.runData;
	const output = (name: string, outputIndex = 0) => runData[name]?.[0]?.data?.main?.[outputIndex] ?? [];
	return {
		run,
		status: run.status,
		credentials: credentialsHelper,
		error: run.data.resultData.error,
		output,
		json: (name, outputIndex) => output(name, outputIndex).map((item) => item.json),
		nodeError: (name) => runData[name]?.[0]?.error,
		ranNodes: () => Object.keys(runData),
	};
}

type AuthenticatedRequest = typeof requestAuthentication.httpRequestWithAuthentication;

/** n8n-core's helper factory reads the module's export at call time, so swapping it for one run is enough. */
async function withAuthRetryOf1x<T>(enabled: boolean, run: () => Promise<T>): Promise<T> {
	if (!enabled) return await run();
	const module = requestAuthentication as { httpRequestWithAuthentication: AuthenticatedRequest };
	const original = module.httpRequestWithAuthentication;
	module.httpRequestWithAuthentication = async function (
		this: ThisParameterType<AuthenticatedRequest>,
		...args
	) {
		const [type, options, workflow, node, data, additional] = args;
		const { preAuthenticationRetryStatusCode: _ignoredBy1x, ...rest } = additional ?? {};
		return await original.call(this, type, options, workflow, node, data, rest);
	} as AuthenticatedRequest;
	try {
		return await run();
	} finally {
		module.httpRequestWithAuthentication = original;
	}
}

/** A two-node workflow: a start node emitting `items`, then `node` — the common shape of node tests. */
export function singleNodeWorkflow(
	node: { type: string; parameters: INode['parameters']; name?: string } & Partial<INode>,
	items: IDataObject[] = [{}],
): WorkflowJson {
	const name = node.name ?? 'Node';
	return {
		nodes: [
			{ name: 'Start', type: 'test.start', parameters: { items: JSON.stringify(items) } },
			{ ...node, name },
		],
		connections: { Start: { main: [[{ node: name, type: 'main', index: 0 }]] } },
	};
}
