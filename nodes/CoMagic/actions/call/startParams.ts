import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { locatorValue, positiveInteger, toE164 } from '../parameters';

/** The start.* request parameters, read from the fields of startFields.ts for one item. */

/**
 * start.* parameters common to all: the virtual number, the contact and the shared options (access_token comes
 * from the credential).
 */
export function startParams(
	this: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): IDataObject {
	const params: IDataObject = {
		virtual_phone_number: toE164.call(
			this,
			locatorValue.call(this, 'virtualPhoneNumber', itemIndex),
			'Virtual Number',
			itemIndex,
		),
		contact: toE164.call(
			this,
			this.getNodeParameter('contact', itemIndex),
			'Contact Phone',
			itemIndex,
		),
	};
	const direction = String(options.direction ?? '');
	if (direction) params.direction = direction;
	const dtmf = String(options.dtmfString ?? '').trim();
	if (dtmf) {
		if (!/^[0-9*#.]+$/.test(dtmf)) {
			throw new NodeOperationError(
				this.getNode(),
				`DTMF String may hold only 0-9, *, # and dots, got "${dtmf}"`,
				{
					itemIndex,
				},
			);
		}
		params.dtmf_string = dtmf;
	}
	const externalId = String(options.externalId ?? '').trim();
	if (externalId) params.external_id = externalId;
	const rule = String(options.virtualPhoneUsageRule ?? '');
	if (rule && rule !== 'fixed') params.virtual_phone_usage_rule = rule;
	return params;
}

function buildMessage(
	this: IExecuteFunctions,
	options: IDataObject,
	prefix: string,
	itemIndex: number,
): IDataObject | undefined {
	const text = String(options[`${prefix}MessageText`] ?? '').trim();
	const media = Number(options[`${prefix}MessageMediaId`] ?? 0);
	if (text && media) {
		throw new NodeOperationError(
			this.getNode(),
			`Set either a message text or a media file ID for "${prefix}", not both`,
			{
				itemIndex,
			},
		);
	}
	if (text) return { type: 'tts', value: text };
	if (media)
		return {
			type: 'media',
			value: String(positiveInteger.call(this, media, 'Media file ID', itemIndex)),
		};
	return undefined;
}

/** `<side>_message` for each side that has a message configured. */
export function addMessages(
	this: IExecuteFunctions,
	params: IDataObject,
	options: IDataObject,
	sides: string[],
	itemIndex: number,
): void {
	for (const side of sides) {
		const message = buildMessage.call(this, options, side, itemIndex);
		if (message) params[`${side}_message`] = message;
	}
}

export function dialledParams(
	this: IExecuteFunctions,
	options: IDataObject,
	firstCall: string,
	itemIndex: number,
): IDataObject {
	const params: IDataObject = {};
	if (options.switchAtOnce !== undefined) params.switch_at_once = options.switchAtOnce === true;
	if (options.earlySwitching === true) {
		if (firstCall === 'contact' || options.switchAtOnce !== true) {
			throw new NodeOperationError(
				this.getNode(),
				'Early Switching needs the operator called first and Switch at Once on',
				{
					itemIndex,
					description:
						'Set First Call to the operator (employee) and turn Switch at Once on, or turn Early Switching off.',
				},
			);
		}
		params.early_switching = true;
	}
	if (options.showVirtualPhoneNumber !== undefined) {
		params.show_virtual_phone_number = options.showVirtualPhoneNumber === true;
	}
	const media = Number(options.mediaFileId ?? 0);
	if (media)
		params.media_file_id = positiveInteger.call(this, media, 'Hold Music Media File ID', itemIndex);
	return params;
}
