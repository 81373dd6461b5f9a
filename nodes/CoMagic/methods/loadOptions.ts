import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { searchCampaigns, searchTags } from './listSearch';

/** Plain dropdowns (filters inside collections, where a resource locator does not fit). */
export async function getCampaigns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { results } = await searchCampaigns.call(this);
	return results.map((r) => ({ name: r.name, value: r.value }));
}

export async function getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { results } = await searchTags.call(this);
	return results.map((r) => ({ name: r.name, value: r.value }));
}
