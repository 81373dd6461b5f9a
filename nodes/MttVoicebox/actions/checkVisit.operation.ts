import { DateTime } from 'luxon';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems } from '../../shared/operation';
import { checkVisit } from '../helpers/visitCheck';

const show = { show: { operation: ['checkVisit'] } };

export const description: INodeProperties[] = [
	{
		displayName:
			'Adds three fields to the item: phone (7XXXXXXXXXX, or empty when it cannot be dialled), phoneAsGiven (the Phone as mapped) and problem (empty when the visit can be dialled, else why not: no phone number, not a Russian number, no or unknown time zone, a missing or past start). A visit with a problem is an output item, not an error.',
		name: 'checkVisitNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '={{ $json.phone }}',
		placeholder: 'e.g. +7 912 345-67-89',
		description:
			'Russian number in any usual shape (+7 (912) 345-67-89, 8 912 345 67 89, 9123456789); the output phone is 7XXXXXXXXXX',
		displayOptions: show,
	},
	{
		displayName: 'Patient Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '={{ $json.timeZone }}',
		placeholder: 'e.g. Asia/Yekaterinburg',
		description: 'IANA zone of the patient; empty or unknown is a problem',
		displayOptions: show,
	},
	{
		displayName: 'Visit Start',
		name: 'visitStart',
		type: 'string',
		default: '={{ $json.startAt }}',
		placeholder: 'e.g. 2026-06-04T11:30:00+03:00',
		description:
			"ISO 8601 (without an offset: read in the workflow's time zone); a missing, unreadable or past start is a problem",
		displayOptions: show,
	},
];

/** The item as it came, plus phone, phoneAsGiven and problem; never fails on the visit's data. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const checked = checkVisit({
		phone: this.getNodeParameter('phone', i, '') as unknown,
		timeZone: this.getNodeParameter('timeZone', i, '') as unknown,
		visitStart: this.getNodeParameter('visitStart', i, '') as unknown,
		now: DateTime.now(),
		defaultZone: this.getTimezone(),
	});
	return toItems([{ ...this.getInputData()[i].json, ...checked }], i);
}
