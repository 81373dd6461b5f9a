/** What one JSON-RPC answer of either CoMagic API carries besides its data. */

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
