import { DateTime } from 'luxon';
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { normalizePhone } from '../../shared/phone';

/** Reading the parameters of one input item, with errors that name the field and say how to fix it. */

export function readOptions(this: IExecuteFunctions, itemIndex: number): IDataObject {
	return this.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

/** The Max Wait on Rate Limit option, in seconds (90 when unset or not a number). */
export function maxWait(options: IDataObject): number {
	const value = Number(options.maxLimitWait ?? 90);
	return Number.isFinite(value) && value >= 0 ? value : 90;
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

/** A parameter that must hold a positive whole number (an ID). */
export function idParameter(
	this: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): number {
	return positiveInteger.call(this, this.getNodeParameter(name, itemIndex), label, itemIndex);
}

/** A phone number the way the Call API wants it (E.164 digits, no "+"); see normalizePhone. */
export function toE164(
	this: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const phone = normalizePhone(value);
	if (phone.ok) return phone.phone;
	throw new NodeOperationError(this.getNode(), `${label}: ${phone.reason}`, {
		itemIndex,
		description: 'Use a full number with the country code, e.g. +7 926 000-00-00 or 79260000000.',
	});
}

/** A dateTime parameter value (ISO text, Date or luxon DateTime) as a DateTime in `zone`. */
export function toDateTime(value: unknown, zone: string): DateTime | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (DateTime.isDateTime(value)) return value.setZone(zone);
	if (value instanceof Date) return DateTime.fromJSDate(value).setZone(zone);
	const text = String(value).trim();
	let dt = DateTime.fromISO(text, { zone, setZone: false });
	if (!dt.isValid) dt = DateTime.fromSQL(text, { zone });
	return dt.isValid ? dt.setZone(zone) : undefined;
}
