import type { INodeProperties } from 'n8n-workflow';

/** Trigger fields both nodes show alike; what they configure is checked in auth.ts. */

/** the one version that keeps the secret as a parameter; later ones use the credential (triggerSecret.ts) */
const VERSION_1 = { '@version': [1] };

/**
 * Version 1's Shared Secret parameter (stored in the workflow) and the notice on how to move it into a credential;
 * `description` says who knows the secret and what a stranger with the URL could do.
 */
export function sharedSecretProperties(
	description: string,
	node: { trigger: string; credential: string; sender: string },
): INodeProperties[] {
	return [
		{
			displayName: `This is version 1 of the ${node.trigger}: its Shared Secret is saved in the workflow in plain text, so it is in every export, the workflow history and the API. To move it into a credential: add a new ${node.trigger} from the nodes panel, give it the same settings and a new ${node.credential} credential with the same secret, connect it in place of this node, delete this node and publish. The new node has its own Production URL: put it into ${node.sender}, then change the secret in the credential if the old one was ever shared.`,
			name: 'secretInWorkflowNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: VERSION_1, hide: { secretLocation: ['none'] } },
		},
		{
			displayName: 'Shared Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description,
			displayOptions: { show: VERSION_1, hide: { secretLocation: ['none'] } },
		},
	];
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
