/**
 * MTT Voicebox simulator: the robot's «запуск по HTTP-запросу» `POST /voicebox/api/v1/sb` plus the control API in
 * control.ts. MTT publishes no reference for this API: the request shape and the status blocks follow public
 * integrations, above all the published clinic reminder integration (1C and the MTT voice robot) whose scenario
 * this package's reminder follows, «the seed» in these files
 * (https://temofeev.ru/info/articles/kak-1s-i-golosovoy-robot-mtt-pomogli-avtomatizirovat-uvedomleniya-klientov-v-klinike).
 * What they leave open is a switch in the config. Errors are bare HTTP statuses with an empty body, as integrations
 * see them; the reason goes to the sandbox log only.
 */
import type { ServerResponse } from 'node:http';

import { sendJson } from '../core/http';
import type { SandboxContext, SandboxModule, SandboxRequest } from '../core/types';
import { buildCampaign, type CampaignInput } from './campaigns';
import { CONTROL_PREFIX, handleControl, mergeConfig, type ConfigInput } from './control';
import {
	DEFAULT_REMINDER_CAMPAIGN_ID,
	DEFAULT_VOICEBOX_LOGIN,
	DEFAULT_VOICEBOX_PASSWORD,
	defaultReminderCampaign,
} from './defaults';
import { acceptCall, pumpQueue } from './dialer';
import { checkStartRequest } from './startRequest';
import { defaultConfig, freshState, type VoiceboxState } from './state';

export * from './defaults';
export { heardByN8n, timedOut } from './delivery';
export type { CampaignInput } from './campaigns';
export type { ConfigInput } from './control';
export type * from './types';

export const START_CALL_PATH = '/voicebox/api/v1/sb';

export interface VoiceboxOptions {
	/** seed of call ids and simulated losses; the sandbox seed when omitted */
	seed?: number;
	login?: string;
	password?: string;
	/** everything POST /_control/voicebox/config accepts */
	config?: ConfigInput;
	/** added to (or, with the same id, replacing) the default reminder campaign */
	campaigns?: CampaignInput[];
}

function bare(res: ServerResponse, status: number): void {
	res.writeHead(status, { 'Content-Length': 0 });
	res.end();
}

export function createVoiceboxSimulator(options: VoiceboxOptions = {}): SandboxModule {
	let state: VoiceboxState | undefined;

	const build = (ctx: SandboxContext): VoiceboxState => {
		const config = mergeConfig(defaultConfig(), {
			...options.config,
			...(options.login !== undefined ? { login: options.login } : {}),
			...(options.password !== undefined ? { password: options.password } : {}),
		});
		const campaigns = new Map([[DEFAULT_REMINDER_CAMPAIGN_ID, defaultReminderCampaign()]]);
		for (const input of options.campaigns ?? []) {
			const campaign = buildCampaign(input);
			campaigns.set(campaign.id, campaign);
		}
		return freshState(options.seed ?? ctx.seed, config, [...campaigns.values()]);
	};

	const startCall = (
		req: SandboxRequest,
		res: ServerResponse,
		ctx: SandboxContext,
		s: VoiceboxState,
	): void => {
		const checked = checkStartRequest(req, s);
		const accepted = 'ok' in checked ? acceptCall(ctx, s, checked.ok) : checked;
		if ('error' in accepted) {
			ctx.log({
				direction: 'in',
				module: 'voicebox',
				method: req.method,
				url: req.path,
				status: s.config.statuses[accepted.error],
				error: `${accepted.error}: ${accepted.reason}`,
			});
			bare(res, s.config.statuses[accepted.error]);
			return;
		}
		sendJson(res, 200, { id: accepted.call.id });
	};

	return {
		name: 'voicebox',
		async handle(req, res, ctx) {
			const isStart = req.path.replace(/\/+$/, '') === START_CALL_PATH;
			const isControl = req.path === CONTROL_PREFIX || req.path.startsWith(`${CONTROL_PREFIX}/`);
			if (!isStart && !isControl) return false;
			state ??= build(ctx);
			// a moved clock takes effect on the next request even before the poll timer fires
			pumpQueue(ctx, state);
			if (isStart) startCall(req, res, ctx, state);
			else await handleControl(req, res, ctx, state);
			return true;
		},
		reset(ctx) {
			state = build(ctx);
		},
		describe(baseUrl) {
			const auth = Buffer.from(`${DEFAULT_VOICEBOX_LOGIN}:${DEFAULT_VOICEBOX_PASSWORD}`).toString(
				'base64',
			);
			return [
				`MTT Voicebox: POST ${baseUrl}${START_CALL_PATH}  (Basic ${DEFAULT_VOICEBOX_LOGIN} / ${DEFAULT_VOICEBOX_PASSWORD}, campaign ${DEFAULT_REMINDER_CAMPAIGN_ID})`,
				`  control: ${baseUrl}${CONTROL_PREFIX}/{campaigns,script,calls,config,replay-callback,tick}`,
				`curl -s -H 'Authorization: Basic ${auth}' -H 'Content-Type: application/json' -d '{"method":"${DEFAULT_REMINDER_CAMPAIGN_ID}","data":{"number":"79123456789","guid":"demo-1","name":"Иван Петрович","phrase":"Терапевт завтра в 10 30"}}' ${baseUrl}${START_CALL_PATH}`,
			];
		},
	};
}
