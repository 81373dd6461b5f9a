import { NodeOperationError, type INode } from 'n8n-workflow';

/**
 * n8n's node setting "Retry On Fail" re-runs an item after any error, including a timeout after which the call may
 * already be ringing: for a call start that can ring a patient twice. Such a node is refused before it dials,
 * unless the operation can tell a repeat from a first try (`safeToRepeat`, e.g. an external id looked up first).
 */
export function refuseBlindRetry(node: INode, itemIndex: number, safeToRepeat = false): void {
	if (node.retryOnFail !== true || safeToRepeat) return;
	throw new NodeOperationError(node, 'Retry On Fail is on for a node that starts calls', {
		itemIndex,
		description:
			'A retried start can ring the same person twice. Turn Retry On Fail off in the node settings' +
			' and plan further attempts in the workflow instead.',
	});
}
