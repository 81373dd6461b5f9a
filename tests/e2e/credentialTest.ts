/**
 * The CoMagic credential's Test button in a real n8n: the credential saved and tested through the REST routes the
 * editor's credential dialog posts to (POST /rest/credentials, then POST /rest/credentials/test with the form's data,
 * every property's default included, as the dialog sends it), against the sandbox. A key must be asked on both APIs:
 * one the Data API refuses fails the test naming the Data API, a good one shows get.account and list.calls. A run of
 * the CoMagic node with that key then sends only its own requests.
 */
import type { AxiosInstance } from 'axios';

import { CoMagicApi } from '../../credentials/CoMagicApi.credentials';
import type { Sandbox } from '../../sandbox';
import { controlClient } from '../../sandbox/controlClient';
import { COMAGIC_ACCESS_KEY } from '../../sandbox/comagic/defaults';
import type { LogEntry } from '../nodes/comagic.helpers';
import { PACKAGE, type Owner } from '../../tooling/n8n/n8n';
import { n8nSetup } from '../../setup/n8nClient';
import { assert, check, waitFor } from './support/checks';

export interface CredentialTestContext {
	http: AxiosInstance;
	sandbox: Sandbox;
	apiKey: string;
	v1: boolean;
	owner: Owner;
}

/** a key the Call API knows and the Data API refuses (sandbox/comagic control route `keys`) */
const CALL_ONLY_KEY = 'e2e-call-only-key-5d1c';
const KEY_RUN_WEBHOOK = '7b3e9c1d-2f4a-4e8b-9c6d-5a1f0e2d3c4b';

