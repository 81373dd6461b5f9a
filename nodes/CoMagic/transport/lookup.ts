import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import type { CoMagicClient } from './client';
import { windowsBack } from './windows';

/** [now − months, now] in the account zone: where a lookup by id searches. */
export function lookbackRange(
	zone: string,
	months: number,
	now: DateTime = DateTime.now().setZone(zone),
): { from: DateTime; till: DateTime } {
	return { from: now.minus({ months: Math.max(1, months) }), till: now };
}

/**
 * Finds report rows by a filter when the date is unknown (a call session id, an external id): newest window first,
 * stopping at the first hit, so a recent call costs one request. `params` may set its own limit.
 */
export async function findInReport(
	client: CoMagicClient,
	params: IDataObject,
	options: { from: DateTime; till: DateTime; itemIndex: number; maxLimitWaitSeconds?: number },
): Promise<IDataObject[]> {
	for (const window of windowsBack(options.from, options.till)) {
		const page = await client.request<IDataObject[]>(
			'data',
			'get.calls_report',
			{ limit: 100, ...params, date_from: window.from, date_till: window.till, offset: 0 },
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

/**
 * A call started through the Call API with this external id within the last `hours`, ongoing calls included, or
 * undefined. The period is searched in windows the 3-month rule accepts, newest first.
 */
export async function findStartedCall(
	client: CoMagicClient,
	externalId: string,
	hours: number,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const now = DateTime.now().setZone(client.zone);
	const [found] = await findInReport(
		client,
		{
			include_ongoing_calls: true,
			fields: ['id', 'start_time', 'finish_time', 'call_api_external_id', 'contact_phone_number'],
			filter: { field: 'call_api_external_id', operator: '=', value: externalId },
			limit: 1,
		},
		{ from: now.minus({ hours }), till: now.plus({ minutes: 1 }), itemIndex },
	);
	return found;
}
