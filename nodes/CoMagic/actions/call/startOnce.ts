import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { refuseBlindRetry } from '../../../shared/startGuard';
import { toItems } from '../../../shared/operation';
import { findStartedCall, type CoMagicClient } from '../../transport';

/**
 * Starts a call exactly once: the Call API request is never repeated by the node (a repeat can ring the contact
 * twice). With Skip If Already Started, the external id is looked up first and a found call is returned instead.
 */
export async function startCall(
	this: IExecuteFunctions,
	client: CoMagicClient,
	method: string,
	params: IDataObject,
	options: IDataObject,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const externalId = params.external_id as string | undefined;
	// with an external id looked up first, a retry finds the first call instead of dialling again
	refuseBlindRetry(
		this.getNode(),
		itemIndex,
		options.skipIfStarted === true && Boolean(externalId),
	);
	if (options.skipIfStarted === true) {
		if (!externalId) {
			throw new NodeOperationError(this.getNode(), 'Skip If Already Started needs an External ID', {
				itemIndex,
				description:
					'Add External ID under Options → Add Option and map your ID of this call into it (e.g. visit id + attempt).',
			});
		}
		const hours = Math.max(1, Number(options.skipLookbackHours ?? 24));
		const existing = await findStartedCall(client, externalId, hours, itemIndex);
		if (existing) {
			return toItems(
				[
					{
						call_session_id: existing.id,
						external_id: externalId,
						skipped: true,
						started_at: existing.start_time,
					},
				],
				itemIndex,
			);
		}
	}
	const { data } = await client.request<IDataObject>('call', method, params, {
		read: false,
		itemIndex,
	});
	return toItems(
		[
			{
				call_session_id: data.call_session_id,
				external_id: externalId ?? null,
				contact: params.contact,
				virtual_phone_number: params.virtual_phone_number,
				skipped: false,
			},
		],
		itemIndex,
	);
}
