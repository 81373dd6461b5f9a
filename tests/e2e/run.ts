/**
 * `npm run e2e`: the packed package installed as a community package into a real n8n (default 1.123.81, the 1.x
 * LTS; `-- --version X`), driven against the sandbox over loopback:
 *   - every node type and credential type loads under its installed name;
 *   - a Webhook-started workflow runs the MTT Voicebox node (Start Campaign Call) against the sandbox, the sandbox
 *     dials and posts the scenario's status callback to the MTT Voicebox Trigger, whose execution carries the outcome;
 *   - the sandbox's CoMagic cabinet notifications (GET and POST) start CoMagic Trigger executions;
 *   - the CoMagic node reads the call log with a login + password session that n8n stores, reuses and renews;
 *   - interactive call processing answers synchronously;
 *   - a wrong secret gets 401 and starts nothing;
 *   - the trigger secrets live only encrypted in their credentials and rotate without re-publishing (`secrets`);
 *   - the setup command sets the templates up on a bare n8n and upgrades the previous release's in place
 *     (`clinic-setup`, `clinic-upgrade`).
 * Prints `N passed, N failed` and exits non-zero on any failure.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';


import { flag, hasFlag } from '../../tooling/n8n/args';
import { DEFAULT_E2E_N8N } from '../../tooling/n8n/versions';
import { startSandbox, type Sandbox } from '../../sandbox';
import { controlClient } from '../../sandbox/controlClient';
import { DEFAULT_REMINDER_CAMPAIGN_ID } from '../../sandbox/voicebox/defaults';
import { runEditorChecks } from '../browser/editor';
import { runTemplateChecks, shippedTemplatesIn } from '../browser/templates';
import { backdateRows } from '../../tooling/n8n/sqlite';
import { runMissedCallChecks, runSaleChecks } from './comagicCallbacks';
import { runRoutingChecks } from './comagicRouting';
import { CLINIC_API_TOKEN } from '../../tooling/n8n/clinicApi';
import { runClinicErrorChecks } from './clinicErrors';
import { runClinicSetupChecks } from './clinicSetup';
import { runClinicUpgradeChecks } from './clinicUpgrade';
import { runCredentialTestChecks } from './credentialTest';
import { bootN8n, createApiKey, OWNER, ownerCookie, type N8n } from '../../tooling/n8n/n8n';
import { startPostgresClinic, type PostgresClinic } from './support/postgresClinic';
import { runQueueChecks } from './queue';
import { runReminderChecks } from './reminders';
import { runReportChecks } from './report';
import { runRepeatChecks } from './repeats';
import { runStaffAlertChecks } from './staffAlerts';
import { runSecretChecks } from './triggerSecrets';
import { runYearChecks } from './yearOfOperation';
import { assert, check, log, results, timeSummary, waitFor } from './support/checks';
import { buildWorkflows, CREDENTIALS, SECRET, WEBHOOK, notifyLostCall } from './support/workflows';

const version = flag('version', DEFAULT_E2E_N8N);
const requestedPort = Number(flag('port', '0'));
/**
 * `-- --only base,reminders`: run only the named suites (clinic-setup, clinic-upgrade, base, repeats, secrets, staff-alerts,
 * reminders, report, year, reminders-postgres, editor, …); default all. The report and the year suite are judged against a reminder run,
 * so they run the reminders first; clinic-setup and clinic-upgrade each boot a bare n8n of their own.
 */
const only = flag('only', '').split(',').filter(Boolean);
const runs = (suite: string) => only.length === 0 || only.includes(suite);
/** suites that boot an n8n of their own: asked alone, the shared n8n is not started */
const OWN_N8N = ['clinic-setup', 'clinic-upgrade'];

