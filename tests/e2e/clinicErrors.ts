/**
 * What the shipped Clinic system says when the clinic API fails, in a real n8n: a refused credential, a timeout, an
 * untrusted TLS certificate, a host nobody listens on, a page that is not JSON. One copy of the sub-workflow per
 * fault (its own clinicApiUrl and credential), called by a small webhook workflow the way the reminder calls it, and
 * each answer judged by its `error` text: what went wrong and what to fix, never the token.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import axios, { type AxiosInstance } from 'axios';

import type { Sandbox } from '../../sandbox';
import { n8nSetup } from '../../setup/n8nClient';
import type { Workflow } from '../../setup/workflowFile';
import { callWorkflow } from '../../templates/build';
import { CLINIC_API_TOKEN, clinicSystemFor } from '../../tooling/n8n/clinicApi';
import { freePort } from '../../tooling/n8n/n8n';
import { assert, check, log, waitFor } from './support/checks';

export interface ClinicErrorContext {
	http: AxiosInstance;
	sandbox: Sandbox;
	apiKey: string;
	v1: boolean;
	owner: { email: string; password: string };
}

const CALLER_PATH = 'e2e-clinic-errors-5b7d2c';
const WRONG_TOKEN = 'e2e-wrong-clinic-token-91ad';

/** Webhook {workflowId, items} → Clinic system with the items → the answers (all items of the last node). */
function callerWorkflow(): Workflow {
	const call = callWorkflow('Clinic system', [440, 0], "$('Webhook').first().json.body.workflowId");
	return {
		name: 'E2E clinic errors caller',
		nodes: [
			{
				id: 'w',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: CALLER_PATH,
				parameters: {
					httpMethod: 'POST',
					path: CALLER_PATH,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: 's',
				name: 'Items',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			{ id: 'c', ...call },
		],
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Clinic system', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Loopback servers that fail the way a clinic's can. */
async function faultyServers(): Promise<{ urls: Record<string, string>; close(): void }> {
	const dir = mkdtempSync(join(tmpdir(), 'clinic-tls-'));
	// a self-signed certificate, as an in-house server often has
	execFileSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-days',
			'1',
			'-subj',
			'/CN=127.0.0.1',
		].concat(['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]),
		{ stdio: 'ignore' },
	);
	const json = (_req: unknown, res: import('node:http').ServerResponse) => {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{}');
	};
	const servers: Server[] = [
		// accepts and never answers
		createServer(() => undefined),
		// a web server's login page where the API should be
		createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/html' });
			res.end('<html><body><form>Login</form></body></html>');
		}),
		createTlsServer(
			{ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
			json,
		),
	];
	const ports: number[] = [];
	for (const server of servers) {
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		ports.push((server.address() as { port: number }).port);
	}
	return {
		urls: {
			silent: `http://127.0.0.1:${ports[0]}/clinic`,
			html: `http://127.0.0.1:${ports[1]}/clinic`,
			tls: `https://127.0.0.1:${ports[2]}/clinic`,
			closed: `http://127.0.0.1:${await freePort()}/clinic`,
		},
		close() {
			for (const server of servers) server.close();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

export async function runClinicErrorChecks(ctx: ClinicErrorContext): Promise<void> {
	const { http, sandbox } = ctx;
	const setup = n8nSetup({ http, apiKey: ctx.apiKey, v1: ctx.v1, owner: ctx.owner });
	const made: string[] = [];
	let servers: Awaited<ReturnType<typeof faultyServers>> | undefined;
	/** one Clinic system per fault: its URL, its credential's token, its timeout */
	const copies: Record<string, string> = {};
	const ask = async (fault: string, items: unknown[]) => {
		const res = await http.post(`/webhook/${CALLER_PATH}`, { workflowId: copies[fault], items });
		assert(res.status === 200, `${fault}: the caller answered HTTP ${res.status}`);
		return res.data as Array<Record<string, unknown>>;
	};
	const visit = 'V-ERRORS-1';

	try {
		await check(
			'clinic errors: one Clinic system per fault, imported and published, with a caller',
			async () => {
				await setup.login();
				servers = await faultyServers();
				const added = await axios.post(`${sandbox.urls.control}/clinic/visits`, { id: visit });
				assert(added.status === 200, `the visit: HTTP ${added.status}`);
				const faults: Array<[string, string, string, number]> = [
					['right', sandbox.urls.clinic, CLINIC_API_TOKEN, 10_000],
					['wrong token', sandbox.urls.clinic, WRONG_TOKEN, 10_000],
					['timeout', servers.urls.silent, CLINIC_API_TOKEN, 1500],
					['html', servers.urls.html, CLINIC_API_TOKEN, 10_000],
					['tls', servers.urls.tls, CLINIC_API_TOKEN, 10_000],
					['closed', servers.urls.closed, CLINIC_API_TOKEN, 10_000],
				];
				for (const [fault, url, token, timeoutMs] of faults) {
					const wf = await clinicSystemFor(setup.credential, sandbox, token, {
						clinicApiUrl: url,
						timeoutMs,
					});
					wf.name = `${wf.name} [${fault}]`;
					copies[fault] = await setup.create(wf);
					made.push(copies[fault]);
					// 2.x runs a sub-workflow's published version; 1.x cannot activate one with only a sub-workflow trigger
					if (!ctx.v1) await setup.activate(copies[fault]);
				}
				const caller = await setup.create(callerWorkflow());
				made.push(caller);
				await setup.activate(caller);
				// a published webhook is served a moment later
				await waitFor(
					'the caller webhook',
					async () =>
						(await http.post(`/webhook/${CALLER_PATH}`, {}, { validateStatus: () => true }))
							.status !== 404 || undefined,
					30_000,
				);
				const [answer] = await ask('right', [{ action: 'getVisit', visitId: visit }]);
				assert(
					answer.found === true && answer.error === '' && answer.visitId === visit,
					`with the right token: ${JSON.stringify(answer)}`,
				);
			},
		);

		const expectations: Array<[string, RegExp]> = [
			[
				'wrong token',
				/^the clinic system refused the credential "Clinic API" \(HTTP 401\): check its header/,
			],
			[
				'timeout',
				/^the clinic system did not answer within 1500 ms: check that it runs and clinicApiUrl/,
			],
			[
				'html',
				/^the clinic system answered HTTP 200 with something that is not JSON \(a web page\?\): clinicApiUrl must point at the clinic API/,
			],
			[
				'tls',
				/^the clinic system's TLS certificate is not trusted( \([A-Z_]+\))?: give n8n the clinic's CA certificate \(NODE_EXTRA_CA_CERTS\)/,
			],
			[
				'closed',
				/^cannot reach the clinic system \(ECONNREFUSED\): check clinicApiUrl in Settings/,
			],
		];
		for (const [fault, expected] of expectations) {
			await check(
				`clinic errors: ${fault}: every action answers found/written/delivered false and says why`,
				async () => {
					const answers = [
						...(await ask(fault, [
							{ action: 'getVisit', visitId: visit },
							{ action: 'getVisit', visitId: 'V-ERRORS-2' },
						])),
						...(await ask(fault, [
							{ action: 'writeResult', visitId: visit, outcome: 'confirmed', code: 1, attempts: 1 },
						])),
						...(await ask(fault, [{ action: 'findPatient', phone: '79161234567' }])),
					];
					const wrong = answers.filter(
						(a) => a.found === true || a.written === true || !expected.test(String(a.error)),
					);
					assert(answers.length === 4 && wrong.length === 0, `answers: ${JSON.stringify(answers)}`);
					const [a, b] = answers;
					assert(
						a.visitId === visit && b.visitId === 'V-ERRORS-2',
						'the answers lost their visitId or order',
					);
					const text = JSON.stringify(answers);
					assert(
						!text.includes(CLINIC_API_TOKEN) && !text.includes(WRONG_TOKEN),
						'an answer carries a token',
					);
					log(`        ${String(a.error).slice(0, 150)}`);
				},
			);
		}

		await check(
			'clinic errors: dueVisits with a refused credential fails the call with the reason: nobody is taken for "none due"',
			async () => {
				const [answer] = await ask('wrong token', [{ action: 'dueVisits', date: 'tomorrow' }]);
				assert(
					/dueVisits: the clinic system refused the credential "Clinic API" \(HTTP 401\)/.test(
						String(answer?.error),
					),
					`answer: ${JSON.stringify(answer)}`,
				);
			},
		);
	} finally {
		servers?.close();
		for (const id of made) {
			if (!ctx.v1) await setup.api('POST', `/workflows/${id}/unpublish`);
			else await setup.api('POST', `/workflows/${id}/deactivate`);
			await setup.api('DELETE', `/workflows/${id}`);
		}
	}
}
