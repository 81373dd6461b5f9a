/**
 * What the sandbox's record of one status callback says about n8n: read by the e2e checks and the benches from
 * `/_control/voicebox/calls`, so they judge a delivery one way.
 */
import { OUTBOUND_TIMEOUT } from '../core/types';
import type { CallbackDelivery } from './types';

/** as read back over the control API */
type Delivery = Partial<Pick<CallbackDelivery, 'lost' | 'status' | 'error'>>;

/** Sent and answered with a 2xx: n8n took it. */
export function heardByN8n(d: Delivery): boolean {
	return !d.lost && d.status !== undefined && d.status >= 200 && d.status < 300;
}

/** Sent, but no answer within the sandbox's wait: n8n may have handled it or not, and Voicebox cannot know which. */
export function timedOut(d: Delivery): boolean {
	return !d.lost && d.error === OUTBOUND_TIMEOUT;
}