async function main(): Promise<void> {
	// `-- --queue`: main + two workers + a webhook process on Postgres and Redis (tests/e2e/queue.ts)
	if (hasFlag('queue')) return runQueueChecks(version);
	// the setup command, each on a bare n8n of its own (tests/e2e/clinicSetup.ts, clinicUpgrade.ts)
	if (runs('clinic-setup')) await runClinicSetupChecks(version);
	if (runs('clinic-upgrade')) await runClinicUpgradeChecks(version);
	if (only.length > 0 && only.every((suite) => OWN_N8N.includes(suite))) return;
	// the clinic API wants a token in these runs: every suite's Clinic system proves it sends its credential
	const sandbox: Sandbox = await startSandbox({ port: 0, clinic: { apiToken: CLINIC_API_TOKEN } });
	let n8n: N8n | undefined;
	try {
		n8n = await bootN8n({
			version,
			port: requestedPort || undefined,
			credentials: CREDENTIALS(sandbox),
			workflows: buildWorkflows(),
		});
		log(`n8n ${version}, sandbox ${sandbox.baseUrl}, user folder ${n8n.userFolder}`);
		const { http, base, v1 } = n8n;
		const output = n8n.output;
		// Ready when every trigger is registered: a wrong secret gets 401 (an unregistered webhook gets 404).
		// Read from the webhooks, not the log: 2.x does not print its activations at the default log level.
		const probes = [
			() =>
				http.post(
					`/webhook/${WEBHOOK.voiceboxStatus}/webhook`,
					{},
					{ headers: { 'X-Webhook-Secret': 'probe' } },
				),
			() => http.get(`/webhook/${WEBHOOK.coMagicNotifications}/webhook?token=probe`),
			() => http.post(`/webhook/${WEBHOOK.coMagicInteractive}/webhook?token=probe`, {}),
		];
		await waitFor(
			'workflow activation',
			async () =>
				(await Promise.all(probes.map((p) => p()))).every((r) => r.status === 401)
					? true
					: undefined,
			60000,
		).catch((error: Error) => {
			throw new Error(`${error.message}; n8n said:\n${output().split('\n').slice(-25).join('\n')}`);
		});
		const apiKey = await createApiKey(http, await ownerCookie(http));
		const executions = async (workflowId: string) =>
			(
				await http.get('/api/v1/executions', {
					params: { workflowId, includeData: true, limit: 250 },
					headers: { 'X-N8N-API-KEY': apiKey },
				})
			).data.data as Array<{
				status: string;
				data: { resultData: { runData: Record<string, any[]> } };
			}>;
		const firstJson = (execution: any, node: string) =>
			execution.data.resultData.runData[node]?.[0]?.data?.main?.[0]?.[0]?.json;
		const outputs = async (workflowId: string, node: string) =>
			(await executions(workflowId)).map((e) => firstJson(e, node));

		if (runs('base')) await runBaseChecks();
		async function runBaseChecks() {
			await check('every node and credential type of the package loads', async () => {
				assert(
					!/Unrecognized node type|There was an error/.test(output()),
					'n8n reported a load error',
				);
				assert(
					!/Issue on initial workflow activation/.test(output()),
					'a workflow failed to activate',
				);
			});

			await check(
				'Start Campaign Call → sandbox dials → status callback → Voicebox Trigger',
				async () => {
					await sandbox.ctx.send({
						module: 'e2e',
						kind: 'configure',
						method: 'PATCH',
						url: `${sandbox.urls.control}/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`,
						headers: { 'Content-Type': 'application/json' },
						body: JSON.stringify({
							window: { from: '00:00', to: '24:00', timeZone: 'Europe/Moscow' },
							callback: {
								url: `${base}/webhook/${WEBHOOK.voiceboxStatus}/webhook`,
								method: 'POST',
								headers: { 'X-Webhook-Secret': SECRET },
								contentType: null,
							},
						}),
					});
					await controlClient(sandbox).call('POST', `/voicebox/script`, {
						number: '79123456789',
						outcomes: [5],
					});
					const started = await http.post(`/webhook/${WEBHOOK.startCall}`, {
						phone: '8 (912) 345-67-89',
						visitId: 'v-42',
						attempt: 1,
						name: 'Анна Сергеевна',
					});
					assert(
						started.status === 200,
						`the start workflow answered ${started.status}: ${JSON.stringify(started.data)}`,
					);
					assert(started.data.number === '79123456789', `normalised number ${started.data.number}`);
					assert(
						typeof started.data.callId === 'string' && started.data.callId !== '',
						'no call id',
					);
					const status = await waitFor('the status execution', async () => {
						const list = await executions('e2eVoiceboxStatus');
						return list.find(
							(e) => firstJson(e, 'Voicebox Status')?.callId === started.data.callId,
						);
					});
					const json = firstJson(status, 'Voicebox Status');
					assert(
						json.outcome === 'noAnswer' && json.retryable === true,
						`outcome ${JSON.stringify(json)}`,
					);
					assert(json.guid === 'v-42-1', `guid ${json.guid}`);
					const plan = firstJson(status, 'Plan');
					assert(
						plan && plan.final === false && typeof plan.nextAttemptAt === 'string',
						`plan ${JSON.stringify(plan)}`,
					);
				},
			);

			await check(
				'CoMagic Call Log with a login + password session, renewed after the token expires',
				async () => {
					const lost = async () => {
						const res = await http.get(`/webhook/${WEBHOOK.callLog}`);
						assert(
							res.status === 200,
							`the call log workflow answered ${res.status}: ${JSON.stringify(res.data)}`,
						);
						return res.data as { id: number; is_lost: boolean };
					};
					const first = await lost();
					assert(
						typeof first.id === 'number' && first.is_lost === true,
						`first row ${JSON.stringify(first)}`,
					);
					const logins = async () =>
						(await controlClient(sandbox).call('GET', '/log?module=comagic')).entries.filter(
							(e: { direction: string; rpcMethod?: string }) =>
								e.direction === 'in' && e.rpcMethod === 'login.user',
						).length;
					const before = await logins();
					assert(
						before === 1,
						`expected one login for two runs sharing the stored session, saw ${before}`,
					);
					await lost();
					assert(
						(await logins()) === 1,
						'a second run logged in again instead of reusing the stored session',
					);
					await controlClient(sandbox).call('POST', `/comagic/expire-tokens`);
					await lost();
					assert((await logins()) === 2, 'the expired session was not renewed exactly once');
				},
			);

			await check('a callback with a wrong secret gets 401 and starts nothing', async () => {
				const before = (await executions('e2eVoiceboxStatus')).length;
				const res = await http.post(
					`/webhook/${WEBHOOK.voiceboxStatus}/webhook`,
					'{"call_id":"x","response":1}',
					{
						headers: { 'X-Webhook-Secret': 'wrong', 'Content-Type': 'application/json' },
					},
				);
				assert(res.status === 401, `status ${res.status}`);
				await new Promise((r) => setTimeout(r, 1000));
				assert((await executions('e2eVoiceboxStatus')).length === before, 'an execution started');
			});

			await check(
				'CoMagic cabinet notifications (GET and POST) start CoMagic Trigger executions',
				async () => {
					const session = await notifyLostCall(sandbox, base);
					const seen = await waitFor('both notifications', async () => {
						const events = (await executions('e2eCoMagicNotifications'))
							.map((e) => firstJson(e, 'CoMagic Trigger'))
							.filter((j) => j?.callSessionId === session)
							.map((j) => j.event)
							.sort();
						return events.length >= 2 ? events : undefined;
					});
					assert(
						JSON.stringify(seen) === JSON.stringify(['call_finished', 'lost_call']),
						`events ${seen.join(', ')}`,
					);
				},
			);

			await check('interactive call processing answers synchronously', async () => {
				const res = await http.post(
					`/webhook/${WEBHOOK.coMagicInteractive}/webhook?token=${SECRET}`,
					{ call_session_id: 501, contact_phone_number: '79161234567' },
				);
				assert(res.status === 200, `status ${res.status}`);
				assert(
					Array.isArray(res.data.phones) && res.data.phones[0] === '74993720692',
					`answer ${JSON.stringify(res.data)}`,
				);
			});
		}

		if (runs('repeats')) await runRepeatChecks({ http, sandbox, executions, outputs });
		// the trigger secrets: only encrypted in their credentials, rotated without re-publishing, version 1 still
		// working (tests/e2e/triggerSecrets.ts). Before the suites that activate the same templates (a fixed webhook id
		// allows one active copy); it deletes what it made, so they find the paths free.
		if (runs('secrets')) await runSecretChecks({ n8n, sandbox, apiKey, owner: OWNER });
		// the call-routing templates (screen pop, interactive routing), imported and bound like a clinic's setup
		if (runs('routing')) await runRoutingChecks({ http, base, sandbox, apiKey, v1, owner: OWNER });
		// what the Clinic system says when the clinic API fails (tests/e2e/clinicErrors.ts)
		if (runs('clinic-errors')) await runClinicErrorChecks({ http, sandbox, apiKey, v1, owner: OWNER });
		// Staff alerts: operator requests, the digest and faults reach the sandbox's Telegram and SMTP
		// (tests/e2e/staffAlerts.ts); it deletes the reminder it activates, so the suites below find its paths free
		if (runs('staff-alerts')) await runStaffAlertChecks({ http, base, sandbox, apiKey, v1, owner: OWNER, version });
		// missed-call callback and sale tagging, imported and bound like a clinic's setup
		const backdate = (tableId: string, key: string, values: string[], createdAt: Date) =>
			backdateRows(
				n8n!,
				tableId,
				values.map((visitId) => ({ visitId, createdAt })),
				key,
			);
		if (runs('missed-calls'))
			await runMissedCallChecks({ http, sandbox, apiKey, v1, owner: OWNER, n8n, backdate });
		if (runs('sales')) await runSaleChecks({ http, sandbox, apiKey, v1, owner: OWNER, backdate });
		// the CoMagic credential's Test button, as the editor's credential dialog calls it (tests/e2e/credentialTest.ts)
		if (runs('credential'))
			await runCredentialTestChecks({ http, sandbox, apiKey, v1, owner: OWNER });
		// the shipped reminder templates, imported and bound through the API like a clinic's setup would
		const reminderRun =
			runs('reminders') || runs('report') || runs('year')
				? await runReminderChecks({ http, base, sandbox, apiKey, v1, owner: OWNER, n8n, backdate })
				: undefined;
		// the reminder report page, judged against what the sandbox recorded for that run (tests/e2e/report.ts)
		const report = reminderRun
			? await runReportChecks({ n8n, sandbox, apiKey, run: reminderRun })
			: undefined;
		// the drain before a restart and the Data Table size limit, in the same n8n (tests/e2e/yearOfOperation.ts)
		if (reminderRun && runs('year'))
			await runYearChecks({ n8n, sandbox, apiKey, owner: OWNER, run: reminderRun, report });
		// the same reminder run against the PostgreSQL variant of the clinic system, on a real PostgreSQL the suite starts
		// (tests/e2e/support/postgresClinic.ts), judged from PostgreSQL's own records
		if (runs('reminders-postgres')) {
			let clinic: PostgresClinic | undefined;
			await check('reminders-postgres: a PostgreSQL clinic system with the shipped SQL loaded', async () => {
				// the reminder above holds the fixed webhook paths; n8n serves them from one active workflow only
				if (reminderRun) {
					const off = await http.post(`/api/v1/workflows/${reminderRun.reminderId}/${v1 ? 'deactivate' : 'unpublish'}`, {}, { headers: { 'X-N8N-API-KEY': apiKey } });
					assert(off.status === 200, `deactivating the first reminder: HTTP ${off.status}`);
				}
				clinic = await startPostgresClinic();
			});
			if (clinic) {
				try {
					await runReminderChecks({
						http,
						base,
						sandbox,
						apiKey,
						v1,
						owner: OWNER,
						n8n,
						backdate,
						clinic,
						campaign: '5d2e8f1a-4c6b-4a9e-b3d7-9e0f1a2b3c4d',
						ledgerName: 'reminder_ledger_postgres',
					});
				} finally {
					await clinic.stop();
				}
			}
		}
		// the editor in a real browser: node creator, panels, required secrets, credential dialogs (tests/browser)
		if (runs('editor')) await runEditorChecks({ n8n, owner: OWNER, apiKey });
		// every shipped template the suites above imported, opened in the editor (tests/browser/templates.ts)
		if (runs('editor')) {
			const list = await http.get('/api/v1/workflows', {
				params: { limit: 250 },
				headers: { 'X-N8N-API-KEY': apiKey },
			});
			const { found } = shippedTemplatesIn(list.data.data);
			if (found.length)
				await runTemplateChecks({
					base,
					version,
					owner: OWNER,
					templates: found,
					screenshots: join(process.env.E2E_SCREENSHOTS ?? tmpdir(), `templates-${version}`),
				});
		}
	} finally {
		await n8n?.dispose();
		await sandbox.stop();
	}
}

main()
	.catch((error: Error) => {
		results.push({ name: 'e2e setup', ok: false, detail: error.message });
		log(`  FAIL  e2e setup: ${error.message}`);
	})
	.finally(() => {
		const failed = results.filter((r) => !r.ok).length;
		for (const line of timeSummary()) log(line);
		log(`${results.length - failed} passed, ${failed} failed`);
		process.exit(failed > 0 ? 1 : 0);
	});
