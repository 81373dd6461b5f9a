import { DateTime } from 'luxon';
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { toDateTime } from '../parameters';

/** Period presets of the call log, computed in the account's time zone (report times are account-local). */
export const periodProperties: INodeProperties[] = [
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		options: [
			{ name: 'Custom Range', value: 'custom' },
			{ name: 'Last Month', value: 'lastMonth' },
			{ name: 'Last N Days', value: 'lastDays' },
			{ name: 'Last N Hours', value: 'lastHours' },
			{ name: 'This Month', value: 'thisMonth' },
			{ name: 'Today', value: 'today' },
			{ name: 'Yesterday', value: 'yesterday' },
		],
		default: 'lastDays',
		description: 'Ranges over 3 months are split into several requests by the node',
	},
	{
		displayName: 'Number of Days',
		name: 'days',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 7,
		displayOptions: { show: { period: ['lastDays'] } },
	},
	{
		displayName: 'Number of Hours',
		name: 'hours',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 24,
		displayOptions: { show: { period: ['lastHours'] } },
	},
	{
		displayName: 'From',
		name: 'dateFrom',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Start of the range (account time zone unless the value carries an offset)',
		displayOptions: { show: { period: ['custom'] } },
	},
	{
		displayName: 'To',
		name: 'dateTill',
		type: 'dateTime',
		default: '',
		description: 'End of the range, inclusive; empty = now',
		displayOptions: { show: { period: ['custom'] } },
	},
];

/** The range of a period preset at `now` (account zone); undefined for Custom Range. */
export function presetRange(
	period: string,
	now: DateTime,
	amounts: { hours?: number; days?: number } = {},
): { from: DateTime; till: DateTime } | undefined {
	switch (period) {
		case 'lastHours':
			return { from: now.minus({ hours: amounts.hours ?? 24 }), till: now };
		case 'lastDays':
			return { from: now.minus({ days: amounts.days ?? 7 }), till: now };
		case 'today':
			return { from: now.startOf('day'), till: now };
		case 'yesterday': {
			const day = now.minus({ days: 1 });
			return { from: day.startOf('day'), till: day.endOf('day') };
		}
		case 'thisMonth':
			return { from: now.startOf('month'), till: now };
		case 'lastMonth': {
			const month = now.minus({ months: 1 });
			return { from: month.startOf('month'), till: month.endOf('month') };
		}
		default:
			return undefined;
	}
}

export function resolvePeriod(
	this: IExecuteFunctions,
	itemIndex: number,
	zone: string,
	now = DateTime.now().setZone(zone),
): { from: DateTime; till: DateTime } {
	const period = this.getNodeParameter('period', itemIndex) as string;
	const preset = presetRange(period, now, {
		hours: Number(this.getNodeParameter('hours', itemIndex, 24)),
		days: Number(this.getNodeParameter('days', itemIndex, 7)),
	});
	if (preset) return preset;
	const fromValue = this.getNodeParameter('dateFrom', itemIndex, '');
	const from = toDateTime(fromValue, zone);
	if (!from) {
		throw new NodeOperationError(this.getNode(), `From is not a date: "${String(fromValue)}"`, {
			itemIndex,
		});
	}
	const tillValue = this.getNodeParameter('dateTill', itemIndex, '');
	const till = tillValue === '' ? now : toDateTime(tillValue, zone);
	if (!till) {
		throw new NodeOperationError(this.getNode(), `To is not a date: "${String(tillValue)}"`, {
			itemIndex,
		});
	}
	if (till < from) {
		throw new NodeOperationError(this.getNode(), 'The range ends before it starts', {
			itemIndex,
			description: 'Set To later than From.',
		});
	}
	return { from, till };
}