export async function runCredentialTestChecks(ctx: CredentialTestContext): Promise<void> {
	const { http, sandbox } = ctx;
	const setup = n8nSetup(ctx);
	await setup.login();
	const { cookie, projectId } = setup.session();
	const rest = (path: string, data: unknown) =>
		http.post(`/rest${path}`, data, { headers: { cookie } });
	// what the dialog holds for a new credential: every property at its default, then what the user typed
	const form = (apiKey: string) => ({
		...Object.fromEntries(new CoMagicApi().properties.map((p) => [p.name, p.default])),
		platform: 'custom',
		callApiUrl: sandbox.urls.comagicCallApi,
		dataApiUrl: sandbox.urls.comagicDataApi,
		authentication: 'apiKey',
		apiKey,
	});
	/** Test, as the dialog does; returns n8n's verdict and what the sandbox was asked with the key. */
	const test = async (
		credentials: { id: string; name: string; data: Record<string, unknown> },
		apiKey: string,
	) => {
		const since = await lastSeq();
		const tested = await rest('/credentials/test', {
			credentials: { ...credentials, type: 'coMagicApi' },
		});
		const verdict = tested.data?.data as { status: string; message: string } | undefined;
		assert(verdict, `testing: HTTP ${tested.status} ${JSON.stringify(tested.data)}`);
		return { verdict, asked: await askedWith(apiKey, since) };
	};
	/** Save a new credential, then Test it, as the dialog does. */
	const saveAndTest = async (name: string, apiKey: string) => {
		const data = form(apiKey);
		const saved = await rest('/credentials', { name, type: 'coMagicApi', data, projectId });
		const id = saved.data?.data?.id as string | undefined;
		assert(id, `saving ${name}: HTTP ${saved.status} ${JSON.stringify(saved.data).slice(0, 300)}`);
		return { id, ...(await test({ id, name, data }, apiKey)) };
	};
	/** Test a saved credential again as the reopened dialog does: the stored data, redacted, empty fields dropped. */
	const retest = async (id: string, name: string, apiKey: string) => {
		const stored = await http.get(`/rest/credentials/${id}`, {
			params: { includeData: true },
			headers: { cookie },
		});
		const data = Object.fromEntries(
			Object.entries(stored.data.data.data as Record<string, unknown>).filter(([, v]) => v !== ''),
		);
		return test({ id, name, data: { ...form(''), ...data } }, apiKey);
	};
	const log = async () =>
		(await controlClient(sandbox).call('GET', '/log?module=comagic')).entries as LogEntry[];
	const lastSeq = async () => (await log()).at(-1)?.seq ?? 0;
	/** `api method` for each JSON-RPC request that carried this key */
	const askedWith = async (key: string, since: number) =>
		(await log())
			.filter((e) => e.seq > since && e.direction === 'in' && e.body?.includes(`"${key}"`))
			.map((e) => `${/dataapi/.test(e.url) ? 'Data API' : 'Call API'} ${e.rpcMethod}`);

	await check(
		'credential Test: a key the Data API refuses fails, naming the Data API',
		async () => {
			await controlClient(sandbox).call('POST', `/comagic/keys`, {
				access_token: CALL_ONLY_KEY,
				apis: ['call'],
			});
			const { verdict, asked } = await saveAndTest('CoMagic call-only key', CALL_ONLY_KEY);
			assert(
				verdict.status === 'Error',
				`the test passed: ${JSON.stringify(verdict)}; asked ${asked}`,
			);
			assert(
				/the Data API refused it \(access_token_invalid/.test(verdict.message) &&
					/works for the Call API/.test(verdict.message),
				`message: ${verdict.message}`,
			);
			assert(!verdict.message.includes(CALL_ONLY_KEY), 'the message repeats the key');
		},
	);

	let goodKey: { id: string; name: string } | undefined;
	await check(
		'credential Test: a good key passes after get.account and list.calls, each time',
		async () => {
			const name = 'CoMagic good key';
			const first = await saveAndTest(name, COMAGIC_ACCESS_KEY);
			goodKey = { id: first.id, name };
			// the test stores nothing that would skip the Data API check next time
			const again = await retest(first.id, name, COMAGIC_ACCESS_KEY);
			for (const { verdict, asked } of [first, again]) {
				assert(verdict.status === 'OK', `the test failed: ${JSON.stringify(verdict)}`);
				assert(
					JSON.stringify(asked) === JSON.stringify(['Data API get.account', 'Call API list.calls']),
					`the sandbox was asked: ${asked.join(', ') || 'nothing'}`,
				);
			}
		},
	);
	// the Data API check runs in a test only: the node's own requests with a key carry no extra get.account
	await check(
		'a run with a key sends only its own requests (no get.account each time)',
		async () => {
			assert(goodKey, 'no saved credential with the good key');
			const workflow = await setup.create({
				name: 'E2E CoMagic key run',
				nodes: [
					{
						id: 'k1',
						name: 'Webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: KEY_RUN_WEBHOOK,
						parameters: {
							httpMethod: 'GET',
							path: KEY_RUN_WEBHOOK,
							responseMode: 'lastNode',
							options: {},
						},
					},
					{
						id: 'k2',
						name: 'Employees',
						type: `${PACKAGE}.coMagic`,
						typeVersion: 1,
						position: [250, 0],
						credentials: { coMagicApi: goodKey },
						parameters: { resource: 'employee', operation: 'getMany', returnAll: true },
					},
				],
				connections: { Webhook: { main: [[{ node: 'Employees', type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			});
			await setup.activate(workflow);
			const since = await lastSeq();
			for (let run = 0; run < 2; run++) {
				const res = await waitFor('the key run webhook', async () => {
					const answer = await http.get(`/webhook/${KEY_RUN_WEBHOOK}`);
					return answer.status === 404 ? undefined : answer;
				});
				assert(res.status === 200, `the run answered ${res.status}: ${JSON.stringify(res.data)}`);
			}
			const asked = await askedWith(COMAGIC_ACCESS_KEY, since);
			assert(
				JSON.stringify(asked) ===
					JSON.stringify(['Data API get.employees', 'Data API get.employees']),
				`two runs asked: ${asked.join(', ')}`,
			);
		},
	);
}
