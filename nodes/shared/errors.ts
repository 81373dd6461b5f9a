import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

/**
 * The error to throw from an item loop's catch: n8n errors pass through untouched (they already carry the item index,
 * API context and fix hint); anything else becomes a NodeOperationError for that item.
 */
export function asNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** A reason as an error message: the same words, starting with a capital letter. */
export function sentence(reason: string): string {
	return reason.charAt(0).toUpperCase() + reason.slice(1);
}
