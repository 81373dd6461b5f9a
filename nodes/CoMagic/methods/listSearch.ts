import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { CoMagicClient } from '../transport';

/**
 * Dropdown searches. Directories are small (employees, numbers, tags), so one page is fetched and filtered here:
 * which fields the Data API lets one filter by differs per method and is not fully documented.
 */
async function directory(
	ctx: ILoadOptionsFunctions,
	method: string,
	fields: string[],
): Promise<IDataObject[]> {
	const client = await CoMagicClient.create(ctx);
	const { data } = await client.request<IDataObject[]>(
		'data',
		method,
		{ fields, limit: 1000 },
		{ read: true, maxLimitWaitSeconds: 0 },
	);
	return Array.isArray(data) ? data : [];
}

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((t) =>
		String(t ?? '')
			.toLowerCase()
			.includes(needle),
	);
}

export async function searchEmployees(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const rows = await directory(this, 'get.employees', ['id', 'full_name', 'login']);
	return {
		results: rows
			.filter((r) => matches(filter, r.full_name, r.login, r.id))
			.map((r) => ({
				name: `${String(r.full_name ?? r.login ?? r.id)} (${String(r.id)})`,
				value: String(r.id),
			})),
	};
}

export async function searchVirtualNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const rows = await directory(this, 'get.virtual_numbers', ['id', 'virtual_phone_number', 'name']);
	return {
		results: rows
			.filter((r) => matches(filter, r.virtual_phone_number, r.name))
			.map((r) => ({
				name: r.name
					? `${String(r.virtual_phone_number)} — ${String(r.name)}`
					: String(r.virtual_phone_number),
				value: String(r.virtual_phone_number),
			})),
	};
}

export async function searchTags(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const rows = await directory(this, 'get.tags', ['id', 'name', 'is_system']);
	return {
		results: rows
			.filter((r) => matches(filter, r.name, r.id))
			.map((r) => ({ name: String(r.name ?? r.id), value: String(r.id) })),
	};
}

export async function searchCampaigns(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const rows = await directory(this, 'get.campaigns', ['id', 'name', 'status']);
	return {
		results: rows
			.filter((r) => matches(filter, r.name, r.id))
			.map((r) => ({ name: String(r.name ?? r.id), value: String(r.id) })),
	};
}
