import {
	NodeOperationError,
	type IDataObject,
	type IDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { normalizeRuPhone } from '../../shared/phone';
import type { CoMagicClient } from '../transport';

/** One operation: its parameters and what it does for one input item. */
export interface Operation {
	description: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		client: CoMagicClient,
		itemIndex: number,
	): Promise<INodeExecutionData[]>;
}

/** Shows `properties` only for the given resource/operation (the 10 lines n8n's nodes-base keeps in utils). */
export function updateDisplayOptions(
	displayOptions: IDisplayOptions,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...displayOptions.show, ...property.displayOptions?.show },
		},
	}));
}

/** Options every operation offers. */
export const includeLimitsOption: INodeProperties = {
	displayName: 'Include API Limits',
	name: 'includeLimits',
	type: 'boolean',
	default: false,
	description:
		"Whether to add the account's remaining API points (metadata.limits of the last answer) to each output item as _limits",
};

/** Options of reads, which wait out a per-minute limit instead of failing. */
export const maxLimitWaitOption: INodeProperties = {
	displayName: 'Max Wait on Rate Limit (Seconds)',
	name: 'maxLimitWait',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 90,
	description:
		'When the per-minute API points run out, wait for the reset and go on, spending at most this long in total. 0 = fail at once.',
};

export function returnAllOrLimit(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

export function readOptions(this: IExecuteFunctions, itemIndex: number): IDataObject {
	return this.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

export function maxWait(options: IDataObject): number {
	const value = Number(options.maxLimitWait ?? 90);
	return Number.isFinite(value) && value >= 0 ? value : 90;
}

/** Output items for one input item, paired to it. */
export function toItems(rows: IDataObject[], itemIndex: number): INodeExecutionData[] {
	return rows.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/**
 * A phone number the way the Call API wants it (E.164 digits, no "+"). Russian numbers in any local spelling
 * (8…, 10 digits, brackets, dashes) are normalised; other full international numbers (11–15 digits, e.g. 77… for
 * Kazakhstan) pass as they are.
 */
export function toE164(
	this: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const text = String(value ?? '').trim();
	const russian = normalizeRuPhone(text);
	if (russian.ok) return russian.phone;
	const digits = text.replace(/[\s()\-.\u00a0]/g, '').replace(/^\+/, '');
	if (/^[1-9]\d{10,14}$/.test(digits)) return digits;
	throw new NodeOperationError(this.getNode(), `${label}: ${russian.reason}`, {
		itemIndex,
		description: 'Use a full number with the country code, e.g. +7 926 000-00-00 or 79260000000.',
	});
}

/** A resource locator or plain value, as a trimmed string. */
export function locatorValue(this: IExecuteFunctions, name: string, itemIndex: number): string {
	return String(this.getNodeParameter(name, itemIndex, '', { extractValue: true }) ?? '').trim();
}

export function positiveInteger(
	this: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): number {
	const number = Number(String(value ?? '').trim());
	if (!Number.isInteger(number) || number <= 0) {
		throw new NodeOperationError(
			this.getNode(),
			`${label} must be a positive whole number, got "${String(value)}"`,
			{
				itemIndex,
			},
		);
	}
	return number;
}

/** Collection options in alphabetical order, as the n8n UI guidelines ask, when they come from several lists. */
export function sortedOptions(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}
