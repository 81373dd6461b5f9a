import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { toItems, updateDisplayOptions } from '../../../shared/operation';
import { findInReport, lookbackRange, type CoMagicClient } from '../../transport';
import { idParameter, maxWait, readOptions } from '../parameters';
import {
	callSessionIdProperty,
	includeLimitsOption,
	lookbackOption,
	maxLimitWaitOption,
	optionsCollection,
} from '../properties';
import { fieldsProperty, requestedFields, simplifyProperty, simplifyRow } from './fields';

const properties: INodeProperties[] = [
	callSessionIdProperty,
	simplifyProperty,
	fieldsProperty,
	optionsCollection([includeLimitsOption, maxLimitWaitOption, lookbackOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['callLog'], operation: ['get'] } },
	properties,
);

/** One call of the report by its call session id; the report needs dates, so windows are searched backwards. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, i);
	const id = idParameter.call(this, 'callSessionId', 'Call Session ID', i);
	const simplify = this.getNodeParameter('simplify', i) as boolean;
	const fields = requestedFields(simplify, simplify ? [] : this.getNodeParameter('fields', i, []));
	const rows = await findInReport(
		client,
		{ fields, filter: { field: 'id', operator: '=', value: id } },
		{
			...lookbackRange(client.zone, Number(options.lookbackMonths ?? 12)),
			itemIndex: i,
			maxLimitWaitSeconds: maxWait(options),
		},
	);
	if (rows.length === 0) {
		throw new NodeOperationError(this.getNode(), `Call ${id} is not in the call log`, {
			itemIndex: i,
			description:
				'Check the ID, or raise Search Period if the call is older. A call still in progress appears after it ends.',
		});
	}
	return toItems(simplify ? rows.slice(0, 1).map(simplifyRow) : rows.slice(0, 1), i);
}
