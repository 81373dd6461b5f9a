/** Workflows and credentials the e2e run imports into a real n8n (fixed ids and webhookIds: stable URLs). */

import type { Sandbox } from '../../../sandbox';
import { controlClient } from '../../../sandbox/controlClient';
import { coMagicCredentialData, voiceboxCredentialData } from '../../../sandbox/credentials';
import { DEFAULT_REMINDER_CAMPAIGN_ID } from '../../../sandbox/voicebox/defaults';

const PKG = 'n8n-nodes-comagic-voicebox';
/** what the senders put into their requests; the triggers (version 2) read it from their credentials below */
export const SECRET = 'e2e-shared-secret';
export const BAD_PASSWORD = 'not-the-password-Zq9';
export const WEBHOOK = {
	startCall: '1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
	startCallBadPassword: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
	callLog: '2a3b4c5d-6e7f-4081-9223-a4b5c6d7e8f9',
	voiceboxStatus: '0d6c2f8e-8a55-4f3b-9d2a-6b1e2c3d4e5f',
	coMagicNotifications: '5e7a1c2b-3d4f-4a6b-8c9d-0e1f2a3b4c5d',
	coMagicInteractive: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
};

/** the triggers' secret credentials (version 2 reads the secret from them at every request) */
export const TRIGGER_CREDENTIALS = {
	coMagic: {
		id: 'e2eCoMagicTriggerCred',
		name: 'CoMagic trigger sandbox',
		type: 'coMagicTriggerApi',
	},
	voicebox: {
		id: 'e2eVoiceboxTriggerCred',
		name: 'Voicebox trigger sandbox',
		type: 'mttVoiceboxTriggerApi',
	},
} as const;
const ref = ({ id, name }: { id: string; name: string }) => ({ id, name });

export const CREDENTIALS = (sandbox: Sandbox) => [
	{
		id: 'e2eCoMagicCred',
		name: 'CoMagic sandbox',
		type: 'coMagicApi',
		// login + password: the session token n8n stores and renews is the part a harness can only imitate
		data: coMagicCredentialData(sandbox),
	},
	{
		id: 'e2eVoiceboxCred',
		name: 'Voicebox sandbox',
		type: 'mttVoiceboxApi',
		data: voiceboxCredentialData(sandbox),
	},
	{
		id: 'e2eVoiceboxBadCred',
		name: 'Voicebox wrong password',
		type: 'mttVoiceboxApi',
		data: voiceboxCredentialData(sandbox, BAD_PASSWORD),
	},
	{ ...TRIGGER_CREDENTIALS.coMagic, data: { secret: SECRET } },
	{ ...TRIGGER_CREDENTIALS.voicebox, data: { secret: SECRET } },
];

const link = (from: string, to: string) => ({
	[from]: { main: [[{ node: to, type: 'main', index: 0 }]] },
});

/** Webhook → Start Campaign Call with the given credential; answers with the node's output. */
function startCallWorkflow(
	id: string,
	webhookId: string,
	credential: { id: string; name: string },
) {
	return {
		id,
		name: `E2E ${id}`,
		nodes: [
			{
				id: 's1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				// n8n's Webhook node serves /webhook/<path>
				parameters: {
					httpMethod: 'POST',
					path: webhookId,
					responseMode: 'lastNode',
					options: {},
				},
			},
			{
				id: 's2',
				name: 'Start Call',
				type: `${PKG}.mttVoicebox`,
				typeVersion: 1,
				position: [250, 0],
				credentials: { mttVoiceboxApi: credential },
				parameters: {
					operation: 'startCall',
					campaignId: DEFAULT_REMINDER_CAMPAIGN_ID,
					phone: '={{ $json.body.phone }}',
					guid: '={{ $json.body.visitId }}-{{ $json.body.attempt }}',
					variables: {
						variable: [
							{ name: 'name', value: '={{ $json.body.name }}' },
							{ name: 'phrase', value: 'Эндоскопист, 4 июня, в 11:30' },
						],
					},
				},
			},
		],
		connections: link('Webhook', 'Start Call'),
		settings: { executionOrder: 'v1' },
	};
}

