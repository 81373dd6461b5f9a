import type { IDataObject } from 'n8n-workflow';

import type { CoMagicClient } from './client';
import type { RpcResult } from './rpcResult';
import { halveWindow, type Window } from './windows';

/** Data API paging caps: limit ≤ 10,000, offset ≤ 100,000 (https://comagic.github.io/data_api/). */
export const MAX_PAGE = 10000;
export const MAX_OFFSET = 100000;

export interface PagingOptions {
	returnAll: boolean;
	/** used when returnAll is false */
	limit?: number;
	itemIndex: number;
	maxLimitWaitSeconds?: number;
}

function wanted(options: PagingOptions): number {
	return options.returnAll ? Number.POSITIVE_INFINITY : Math.max(0, options.limit ?? 50);
}

/**
 * Pages through one query with the biggest pages the API allows; `total_items` says when to stop, so no request
 * is spent on an empty last page.
 */
async function pageThrough(
	client: CoMagicClient,
	method: string,
	params: IDataObject,
	need: number,
	options: PagingOptions,
	onFirst?: (first: RpcResult<IDataObject[]>) => boolean,
): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	let offset = 0;
	for (;;) {
		const limit = Math.min(MAX_PAGE, need - rows.length);
		if (limit <= 0) return rows;
		const page = await client.request<IDataObject[]>(
			'data',
			method,
			{ ...params, limit, offset },
			{
				read: true,
				itemIndex: options.itemIndex,
				maxLimitWaitSeconds: options.maxLimitWaitSeconds,
			},
		);
		if (offset === 0 && onFirst && !onFirst(page)) return [];
		const data = Array.isArray(page.data) ? page.data : [];
		for (const row of data) rows.push(row);
		offset += data.length;
		const total = page.metadata.total_items;
		const more = typeof total === 'number' ? offset < total : data.length === limit;
		if (!more || data.length === 0 || offset > MAX_OFFSET) return rows;
	}
}

/** get.* directories (employees, numbers, campaigns, tags): no date range. */
export async function getAllItems(
	client: CoMagicClient,
	method: string,
	params: IDataObject,
	options: PagingOptions,
): Promise<IDataObject[]> {
	return await pageThrough(client, method, params, wanted(options), options);
}

/**
 * A report over any number of 3-month windows, oldest first. A window holding more rows than offset paging reaches
 * (offset ≤ 100,000) is halved by time and tried again.
 */
export async function getReportRows(
	client: CoMagicClient,
	method: string,
	params: IDataObject,
	windows: Window[],
	options: PagingOptions,
): Promise<IDataObject[]> {
	const need = wanted(options);
	const queue = [...windows];
	const rows: IDataObject[] = [];
	while (queue.length && rows.length < need) {
		const window = queue.shift() as Window;
		const windowRows = await pageThrough(
			client,
			method,
			{ ...params, date_from: window.from, date_till: window.till },
			need - rows.length,
			options,
			(first) => {
				const total = first.metadata.total_items;
				const reachable = MAX_OFFSET + MAX_PAGE;
				if (typeof total !== 'number' || total <= reachable || need - rows.length <= reachable)
					return true;
				const halves = halveWindow(window);
				if (halves.length < 2) return true;
				queue.unshift(...halves);
				return false;
			},
		);
		for (const row of windowRows) rows.push(row);
	}
	return rows;
}
