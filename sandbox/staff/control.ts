/**
 * Control API under /_control/staff/: read and clear what the staff received, and take a channel down
 * (PUT /config {telegramDown, smtpDown, telegramToken}) to test the workflow's error branch.
 */
import type { ServerResponse } from 'node:http';

import { sendJson, tryParseJson } from '../core/http';
import type { SandboxRequest } from '../core/types';
import type { StaffState } from './state';

export const STAFF_CONTROL_PREFIX = '/_control/staff';

/** The switches as the control API shows them: whether a token is required, not the token (as clinic/control.ts). */
const view = (state: StaffState) => ({
	...state.config,
	telegramToken: state.config.telegramToken !== null,
});

function configure(body: Record<string, unknown>, state: StaffState): [number, unknown] {
	for (const key of ['telegramDown', 'smtpDown'] as const) {
		if (body[key] !== undefined && typeof body[key] !== 'boolean') {
			return [400, { error: `${key} must be true or false` }];
		}
	}
	const token = body.telegramToken;
	if (token !== undefined && token !== null && (typeof token !== 'string' || !token)) {
		return [
			400,
			{ error: 'telegramToken must be a non-empty string, or null to accept any token' },
		];
	}
	const unknown = Object.keys(body).filter(
		(k) => !['telegramDown', 'smtpDown', 'telegramToken'].includes(k),
	);
	if (unknown.length) {
		return [
			400,
			{
				error: `unknown field(s) ${unknown.join(', ')}; allowed: telegramDown, smtpDown, telegramToken`,
			},
		];
	}
	if (body.telegramDown !== undefined) state.config.telegramDown = body.telegramDown as boolean;
	if (body.smtpDown !== undefined) state.config.smtpDown = body.smtpDown as boolean;
	if (token !== undefined) state.config.telegramToken = token as string | null;
	return [200, view(state)];
}

export function handleStaffControl(
	req: SandboxRequest,
	res: ServerResponse,
	state: StaffState,
): void {
	const sub = req.path.slice(STAFF_CONTROL_PREFIX.length).replace(/\/+$/, '');
	switch (`${req.method} ${sub}`) {
		case 'GET /messages': {
			const channel = req.query.get('channel');
			sendJson(
				res,
				200,
				channel ? state.messages.filter((m) => m.channel === channel) : state.messages,
			);
			return;
		}
		case 'DELETE /messages':
			state.messages = [];
			sendJson(res, 200, { ok: true });
			return;
		case 'GET /config':
			sendJson(res, 200, view(state));
			return;
		case 'PUT /config': {
			const parsed = tryParseJson(req.bodyText || '{}');
			if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
				sendJson(res, 400, {
					error: 'send a JSON object {telegramDown?, smtpDown?, telegramToken?}',
				});
				return;
			}
			sendJson(res, ...configure(parsed as Record<string, unknown>, state));
			return;
		}
		default:
			sendJson(res, 404, { error: `no staff control endpoint ${req.method} ${req.path}` });
	}
}
