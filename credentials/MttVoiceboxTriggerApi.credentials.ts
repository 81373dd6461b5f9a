import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { secretCredentialProperties } from '../nodes/shared/webhook/triggerSecret';

/**
 * The shared secret of the MTT Voicebox Trigger (version 2 on): kept here, encrypted with the instance key, instead
 * of in the workflow. The scenario's HTTP blocks send it (header, query parameter or Basic password) and the trigger
 * compares it at every callback, so changing it here applies at once. Tested by the trigger (`testedBy`): no request
 * can prove a secret, so the test judges its length.
 */
export class MttVoiceboxTriggerApi implements ICredentialType {
	name = 'mttVoiceboxTriggerApi';

	displayName = 'MTT Voicebox Trigger API';

	icon = { light: 'file:voicebox.svg', dark: 'file:voicebox.dark.svg' } as const;

	documentationUrl =
		'https://github.com/comagic-voicebox/n8n-nodes-comagic-voicebox/blob/main/docs/nodes.md#trigger-secrets-comagictriggerapi-mttvoiceboxtriggerapi';

	properties: INodeProperties[] = secretCredentialProperties("the Voicebox scenario's HTTP blocks");
}
