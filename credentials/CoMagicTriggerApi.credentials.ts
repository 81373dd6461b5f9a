import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { secretCredentialProperties } from '../nodes/shared/webhook/triggerSecret';

/**
 * The shared secret of the CoMagic Trigger (version 2 on): kept here, encrypted with the instance key, instead of in
 * the workflow. The cabinet puts it into each notification URL (or the scenario step's URL) and the trigger compares
 * it at every request, so changing it here applies at once. Tested by the trigger (`testedBy`): no request can prove
 * a secret, so the test judges its length.
 */
export class CoMagicTriggerApi implements ICredentialType {
	name = 'coMagicTriggerApi';

	displayName = 'CoMagic Trigger API';

	icon = { light: 'file:comagic.svg', dark: 'file:comagic.dark.svg' } as const;

	documentationUrl =
		'https://github.com/comagic-voicebox/n8n-nodes-comagic-voicebox/blob/main/docs/nodes.md#trigger-secrets-comagictriggerapi-mttvoiceboxtriggerapi';

	properties: INodeProperties[] = secretCredentialProperties(
		'the CoMagic cabinet (notification URLs, the scenario step)',
	);
}
