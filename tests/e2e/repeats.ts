/**
 * Repeats and sequences in a real n8n: the triggers' Duplicate Window against copies sent together and copies spaced
 * out, the clinic scenario's 4-then-answer for one call, and a Voicebox start with a wrong password sent exactly once
 * (n8n 1.x re-sends a request after a 401 on its own).
 */
import type { AxiosInstance } from 'axios';

import type { Sandbox } from '../../sandbox';
import { controlClient } from '../../sandbox/controlClient';
import { START_CALL_PATH } from '../../sandbox/voicebox';
import { assert, check, sleep, waitFor } from './support/checks';
import { BAD_PASSWORD, SECRET, WEBHOOK } from './support/workflows';

export interface RepeatsContext {
	http: AxiosInstance;
	sandbox: Sandbox;
	/** first output item of `node` in each execution of the workflow, newest first */
	outputs(workflowId: string, node: string): Promise<Array<Record<string, any> | undefined>>;
	executions(workflowId: string): Promise<Array<{ status: string; data: unknown }>>;
}

/** Long enough for an execution to finish and (where n8n would) save what it learned before the next copy. */
const SPACING_MS = 2000;
const SETTLE_MS = 2500;

async function together(send: () => Promise<unknown>, copies: number): Promise<void> {
	await Promise.all(Array.from({ length: copies }, send));
}

async function spaced(send: () => Promise<unknown>, copies: number): Promise<void> {
	for (let i = 0; i < copies; i++) {
		if (i > 0) await sleep(SPACING_MS);
		await send();
	}
}

export async function runRepeatChecks(ctx: RepeatsContext): Promise<void> {
	const { http, sandbox } = ctx;

	await check(
		'CoMagic Trigger: 8 copies sent together and 3 sent 2 s apart start one execution each',
		async () => {
			const url = `/webhook/${WEBHOOK.coMagicNotifications}/webhook?token=${SECRET}`;
			const post = (body: object) => () => http.post(url, body);
			const finished = (id: number) => ({
				event: 'call_finished',
				call_session_id: id,
				contact_phone_number: '79161112233',
			});
			await together(post(finished(910001)), 8);
			await spaced(post(finished(910002)), 3);
			// two events this node cannot name, for one call: different notifications, both start the workflow
			await post({ event: 'call_start', call_session_id: 910003 })();
			await post({
				event: 'recorded_talk',
				call_session_id: 910003,
				file_link: 'https://x/r.mp3',
			})();
			await sleep(SETTLE_MS);
			const ids = (await ctx.outputs('e2eCoMagicNotifications', 'CoMagic Trigger')).map(
				(j) => j?.callSessionId,
			);
			const count = (id: number) => ids.filter((i) => i === id).length;
			assert(count(910001) === 1, `copies sent together gave ${count(910001)} executions`);
			assert(count(910002) === 1, `copies sent 2 s apart gave ${count(910002)} executions`);
			assert(
				count(910003) === 2,
				`two different unknown events of one call gave ${count(910003)} executions`,
			);
		},
	);

	await check(
		'Voicebox Trigger: copies of a 4 and a 1, together and 2 s apart, start one execution per code',
		async () => {
			const url = `/webhook/${WEBHOOK.voiceboxStatus}/webhook`;
			const post = (callId: string, response: number) => () =>
				http.post(
					url,
					{ call_id: callId, number_b: '79123456789', response },
					{ headers: { 'X-Webhook-Secret': SECRET } },
				);
			await Promise.all([together(post('rep-1', 4), 8), together(post('rep-1', 1), 8)]);
			await spaced(post('rep-2', 5), 3);
			await sleep(SETTLE_MS);
			const out = (await ctx.outputs('e2eVoiceboxStatus', 'Voicebox Status')).filter(
				Boolean,
			) as Array<Record<string, any>>;
			const codes = (callId: string) =>
				out
					.filter((j) => j.callId === callId)
					.map((j) => j.code)
					.sort();
			assert(
				JSON.stringify(codes('rep-1')) === '[1,4]',
				`call rep-1 gave codes ${JSON.stringify(codes('rep-1'))}`,
			);
			assert(
				JSON.stringify(codes('rep-2')) === '[5]',
				`call rep-2 gave codes ${JSON.stringify(codes('rep-2'))}`,
			);
		},
	);

	await check(
		'the scenario posts 4 at pickup, then the answer: a provisional 4, then a final 1, for one call',
		async () => {
			const number = '79123450001';
			await controlClient(sandbox).call('POST', `/voicebox/script`, {
				number,
				outcomes: [{ outcome: 1, gapMs: 300 }],
			});
			const started = await http.post(`/webhook/${WEBHOOK.startCall}`, {
				phone: number,
				visitId: 'v-pickup',
				attempt: 1,
				name: 'Анна Сергеевна',
			});
			assert(started.status === 200, `the start workflow answered ${started.status}`);
			const seen = await waitFor('both statuses of the call', async () => {
				const out = (await ctx.outputs('e2eVoiceboxStatus', 'Voicebox Status')).filter(
					(j) => j?.callId === started.data.callId,
				) as Array<Record<string, any>>;
				return out.length >= 2 ? out.sort((a, b) => b.code - a.code) : undefined;
			});
			const shape = seen.map(
				(j) => `${j.code}:${j.outcome}:${j.provisional}:${j.final}:${j.retryable}`,
			);
			assert(
				JSON.stringify(shape) ===
					JSON.stringify(['4:hungUpEarly:true:false:false', '1:confirmed:false:true:false']),
				`statuses ${JSON.stringify(shape)}`,
			);
		},
	);

	await check(
		'Start Campaign Call with a wrong password: one request to Voicebox, a 401 that says what to fix',
		async () => {
			const starts = async () =>
				(await controlClient(sandbox).call('GET', `/log`)).entries.filter(
					// the sandbox logs every request it receives with its body; a refusal adds a second entry without one
					(e: { direction: string; method: string; url: string; body?: string }) =>
						e.direction === 'in' &&
						e.method === 'POST' &&
						e.body !== undefined &&
						e.url.replace(/\/+$/, '') === START_CALL_PATH,
				).length;
			const before = await starts();
			const failedBefore = (await ctx.executions('e2eStartCallBadPassword')).length;
			await http.post(`/webhook/${WEBHOOK.startCallBadPassword}`, {
				phone: '79123456789',
				visitId: 'v-401',
				attempt: 1,
				name: 'Анна Сергеевна',
			});
			const execution = await waitFor('the failed start execution', async () => {
				const list = await ctx.executions('e2eStartCallBadPassword');
				return list.length > failedBefore ? list[0] : undefined;
			});
			await sleep(1000);
			const sent = (await starts()) - before;
			const error = (execution.data as any)?.resultData?.error?.message;
			assert(sent === 1, `one start sent ${sent} requests to Voicebox (execution error: ${error})`);
			const text = JSON.stringify(execution);
			assert(execution.status === 'error', `execution status ${execution.status}`);
			assert(
				text.includes('rejected the login or password (HTTP 401)'),
				'the error does not say the password was refused',
			);
			assert(!text.includes(BAD_PASSWORD), 'the password is in the execution data');
			assert(
				!text.includes(Buffer.from(BAD_PASSWORD).toString('base64').slice(0, 12)),
				'the Basic header is in the execution data',
			);
		},
	);
}
