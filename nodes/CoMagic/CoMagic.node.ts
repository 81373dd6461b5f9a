import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { actionsOf, subtitleExpression } from '../shared/subtitle';
import * as call from './actions/call/Call.resource';
import * as callLog from './actions/callLog/CallLog.resource';
import * as campaign from './actions/campaign/Campaign.resource';
import * as employee from './actions/employee/Employee.resource';
import * as recording from './actions/recording/Recording.resource';
import { router } from './actions/router';
import * as sale from './actions/sale/Sale.resource';
import * as tag from './actions/tag/Tag.resource';
import * as virtualNumber from './actions/virtualNumber/VirtualNumber.resource';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Call', value: 'call' },
			{ name: 'Call Log', value: 'callLog' },
			{ name: 'Campaign', value: 'campaign' },
			{ name: 'Employee', value: 'employee' },
			{ name: 'Recording', value: 'recording' },
			{ name: 'Sale', value: 'sale' },
			{ name: 'Tag', value: 'tag' },
			{ name: 'Virtual Number', value: 'virtualNumber' },
		],
		default: 'call',
	},
	...call.description,
	...callLog.description,
	...recording.description,
	...sale.description,
	...tag.description,
	...employee.description,
	...virtualNumber.description,
	...campaign.description,
];

/** The canvas subtitle in words, e.g. "Get many calls from the log" rather than "getMany: callLog". */
const SUBTITLE = subtitleExpression(
	'$parameter["resource"] + ":" + $parameter["operation"]',
	Object.fromEntries(
		properties
			.filter((p) => p.name === 'operation')
			.flatMap((selector) =>
				(selector.displayOptions?.show?.resource ?? []).flatMap((resource) =>
					Object.entries(actionsOf(selector)).map(([op, words]) => [
						`${String(resource)}:${op}`,
						words,
					]),
				),
			),
	),
);

/**
 * Programmatic, not declarative: both CoMagic APIs are JSON-RPC 2.0 — one URL per API, the operation is a `method`
 * field in the body, the token sits inside `params`, and failures come back as HTTP 200 with an `error` object.
 * Declarative routing is built around URL-per-operation REST with HTTP status errors; here every request needs the
 * envelope, mnemonic → hint mapping, a re-login on access_token_invalid, waiting out limits, offset paging bounded by
 * total_items and 3-month window splitting, which all live in ./transport.
 */
export class CoMagic implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CoMagic',
		name: 'coMagic',
		icon: { light: 'file:comagic.svg', dark: 'file:comagic.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: SUBTITLE,
		description: 'Calls, call log, recordings, sales and tags in CoMagic, UIS and CallGear',
		defaults: { name: 'CoMagic' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'coMagicApi', required: true }],
		properties,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
