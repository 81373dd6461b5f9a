import {
	NodeOperationError,
	jsonParse,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { toItems, updateDisplayOptions } from '../../../shared/operation';
import { getReportRows, splitWindows, type CoMagicClient } from '../../transport';
import { maxWait, readOptions, toE164 } from '../parameters';
import {
	directionFilter,
	includeLimitsOption,
	maxLimitWaitOption,
	optionsCollection,
	returnAllOrLimit,
} from '../properties';
import { fieldsProperty, requestedFields, simplifyProperty, simplifyRow } from './fields';
import { periodProperties, resolvePeriod } from './period';

const properties: INodeProperties[] = [
	...periodProperties,
	...returnAllOrLimit(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Campaign Name or ID',
				name: 'campaignId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCampaigns' },
				default: '',
				description:
					'Only calls of this advertising campaign. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Contact Phone',
				name: 'contactPhoneNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. +7 926 000-00-00',
			},
			directionFilter,
			{
				displayName: 'External ID',
				name: 'externalId',
				type: 'string',
				default: '',
				description: 'Only calls started through the Call API with this External ID',
			},
			{
				displayName: 'Lost Only',
				name: 'lostOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to return only lost (missed) calls',
			},
			{
				displayName: 'Raw Filter (JSON)',
				name: 'rawFilter',
				type: 'json',
				default: '',
				placeholder: 'e.g. {"field": "talk_duration", "operator": ">", "value": 60}',
				description:
					'A Data API filter: {field, operator, value} or a tree {filters: [...], condition: "and" | "or"}. Combined with the other filters by "and".',
			},
			{
				displayName: 'Virtual Number',
				name: 'virtualPhoneNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. 74993720692',
			},
		],
	},
	simplifyProperty,
	fieldsProperty,
	optionsCollection([
		{
			displayName: 'Include Ongoing Calls',
			name: 'includeOngoing',
			type: 'boolean',
			default: false,
			description: 'Whether to add calls still in progress',
		},
		includeLimitsOption,
		maxLimitWaitOption,
		{
			displayName: 'Newest First',
			name: 'newestFirst',
			type: 'boolean',
			default: false,
			description:
				'Whether to sort each 3-month window newest first (windows still come oldest first)',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['callLog'], operation: ['getMany'] } },
	properties,
);

/** The Data API filter tree for the chosen filters (filters: https://comagic.github.io/data_api/). */
function buildFilter(
	this: IExecuteFunctions,
	filters: IDataObject,
	itemIndex: number,
): IDataObject | undefined {
	const leaves: IDataObject[] = [];
	if (filters.lostOnly === true) leaves.push({ field: 'is_lost', operator: '=', value: true });
	if (filters.direction)
		leaves.push({ field: 'direction', operator: '=', value: filters.direction });
	const vn = String(filters.virtualPhoneNumber ?? '').trim();
	if (vn) {
		leaves.push({
			field: 'virtual_phone_number',
			operator: '=',
			value: toE164.call(this, vn, 'Virtual Number', itemIndex),
		});
	}
	const contact = String(filters.contactPhoneNumber ?? '').trim();
	if (contact) {
		leaves.push({
			field: 'contact_phone_number',
			operator: '=',
			value: toE164.call(this, contact, 'Contact Phone', itemIndex),
		});
	}
	if (filters.campaignId !== undefined && filters.campaignId !== '') {
		leaves.push({ field: 'campaign_id', operator: '=', value: Number(filters.campaignId) });
	}
	const externalId = String(filters.externalId ?? '').trim();
	if (externalId) leaves.push({ field: 'call_api_external_id', operator: '=', value: externalId });
	const raw = filters.rawFilter;
	if (raw !== undefined && raw !== '' && raw !== null) {
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parsed = jsonParse(raw);
			} catch {
				throw new NodeOperationError(this.getNode(), 'Raw Filter is not valid JSON', { itemIndex });
			}
		}
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
			throw new NodeOperationError(this.getNode(), 'Raw Filter must be a JSON object', {
				itemIndex,
				description: 'e.g. {"field": "talk_duration", "operator": ">", "value": 60}',
			});
		}
		leaves.push(parsed as IDataObject);
	}
	if (leaves.length === 0) return undefined;
	if (leaves.length === 1) return leaves[0];
	return { filters: leaves, condition: 'and' };
}

/** get.calls_report over any range: 3-month windows, pages of 10,000, Return All or Limit. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, i);
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const simplify = this.getNodeParameter('simplify', i) as boolean;
	const fields = requestedFields(simplify, simplify ? [] : this.getNodeParameter('fields', i, []));
	const { from, till } = resolvePeriod.call(this, i, client.zone);
	const params: IDataObject = {
		fields,
		sort: [{ field: 'start_time', order: options.newestFirst === true ? 'desc' : 'asc' }],
	};
	const filter = buildFilter.call(this, this.getNodeParameter('filters', i, {}) as IDataObject, i);
	if (filter) params.filter = filter;
	if (options.includeOngoing === true) params.include_ongoing_calls = true;
	const windows = splitWindows(from, till);
	if (options.newestFirst === true) windows.reverse();
	const rows = await getReportRows(client, 'get.calls_report', params, windows, {
		returnAll,
		limit,
		itemIndex: i,
		maxLimitWaitSeconds: maxWait(options),
	});
	return toItems(simplify ? rows.map(simplifyRow) : rows, i);
}
