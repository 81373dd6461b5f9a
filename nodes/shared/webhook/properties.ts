import type { INodeProperties } from 'n8n-workflow';

/** Trigger fields both nodes show alike; what they configure is checked in auth.ts. */

/** The Shared Secret; `description` says who knows it and what a stranger with the URL could do. */
export function sharedSecretProperty(description: string): INodeProperties {
	return {
		displayName: 'Shared Secret',
		name: 'secret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description,
		displayOptions: { hide: { secretLocation: ['none'] } },
	};
}

export const ipAllowListOption: INodeProperties = {
	displayName: 'IP Allow-List',
	name: 'ipAllowList',
	type: 'string',
	default: '',
	placeholder: 'e.g. 10.0.0.0/8, 192.0.2.7',
	description:
		'Only these senders (addresses or IPv4 ranges, comma-separated) may call; others get 403. Empty allows everyone.',
};
