/**
 * The JSON-RPC 2.0 envelope both CoMagic APIs speak: `{jsonrpc, id, method, params}` in, always HTTP 200 out with
 * `result.data` + `result.metadata` or an `error` (https://comagic.github.io/call_api/).
 */
import { RpcError, rpcErrors } from './errors';

export type RpcId = string | number | null;

export interface RpcRequest {
	id: string | number;
	method: string;
	params: Record<string, unknown>;
}

/** Validates the envelope; throws RpcError with the id it could read. */
export function parseEnvelope(text: string): RpcRequest {
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw rpcErrors.parse();
	}
	if (Array.isArray(body)) throw rpcErrors.batch();
	if (typeof body !== 'object' || body === null) throw rpcErrors.invalidRequest();
	const envelope = body as Record<string, unknown>;
	if (!('id' in envelope)) throw rpcErrors.notification();
	const id = envelope.id;
	if (typeof id !== 'string' && typeof id !== 'number') throw rpcErrors.invalidRequest('id', id);
	const fail = (field: string, value: unknown) => {
		const error = rpcErrors.invalidRequest(field, value);
		(error as RpcError & { id?: RpcId }).id = id;
		return error;
	};
	if (envelope.jsonrpc !== '2.0') throw fail('jsonrpc', envelope.jsonrpc ?? null);
	if (typeof envelope.method !== 'string' || envelope.method === '') {
		throw fail('method', envelope.method ?? null);
	}
	for (const key of Object.keys(envelope)) {
		if (!['jsonrpc', 'id', 'method', 'params'].includes(key)) throw fail(key, envelope[key]);
	}
	const params = envelope.params;
	if (
		params !== undefined &&
		(typeof params !== 'object' || params === null || Array.isArray(params))
	) {
		const error = rpcErrors.dataType('params', params);
		(error as RpcError & { id?: RpcId }).id = id;
		throw error;
	}
	return { id, method: envelope.method, params: (params ?? {}) as Record<string, unknown> };
}

/** The id an envelope error belongs to (null when it could not be read). */
export function errorId(error: RpcError): RpcId {
	return (error as RpcError & { id?: RpcId }).id ?? null;
}

export function successBody(id: RpcId, data: unknown, metadata: Record<string, unknown>): unknown {
	return { jsonrpc: '2.0', id, result: { data, metadata } };
}

export function errorBody(id: RpcId, error: RpcError, metadata: Record<string, unknown>): unknown {
	return {
		jsonrpc: '2.0',
		id,
		error: {
			code: error.code,
			message: error.message,
			data: {
				mnemonic: error.mnemonic,
				field: error.field,
				value: error.value ?? null,
				params: error.params,
				extended_helper: null,
				metadata,
			},
		},
	};
}