export function buildWorkflows() {
	return [
		{
			id: 'e2eCallLog',
			name: 'E2E call log',
			nodes: [
				{
					id: 'l1',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: WEBHOOK.callLog,
					parameters: {
						httpMethod: 'GET',
						path: WEBHOOK.callLog,
						responseMode: 'lastNode',
						options: {},
					},
				},
				{
					id: 'l2',
					name: 'Missed Calls',
					type: `${PKG}.coMagic`,
					typeVersion: 1,
					position: [250, 0],
					credentials: { coMagicApi: { id: 'e2eCoMagicCred', name: 'CoMagic sandbox' } },
					parameters: {
						resource: 'callLog',
						operation: 'getMany',
						period: 'lastDays',
						days: 30,
						returnAll: true,
						filters: { lostOnly: true },
					},
				},
			],
			connections: link('Webhook', 'Missed Calls'),
			settings: { executionOrder: 'v1' },
		},
		startCallWorkflow('e2eStartCall', WEBHOOK.startCall, {
			id: 'e2eVoiceboxCred',
			name: 'Voicebox sandbox',
		}),
		// the same start with a password Voicebox refuses: one request, whatever n8n does after a 401
		startCallWorkflow('e2eStartCallBadPassword', WEBHOOK.startCallBadPassword, {
			id: 'e2eVoiceboxBadCred',
			name: 'Voicebox wrong password',
		}),
		{
			id: 'e2eVoiceboxStatus',
			name: 'E2E Voicebox status',
			nodes: [
				{
					id: 'v1',
					name: 'Voicebox Status',
					type: `${PKG}.mttVoiceboxTrigger`,
					typeVersion: 2,
					position: [0, 0],
					webhookId: WEBHOOK.voiceboxStatus,
					credentials: { mttVoiceboxTriggerApi: ref(TRIGGER_CREDENTIALS.voicebox) },
					parameters: { secretLocation: 'header', fieldName: 'X-Webhook-Secret' },
				},
				{
					id: 'v2',
					name: 'Plan',
					type: `${PKG}.mttVoicebox`,
					typeVersion: 1,
					position: [250, 0],
					parameters: {
						operation: 'planNextAttempt',
						outcome: '={{ $json.code }}',
						attemptsMade: 1,
						timeZone: 'Asia/Yekaterinburg',
						visitStart: '={{ $now.plus({ days: 2 }).toISO() }}',
					},
				},
			],
			connections: link('Voicebox Status', 'Plan'),
			settings: { executionOrder: 'v1' },
		},
		{
			id: 'e2eCoMagicNotifications',
			name: 'E2E CoMagic notifications',
			nodes: [
				{
					id: 'c1',
					name: 'CoMagic Trigger',
					type: `${PKG}.coMagicTrigger`,
					typeVersion: 2,
					position: [0, 0],
					webhookId: WEBHOOK.coMagicNotifications,
					credentials: { coMagicTriggerApi: ref(TRIGGER_CREDENTIALS.coMagic) },
					parameters: {
						events: ['any'],
						secretLocation: 'query',
						fieldName: 'token',
					},
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
		{
			id: 'e2eCoMagicInteractive',
			name: 'E2E CoMagic interactive',
			nodes: [
				{
					id: 'i1',
					name: 'Interactive',
					type: `${PKG}.coMagicTrigger`,
					typeVersion: 2,
					position: [0, 0],
					webhookId: WEBHOOK.coMagicInteractive,
					credentials: { coMagicTriggerApi: ref(TRIGGER_CREDENTIALS.coMagic) },
					parameters: {
						mode: 'interactive',
						secretLocation: 'query',
						fieldName: 'token',
					},
				},
				{
					id: 'i2',
					name: 'Route',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [250, 0],
					parameters: {
						mode: 'raw',
						jsonOutput: '{ "phones": ["74993720692"] }',
						options: {},
					},
				},
			],
			connections: link('Interactive', 'Route'),
			settings: { executionOrder: 'v1' },
		},
	];
}

/**
 * The cabinet's two notifications for the e2e CoMagic Trigger at `base` (GET lost_call, POST call_finished), then a
 * lost inbound call in the sandbox; returns the call's session id, whose two executions a check then looks for.
 */
export async function notifyLostCall(sandbox: Sandbox, base: string): Promise<number> {
	const url = `${base}/webhook/${WEBHOOK.coMagicNotifications}/webhook`;
	await controlClient(sandbox).call('POST', `/comagic/notifications`, {
		event: 'lost_call',
		method: 'GET',
		url: `${url}?token=${SECRET}&event=lost_call&call_session_id={{call_session_id}}&contact_phone_number={{contact_phone_number}}`,
	});
	await controlClient(sandbox).call('POST', `/comagic/notifications`, {
		event: 'call_finished',
		method: 'POST',
		url: `${url}?token=${SECRET}`,
		// the cabinet renders each placeholder as a JSON literal, so placeholders stay unquoted
		body: '{"event":"call_finished","call_session_id":{{call_session_id}},"contact_phone_number":{{contact_phone_number}}}',
	});
	const call = await controlClient(sandbox).call('POST', `/comagic/inbound-call`, {
		contact_phone_number: '79161234567',
		lost: true,
		wait: true,
	});
	return Number(call.call_session_id);
}
