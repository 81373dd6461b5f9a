import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import type { CoMagicClient } from './client';
import { windowsBack } from './windows';

/**
 * Finds report rows by a filter when the date is unknown (a call session id, an external id): newest 3-month
 * window first, stopping at the first hit, so a recent call costs one request.
 */
export async function findInReport(
	client: CoMagicClient,
	params: IDataObject,
	options: { lookbackMonths: number; itemIndex: number; maxLimitWaitSeconds?: number },
): Promise<IDataObject[]> {
	const now = DateTime.now().setZone(client.zone);
	for (const window of windowsBack(now, Math.max(1, options.lookbackMonths))) {
		const page = await client.request<IDataObject[]>(
			'data',
			'get.calls_report',
			{ ...params, date_from: window.from, date_till: window.till, limit: 100, offset: 0 },
			{
				read: true,
				itemIndex: options.itemIndex,
				maxLimitWaitSeconds: options.maxLimitWaitSeconds,
			},
		);
		if (Array.isArray(page.data) && page.data.length > 0) return page.data;
	}
	return [];
}
