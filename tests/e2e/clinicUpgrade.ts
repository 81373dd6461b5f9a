/**
 * The setup command as an upgrade (`npm run setup -- --config clinic.json`, setup/cli.ts), on a bare n8n of its own:
 * a clinic that set the previous release's templates (0.1.0, commit a3463ec, read from git history) up by hand, as
 * that release's README said — Data Tables, credentials bound by name, Settings filled in, a Shared Secret typed into
 * each version-1 trigger, imported through the public API and activated — then changed a few Settings, ran the
 * reminder and edited one workflow beyond its Settings. The command, run from HEAD as the clinic would run it:
 *   - refuses the edited workflow (exit 1, naming it and --force) and changes nothing;
 *   - with --force keeps a copy of it and upgrades everything in place, keeping the clinic's Settings, credentials,
 *     webhook ids (the URLs pasted into Voicebox and CoMagic), Shared Secrets (now in credentials), active states and
 *     every Data Table row; the reminder still calls and writes results;
 *   - run again, changes nothing.
 * Judged from n8n's API, the sandbox's records and the command's own output.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { controlClient } from '../../sandbox/controlClient';
import { startSandbox, type Sandbox } from '../../sandbox';
import { COMAGIC_VIRTUAL_NUMBER } from '../../sandbox/comagic/defaults';
import { coMagicCredentialData, voiceboxCredentialData } from '../../sandbox/credentials';
import { DEFAULT_REMINDER_CAMPAIGN_ID } from '../../sandbox/voicebox/defaults';
import { fingerprint, releasedFingerprints } from '../../setup/fingerprint';
import { settingsOf } from '../../setup/merge';
import { n8nSetup } from '../../setup/n8nClient';
import { readTemplate, setSetting, type Workflow } from '../../setup/workflowFile';
import {
	CALLBACK_COLUMNS,
	CALLBACK_TABLE_NAME,
	LEDGER_COLUMNS,
	LEDGER_TABLE_NAME,
	REMINDER_WEBHOOKS,
	REPORT_WEBHOOK,
	ROUTING_WEBHOOKS,
	SALE_COLUMNS,
	SALE_TABLE_NAME,
	SALE_WEBHOOKS,
	TEMPLATE_FILES,
} from '../../templates/names';
import { bootN8n, createApiKey, OWNER, ownerCookie, ROOT, type N8n } from '../../tooling/n8n/n8n';
import { runSetup as runCommand, setupEnv, type SetupRun } from './support/setupCommand';
import { assert, check, log, sleep, waitFor } from './support/checks';
import { CLINIC_API_TOKEN } from '../../tooling/n8n/clinicApi';

type Row = Record<string, any>;
type Client = ReturnType<typeof n8nSetup>;

/** the previous release, as setup/releases.json records it */
const RELEASE = { version: '0.1.0', commit: 'a3463ec' };
/** what n8n's import drops (setup/workflowFile.ts readTemplate) */
const DROPPED = ['id', 'active', 'versionId', 'pinData', 'meta', 'tags', 'shared'];

/** the Shared Secrets the clinic typed into the version-1 triggers, one per trigger as the old README said */
const SECRETS = {
	voicebox: 'clinic-voicebox-secret-0.1.0-5b2e91c7d4',
	screenPop: 'clinic-screen-pop-secret-0.1.0-8f13a6',
	routing: 'clinic-routing-secret-0.1.0-2c7e4d09',
};
const CLINIC_HEADER = { name: 'X-Clinic-Secret', value: 'clinic-header-secret-0.1.0-6a1f' };
const REPORT_LOGIN = { user: 'manager', password: 'report-password-0.1.0' };
const ZONE = 'Europe/Moscow';
const OPERATOR_PHONE = '79035550100';
/** a caller the clinic does not know: the routing answers the scenario's branch code */
const STRANGER = '79165550999';

/** the clinic's own Settings edits, made in the editor after the first setup */
const EDITS: Record<string, Record<string, unknown>> = {
	[TEMPLATE_FILES.appointmentReminder]: { maxAttempts: 2, batchSize: 7 },
	[TEMPLATE_FILES.reminderReport]: { defaultDays: 14 },
};
/** the edit beyond Settings: the sale tagging's nightly clean-up moved from 03:40 to 02:40 */
const EDITED = { file: TEMPLATE_FILES.saleTagging, node: 'Every night', hour: 2 };

/** the sub-workflow first: the others name its id */
const FILES = [
	TEMPLATE_FILES.clinicSystem,
	TEMPLATE_FILES.appointmentReminder,
	TEMPLATE_FILES.missedCallCallback,
	TEMPLATE_FILES.incomingCall,
	TEMPLATE_FILES.interactiveRouting,
	TEMPLATE_FILES.saleTagging,
	TEMPLATE_FILES.reminderReport,
];
const SUB_WORKFLOW = TEMPLATE_FILES.clinicSystem;

/** A template file as the previous release shipped it, from git history. */
function releasedTemplate(file: string): Workflow {
	let text: string;
	try {
		text = execFileSync('git', ['show', `${RELEASE.commit}:workflows/${file}`], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		}).toString();
	} catch (error) {
		const said = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message)
			.trim()
			.split('\n')[0];
		throw new Error(
			`release ${RELEASE.version} (commit ${RELEASE.commit}) is not in this clone's git history (git show ${RELEASE.commit}:workflows/${file}: ${said}); the upgrade suite sets that release's templates up first: fetch the full history (git fetch --unshallow) and run it again`,
		);
	}
	const wf = JSON.parse(text);
	for (const key of DROPPED) delete wf[key];
	return wf;
}

interface Snapshot {
	/** every workflow in n8n, as the public API lists it */
	workflows: Row[];
	credentials: Array<{ id: string; name: string; type: string }>;
	tables: Array<{ id: string; name: string; columns: string[]; rows: Row[] }>;
}

const byName = (wf: Row, name: string): Row | undefined =>
	(wf.nodes as Row[]).find((n) => n.name === name);
const tail = (text: string, lines = 12) => text.trim().split('\n').slice(-lines).join('\n');

export async function runClinicUpgradeChecks(version: string): Promise<void> {
	const started = Date.now();
	const work = mkdtempSync(join(tmpdir(), 'clinic-upgrade-'));
	// no seeded CoMagic calls: the missed-call callback has nothing to call back, so its table holds only our rows
	const sandbox: Sandbox = await startSandbox({ port: 0, comagic: { seedCalls: 0 } });
	let n8n: N8n | undefined;
	const ctl = controlClient(sandbox).request;
	log(`clinic upgrade on n8n ${version}: ${RELEASE.version} (${RELEASE.commit}) → HEAD`);
	try {
		// the clinic's visits are only the ones this suite adds
		await ctl('POST', '/clinic/seed', { count: 0 });

		const old = new Map<string, Workflow>();
		await check(
			`clinic upgrade: the ${RELEASE.version} templates read from git history (${RELEASE.commit})`,
			async () => {
				for (const file of FILES) {
					const wf = releasedTemplate(file);
					const release = releasedFingerprints(file).find((r) => r.version === RELEASE.version);
					assert(
						release?.fingerprint === fingerprint(wf),
						`${file} at ${RELEASE.commit} has fingerprint ${fingerprint(wf)}, setup/releases.json records ${release?.fingerprint} for ${RELEASE.version}`,
					);
					old.set(file, wf);
				}
			},
		);
		if (old.size !== FILES.length) return;

		let client: Client | undefined;
		let apiKey = '';
		let base = '';
		const ids = new Map<string, string>();
		const tables = { ledger: '', callbacks: '', sales: '' };
		/** each workflow as the clinic last saved it (what it edits and saves again) */
		const saved = new Map<string, Workflow>();
		let ready = false;
		await check(
			`clinic upgrade: the ${RELEASE.version} templates set up the old way (tables, credentials by name, Settings, Shared Secrets; imported and activated)`,
			async () => {
				n8n = await bootN8n({ version });
				base = n8n.base;
				apiKey = await createApiKey(n8n.http, await ownerCookie(n8n.http));
				client = n8nSetup({ http: n8n.http, apiKey, v1: n8n.v1, owner: OWNER });
				await client.login();
				tables.ledger = await client.createTable(LEDGER_TABLE_NAME, LEDGER_COLUMNS);
				tables.callbacks = await client.createTable(CALLBACK_TABLE_NAME, CALLBACK_COLUMNS);
				tables.sales = await client.createTable(SALE_TABLE_NAME, SALE_COLUMNS);
				const credentials = [
					await client.credential(
						'MTT Voicebox account',
						'mttVoiceboxApi',
						voiceboxCredentialData(sandbox),
					),
					await client.credential('CoMagic account', 'coMagicApi', coMagicCredentialData(sandbox)),
					await client.credential('Clinic system webhook', 'httpHeaderAuth', CLINIC_HEADER),
					await client.credential('Reminder report access', 'httpBasicAuth', REPORT_LOGIN),
				];
				const settings = (file: string): Record<string, unknown> => {
					const clinicWorkflowId = ids.get(SUB_WORKFLOW);
					const allDay = {
						weekdayFrom: '00:00',
						weekdayTo: '24:00',
						weekendFrom: '00:00',
						weekendTo: '24:00',
					};
					return {
						[TEMPLATE_FILES.clinicSystem]: { clinicApiUrl: sandbox.urls.clinic },
						[TEMPLATE_FILES.appointmentReminder]: {
							ledgerTableId: tables.ledger,
							clinicWorkflowId,
							campaignId: DEFAULT_REMINDER_CAMPAIGN_ID,
							clinicTimeZone: ZONE,
							...allDay,
						},
						[TEMPLATE_FILES.missedCallCallback]: {
							callbackTableId: tables.callbacks,
							virtualNumber: COMAGIC_VIRTUAL_NUMBER,
							operatorPhone: OPERATOR_PHONE,
							timeZone: ZONE,
						},
						[TEMPLATE_FILES.incomingCall]: { clinicWorkflowId },
						[TEMPLATE_FILES.interactiveRouting]: { clinicWorkflowId },
						[TEMPLATE_FILES.saleTagging]: { salesTableId: tables.sales, timeZone: ZONE },
						[TEMPLATE_FILES.reminderReport]: {
							ledgerTableId: tables.ledger,
							callbackTableId: tables.callbacks,
							salesTableId: tables.sales,
							clinicTimeZone: ZONE,
						},
					}[file] as Record<string, unknown>;
				};
				const secrets: Record<string, string> = {
					'Voicebox status': SECRETS.voicebox,
					'CoMagic call': SECRETS.screenPop,
					'CoMagic routing': SECRETS.routing,
				};
				for (const file of FILES) {
					const wf = JSON.parse(JSON.stringify(old.get(file))) as Workflow;
					for (const [name, value] of Object.entries(settings(file))) setSetting(wf, name, value);
					for (const node of wf.nodes) {
						if (node.name in secrets && node.typeVersion === 1)
							node.parameters.secret = secrets[node.name];
						// the credential of the name the template gives, picked in each node (a disabled branch stays unset)
						if (node.disabled) continue;
						for (const [type, want] of Object.entries((node.credentials ?? {}) as Row)) {
							const found = credentials.find((c) => c.name === want.name);
							assert(
								found,
								`${wf.name}: node ${node.name} names credential "${want.name}" (${type}), which the old README did not create`,
							);
							node.credentials[type] = { id: found.id, name: found.name };
						}
					}
					ids.set(file, await client.create(wf));
					saved.set(file, wf);
				}
				// 2.x runs the published version of a sub-workflow; 1.x cannot activate one with only a sub-workflow trigger
				for (const file of FILES)
					if (!(n8n.v1 && file === SUB_WORKFLOW)) await client.activate(ids.get(file)!);
				// every URL registered: a wrong secret gets 401/403 (an unregistered webhook gets 404)
				const http = n8n.http;
				await waitFor(
					'the old workflows to register their webhooks',
					async () => {
						const answers = await Promise.all([
							http.post(
								`/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`,
								{},
								{ headers: { 'X-Webhook-Secret': 'probe' } },
							),
							http.post(`/webhook/${ROUTING_WEBHOOKS.screenPop}/webhook?token=probe`, {}),
							http.get(`/webhook/${ROUTING_WEBHOOKS.interactive}/webhook?token=probe`),
							http.get(`/webhook/${REPORT_WEBHOOK}`),
							http.post(`/webhook/${SALE_WEBHOOKS.paidVisit}`, {}),
						]);
						return answers.every((r) => r.status === 401 || r.status === 403) ? true : undefined;
					},
					60_000,
				);
				ready = true;
			},
		);
		if (!client || !ready) return;
		const setup = client;
		const http = n8n!.http;
		const v1 = n8n!.v1;
		const { cookie, projectId } = setup.session();
		const rest = (method: string, path: string, data?: unknown) =>
			http.request({ method, url: `/rest${path}`, data, headers: { cookie } });
		const digits = (phone: string) => `7${phone.replace(/\D/g, '').slice(-10)}`;
		const runNow = () =>
			http.post(`/webhook/${REMINDER_WEBHOOKS.runNow}`, {}, { timeout: 120_000 });
		const results = async () => (await ctl('GET', '/clinic/results')).data as Row[];
		/** Adds tomorrow's visits with scripted answers, then ticks until the clinic system has a result for each. */
		const remind = async (
			visits: Array<{ id: string; phone: string; outcome: number; expect: string }>,
		) => {
			for (const v of visits) {
				const added = await ctl('POST', '/clinic/visits', {
					id: v.id,
					phone: v.phone,
					timeZone: ZONE,
					specialty: 'Терапевт',
				});
				assert(added.status === 200, `visit ${v.id}: ${JSON.stringify(added.data)}`);
				const script = await ctl('POST', '/voicebox/script', {
					number: digits(v.phone),
					outcomes: [v.outcome, v.outcome],
				});
				assert(script.status === 200, `script ${v.id}: ${JSON.stringify(script.data)}`);
			}
			const t0 = Date.now();
			const until = t0 + 150_000;
			const ticks: number[] = [];
			for (;;) {
				const t = Date.now();
				const tick = await runNow();
				ticks.push(Date.now() - t);
				assert(
					tick.status === 200,
					`Run now: HTTP ${tick.status} ${JSON.stringify(tick.data).slice(0, 200)}`,
				);
				const got = await results();
				const outcomes = visits.map((v) => got.find((r) => r.visitId === v.id)?.outcome);
				if (visits.every((v, i) => outcomes[i] === v.expect)) break;
				assert(
					Date.now() < until,
					`after 150 s the clinic system holds ${JSON.stringify(outcomes)} for ${visits.map((v) => v.id).join(', ')}`,
				);
				// an imported visit is due at once inside its window, or at the window's opening: wait for it rather than
				// tick in between
				const mine = (await setup.rows(tables.ledger)).filter((r) =>
					visits.some((v) => v.id === r.visitId),
				);
				const waiting = mine.every(
					(r) => r.status === 'due' && Number(r.nextAttemptMs) > Date.now(),
				);
				const next = Math.min(...mine.map((r) => Number(r.nextAttemptMs)));
				await sleep(
					mine.length === visits.length && waiting
						? Math.min(next - Date.now() + 500, 65_000)
						: 1000,
				);
			}
			log(
				`        ${ticks.length} Run now ticks (${ticks.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s) until the clinic had the results, ${Math.round((Date.now() - t0) / 1000)} s`,
			);
			// the ledger row says written once the write's execution ends
			await waitFor(
				'the ledger rows to say written',
				async () => {
					const rows = await setup.rows(tables.ledger);
					return visits.every(
						(v) => rows.find((r) => r.visitId === v.id)?.resultState === 'written',
					)
						? true
						: undefined;
				},
				60_000,
			);
			const calls = (
				(await ctl('GET', `/voicebox/calls?campaignId=${DEFAULT_REMINDER_CAMPAIGN_ID}`))
					.data as Row[]
			).filter((c) => visits.some((v) => digits(v.phone) === c.number));
			return calls;
		};
		const snapshot = async (): Promise<Snapshot> => {
			const list = await setup.api('GET', '/workflows?limit=250');
			assert(list.status === 200, `listing workflows: HTTP ${list.status}`);
			// n8n lists the tables in no fixed order
			const all = (await setup.tables()).sort((a, b) => a.name.localeCompare(b.name));
			return {
				workflows: list.data.data as Row[],
				credentials: (await setup.credentials()).map((c) => ({
					id: String(c.id),
					name: c.name,
					type: c.type,
				})),
				tables: await Promise.all(
					all.map(async (t) => ({
						id: t.id,
						name: t.name,
						columns: t.columns.map((c) => `${c.name}:${c.type}`).sort(),
						rows: await setup.rows(t.id),
					})),
				),
			};
		};
		const workflowOf = (snap: Snapshot, file: string) =>
			snap.workflows.find((w) => String(w.id) === ids.get(file));
		const ask = (token: string, session: number) =>
			http.get(`/webhook/${ROUTING_WEBHOOKS.interactive}/webhook`, {
				params: {
					token,
					cdr_id: session,
					numa: STRANGER,
					numb: COMAGIC_VIRTUAL_NUMBER,
					call_session_id: session,
				},
				timeout: 30_000,
			});
		const pop = (token: string, session: number) =>
			http.post(
				`/webhook/${ROUTING_WEBHOOKS.screenPop}/webhook?token=${encodeURIComponent(token)}`,
				{
					event: 'incoming_call',
					call_session_id: session,
					contact_phone_number: STRANGER,
					campaign_id: 123,
				},
			);
		const popsOf = (session: number) =>
			waitFor(
				`the clinic system's screen pop for call ${session}`,
				async () => {
					const pops = (await ctl('GET', '/clinic/screen-pops')).data as Row[];
					return pops.some((p) => p.callSessionId === session) ? true : undefined;
				},
				30_000,
			);
		const status = (secret: string) =>
			http.post(
				`/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`,
				{ call_id: 'no-such-call', response: 1, guid: '' },
				{ headers: { 'X-Webhook-Secret': secret } },
			);

		let recorded = false;
		await check(
			"clinic upgrade: the clinic's Settings edits saved, the old reminder run, the old URLs answer, every table's rows recorded",
			async () => {
				// the Voicebox campaign posts its statuses to the old trigger URL with the old secret, as pasted in 0.1.0
				const campaign = await ctl('PATCH', `/voicebox/campaigns/${DEFAULT_REMINDER_CAMPAIGN_ID}`, {
					window: { from: '00:00', to: '24:00', timeZone: ZONE },
					callback: {
						url: `${base}/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`,
						method: 'POST',
						headers: { 'X-Webhook-Secret': SECRETS.voicebox },
					},
				});
				assert(
					campaign.status === 200,
					`the campaign's callback: ${JSON.stringify(campaign.data)}`,
				);
				for (const [file, edits] of Object.entries(EDITS)) {
					const wf = saved.get(file)!;
					for (const [name, value] of Object.entries(edits)) setSetting(wf, name, value);
					await setup.update(ids.get(file)!, wf);
				}
				// one run of the old reminder: two patients called, the answers written to the clinic system
				const calls = await remind([
					{ id: 'U-before-1', phone: '+7 (912) 800-00-01', outcome: 1, expect: 'confirmed' },
					{ id: 'U-before-2', phone: '+7 (912) 800-00-02', outcome: 2, expect: 'cancelled' },
				]);
				assert(calls.length === 2, `${calls.length} calls placed for the two visits`);
				// a few rows in the other tables, final ones the templates leave alone
				const recent = new Date(Date.now() - 2 * 3600_000).toISOString();
				const insert = async (tableId: string, data: Row[]) => {
					const res = await rest('POST', `/projects/${projectId}/data-tables/${tableId}/insert`, {
						returnType: 'count',
						data,
					});
					assert(
						res.status < 300,
						`inserting rows: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`,
					);
				};
				await insert(tables.callbacks, [
					{
						lostCallId: '9100001',
						phone: '79165550101',
						lostAt: recent,
						status: 'called',
						calledAt: recent,
						callSessionId: '9200001',
						result: 'placed',
					},
					{
						lostCallId: '9100002',
						phone: '79165550102',
						lostAt: recent,
						status: 'not needed',
						reason: 'called back by the patient',
					},
				]);
				await insert(tables.sales, [
					{
						visitId: 'S-0.1.0-1',
						phone: '79165550103',
						amount: 3500,
						paidAt: recent,
						status: 'tagged',
						communicationId: '9300001',
						saleId: '1',
					},
					{
						visitId: 'S-0.1.0-2',
						phone: '79165550104',
						amount: 1200,
						paidAt: recent,
						status: 'tagged',
						communicationId: '9300002',
						saleId: '2',
					},
				]);
				// the old URLs with the old secrets: what the upgrade must keep working
				assert(
					(await status(SECRETS.voicebox)).status === 200,
					'the Voicebox status URL refused the old secret before the upgrade',
				);
				assert(
					(await pop(SECRETS.screenPop, 770001)).status === 200,
					'the screen pop URL refused its secret before the upgrade',
				);
				await popsOf(770001);
				const asked = await ask(SECRETS.routing, 770002);
				assert(
					asked.status === 200 && asked.data?.returned_code !== undefined,
					`the routing URL before the upgrade: HTTP ${asked.status} ${JSON.stringify(asked.data)}`,
				);
				const snap = await snapshot();
				const counts = snap.tables.map((t) => `${t.name} ${t.rows.length}`).join(', ');
				assert(
					snap.tables.every((t) => t.rows.length >= 2),
					`rows: ${counts}`,
				);
				log(`        rows before the upgrade: ${counts}`);
				recorded = true;
			},
		);

		// the edit beyond Settings, then the state the command starts from
		let before: Snapshot | undefined;
		const configFile = join(work, 'clinic.json');
		writeFileSync(
			configFile,
			JSON.stringify(
				{
					n8nUrl: base,
					timeZone: ZONE,
					clinicApiUrl: sandbox.urls.clinic,
					// the clinic API's credential is new in 0.2.0: the upgrade creates it from here
					clinicAuth: { bearer: CLINIC_API_TOKEN },
					voicebox: voiceboxCredentialData(sandbox),
					comagic: coMagicCredentialData(sandbox),
					reminder: {
						campaignId: DEFAULT_REMINDER_CAMPAIGN_ID,
						weekdays: '00:00-24:00',
						weekends: '00:00-24:00',
					},
					missedCalls: { virtualNumber: COMAGIC_VIRTUAL_NUMBER, operatorPhone: OPERATOR_PHONE },
				},
				null,
				2,
			),
		);
		// 0.1.0 sent no credential; the clinic's API requires one from the upgrade on
		const token = await ctl('PUT', '/clinic/config', { apiToken: CLINIC_API_TOKEN });
		assert(token.status === 200, `clinic token: ${JSON.stringify(token.data)}`);
		const env = setupEnv({
			N8N_API_KEY: apiKey,
			...(v1 ? { N8N_OWNER_EMAIL: OWNER.email, N8N_OWNER_PASSWORD: OWNER.password } : {}),
		});
		const runSetup = (...args: string[]) => runCommand(['--config', configFile, ...args], env);
		const saleName = old.get(EDITED.file)!.name;
		await check(
			`clinic upgrade: a workflow edited beyond Settings is refused: exit 1, it and --force named, nothing changed`,
			async () => {
				assert(recorded, 'the old setup is not in place');
				const wf = saved.get(EDITED.file)!;
				const night = byName(wf, EDITED.node)!;
				night.parameters.rule.interval[0].triggerAtHour = EDITED.hour;
				await setup.update(ids.get(EDITED.file)!, wf);
				before = await snapshot();
				const run = await runSetup();
				log(`        refused in ${Math.round(run.ms / 1000)} s: ${run.stderr.trim()}`);
				assert(
					run.code === 1,
					`exit ${run.code}; stdout:\n${tail(run.stdout)}\nstderr:\n${run.stderr}`,
				);
				const message = run.stderr.trim();
				assert(
					message.split('\n').length === 1 && message.startsWith('setup: '),
					`stderr is not one "setup: …" line: ${message}`,
				);
				assert(
					message.includes(`"${saleName}"`) && message.includes(ids.get(EDITED.file)!),
					`the message does not name "${saleName}" (id ${ids.get(EDITED.file)}): ${message}`,
				);
				assert(message.includes('--force'), `the message does not name --force: ${message}`);
				for (const file of FILES.filter((f) => f !== EDITED.file)) {
					const name = old.get(file)!.name;
					assert(
						!message.includes(name),
						`the message names "${name}", which the clinic did not edit: ${message}`,
					);
				}
				assert(!/^now \d/m.test(run.stdout), `steps ran:\n${run.stdout}`);
				const after = await snapshot();
				const shape = (s: Snapshot) =>
					JSON.stringify({
						workflows: s.workflows
							.map((w) => [
								w.id,
								w.name,
								w.versionId,
								w.updatedAt,
								w.active,
								w.activeVersionId ?? null,
							])
							.sort(),
						credentials: s.credentials.map((c) => c.id).sort(),
						tables: s.tables.map((t) => [t.id, t.columns, t.rows]),
					});
				assert(
					shape(after) === shape(before),
					`n8n changed:\nbefore ${shape(before)}\nafter  ${shape(after)}`,
				);
			},
		);

		let forced: SetupRun | undefined;
		let after: Snapshot | undefined;
		await check(
			'clinic upgrade: --force upgrades in place: exit 0, a copy kept, the triggers moved to version 2',
			async () => {
				assert(before, 'the old setup is not in place');
				const run = await runSetup('--force');
				log(`        --force in ${Math.round(run.ms / 1000)} s:`);
				for (const line of run.stdout.split('\n').filter((l) => /^(now|note|setup:)/.test(l)))
					log(`          ${line}`);
				assert(
					run.code === 0,
					`exit ${run.code}; stdout:\n${tail(run.stdout)}\nstderr:\n${run.stderr}`,
				);
				forced = run;
				after = await snapshot();
				const lines = run.stdout.trim().split('\n');
				const steps = lines.filter((l) => /^now \d+\/\d+: /.test(l));
				assert(
					/^setup: \d+ changes made$/.test(lines[lines.length - 1]),
					`last line: ${lines[lines.length - 1]}`,
				);
				assert(
					lines[lines.length - 1] === `setup: ${steps.length} changes made`,
					`${steps.length} steps, last line ${lines[lines.length - 1]}`,
				);
				const want = [
					`create credential "MTT Voicebox trigger secret"`,
					`create credential "CoMagic trigger secret"`,
					`create credential "CoMagic trigger secret (${old.get(TEMPLATE_FILES.interactiveRouting)!.name})"`,
					`keep a copy of "${saleName}"`,
					`update "${old.get(TEMPLATE_FILES.appointmentReminder)!.name}" (id ${ids.get(TEMPLATE_FILES.appointmentReminder)}, active): `,
					'~ Voicebox status (version 1 → 2)',
					`update "${old.get(TEMPLATE_FILES.incomingCall)!.name}" (id ${ids.get(TEMPLATE_FILES.incomingCall)}, active): `,
					'~ CoMagic call (version 1 → 2)',
					`update "${old.get(TEMPLATE_FILES.interactiveRouting)!.name}" (id ${ids.get(TEMPLATE_FILES.interactiveRouting)}, active): `,
					'~ CoMagic routing (version 1 → 2)',
					`update "${saleName}" (id ${ids.get(EDITED.file)}, active): `,
				];
				const missing = want.filter((w) => !steps.some((s) => s.includes(w)));
				assert(
					missing.length === 0,
					`no step with ${missing.map((m) => JSON.stringify(m)).join(', ')}`,
				);
				// the pasted URLs stay the ones pasted in 0.1.0
				const voiceboxUrl = `${base}/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`;
				assert(
					run.stdout.includes(voiceboxUrl),
					`the paste instructions do not show ${voiceboxUrl}`,
				);
				for (const secret of Object.values(SECRETS)) {
					assert(!run.stdout.includes(secret), 'the output shows an old Shared Secret');
				}
			},
		);

		const upgraded = Boolean(forced && after && before);
		const need = () => assert(upgraded, 'the --force run did not complete: nothing to judge');

		await check(
			"clinic upgrade: every Settings value the clinic had is kept (its edits, the bindings, the config's)",
			async () => {
				need();
				const diffs: string[] = [];
				for (const file of FILES) {
					const was = settingsOf(workflowOf(before!, file) as Workflow);
					const now = settingsOf(workflowOf(after!, file) as Workflow);
					const head = settingsOf(readTemplate(file));
					for (const field of Object.keys(was).filter((f) => f in head)) {
						if (JSON.stringify(now[field]) !== JSON.stringify(was[field]))
							diffs.push(
								`${file} ${field}: ${JSON.stringify(was[field])} → ${JSON.stringify(now[field])}`,
							);
					}
				}
				assert(diffs.length === 0, diffs.join('; '));
				const reminder = settingsOf(
					workflowOf(after!, TEMPLATE_FILES.appointmentReminder) as Workflow,
				);
				const report = settingsOf(workflowOf(after!, TEMPLATE_FILES.reminderReport) as Workflow);
				assert(
					reminder.maxAttempts === 2 && reminder.batchSize === 7 && report.defaultDays === 14,
					'the clinic edits are not there',
				);
			},
		);

		await check(
			'clinic upgrade: every credential and webhook id kept, the triggers bound to new credentials; active as before',
			async () => {
				need();
				const problems: string[] = [];
				const credentialIds = new Set(after!.credentials.map((c) => c.id));
				for (const file of FILES) {
					const was = workflowOf(before!, file)!;
					const now = workflowOf(after!, file)!;
					if (Boolean(now.active) !== Boolean(was.active))
						problems.push(`${file}: active ${was.active} → ${now.active}`);
					// 2.x: the version that runs is the upgraded one (published), not the old one
					if (
						!v1 &&
						now.active &&
						now.activeVersionId !== undefined &&
						now.activeVersionId !== now.versionId
					)
						problems.push(
							`${file}: published version ${now.activeVersionId}, current ${now.versionId}`,
						);
					for (const node of was.nodes as Row[]) {
						const next = byName(now, node.name);
						if (!next) continue;
						if (node.webhookId && next.webhookId !== node.webhookId)
							problems.push(
								`${file} ${node.name}: webhookId ${node.webhookId} → ${next.webhookId}`,
							);
						for (const [type, cred] of Object.entries((node.credentials ?? {}) as Row)) {
							const id = next.credentials?.[type]?.id;
							if (cred?.id && id !== cred.id)
								problems.push(`${file} ${node.name}: ${type} credential ${cred.id} → ${id}`);
						}
					}
					for (const node of now.nodes as Row[]) {
						if (node.disabled) continue;
						for (const [type, cred] of Object.entries((node.credentials ?? {}) as Row)) {
							if (!credentialIds.has(String(cred?.id)))
								problems.push(
									`${file} ${node.name}: ${type} bound to ${JSON.stringify(cred)}, no such credential`,
								);
						}
					}
				}
				const made = after!.credentials.filter(
					(c) => !before!.credentials.some((b) => b.id === c.id),
				);
				const names = made.map((c) => `${c.name} (${c.type})`).sort();
				// the two CoMagic triggers had different Shared Secrets: the routing keeps its own in a credential of its own;
				// and the clinic API's credential, new in 0.2.0, from the config's clinicAuth
				const expected = [
					'Clinic API (httpHeaderAuth)',
					`CoMagic trigger secret (${old.get(TEMPLATE_FILES.interactiveRouting)!.name}) (coMagicTriggerApi)`,
					'CoMagic trigger secret (coMagicTriggerApi)',
					'MTT Voicebox trigger secret (mttVoiceboxTriggerApi)',
				];
				if (JSON.stringify(names) !== JSON.stringify(expected))
					problems.push(
						`new credentials ${JSON.stringify(names)}, expected ${JSON.stringify(expected)}`,
					);
				assert(problems.length === 0, problems.join('; '));
			},
		);

		await check(
			"clinic upgrade: each workflow is HEAD's template (node names and versions; the triggers version 2 with a credential)",
			async () => {
				need();
				const problems: string[] = [];
				for (const file of FILES) {
					const now = workflowOf(after!, file)!;
					const shape = (wf: Row) =>
						(wf.nodes as Row[])
							.map((n) => `${n.name}@${n.typeVersion}`)
							.sort()
							.join(', ');
					const head = readTemplate(file);
					if (shape(now) !== shape(head))
						problems.push(`${file}: ${shape(now)} ≠ HEAD ${shape(head)}`);
					if (JSON.stringify(now.connections) !== JSON.stringify(head.connections))
						problems.push(`${file}: connections differ from HEAD's`);
					for (const node of (now.nodes as Row[]).filter((n) =>
						/\.(coMagicTrigger|mttVoiceboxTrigger)$/.test(n.type),
					)) {
						const bound = Object.values((node.credentials ?? {}) as Row)[0];
						if (node.typeVersion !== 2 || !bound?.id)
							problems.push(
								`${file} ${node.name}: version ${node.typeVersion}, credential ${JSON.stringify(bound)}`,
							);
						if ('secret' in (node.parameters ?? {}))
							problems.push(`${file} ${node.name}: still has a Shared Secret parameter`);
					}
				}
				assert(problems.length === 0, problems.join('; '));
			},
		);

		await check(
			'clinic upgrade: the Voicebox status URL takes the old secret (200), a wrong one gets 401',
			async () => {
				need();
				const right = await status(SECRETS.voicebox);
				const wrong = await status('not-the-secret');
				assert(
					right.status === 200 && wrong.status === 401,
					`old secret HTTP ${right.status}, wrong secret HTTP ${wrong.status}`,
				);
			},
		);

		await check(
			"clinic upgrade: the screen pop's CoMagic notification URL takes its old ?token= (200, the pop arrives), a wrong one 401",
			async () => {
				need();
				const wrong = await pop('not-the-secret', 770011);
				const right = await pop(SECRETS.screenPop, 770012);
				assert(
					right.status === 200 && wrong.status === 401,
					`old token HTTP ${right.status}, wrong token HTTP ${wrong.status}`,
				);
				await popsOf(770012);
			},
		);

		await check(
			"clinic upgrade: the interactive routing's scenario URL takes its old ?token= (200), a wrong one 401",
			async () => {
				need();
				const wrong = await ask('not-the-secret', 770013);
				const right = await ask(SECRETS.routing, 770014);
				if (right.status === 200 && wrong.status === 401) return;
				// the 0.1.0 README had a Shared Secret typed into each trigger: the clinic's two were different
				const popSecret = await ask(SECRETS.screenPop, 770015);
				throw new Error(
					`its old token got HTTP ${right.status} ${JSON.stringify(right.data).slice(0, 80)}, a wrong one ${wrong.status}; ` +
						`the screen pop's secret gets ${popSecret.status} here: the two version-1 triggers had different Shared Secrets, ` +
						`and both now use the one credential "CoMagic trigger secret" made from the screen pop's`,
				);
			},
		);

		await check(
			'clinic upgrade: the Webhook URLs keep their credentials (report page login, clinic system header)',
			async () => {
				need();
				const auth = { username: REPORT_LOGIN.user, password: REPORT_LOGIN.password };
				const page = await http.get(`/webhook/${REPORT_WEBHOOK}`, { auth });
				const noLogin = await http.get(`/webhook/${REPORT_WEBHOOK}`);
				assert(
					page.status === 200 && noLogin.status === 401,
					`report page: with the login HTTP ${page.status}, without ${noLogin.status}`,
				);
				const paid = await http.post(
					`/webhook/${SALE_WEBHOOKS.paidVisit}`,
					{},
					{ headers: { [CLINIC_HEADER.name]: CLINIC_HEADER.value } },
				);
				const noHeader = await http.post(`/webhook/${SALE_WEBHOOKS.paidVisit}`, {});
				assert(
					paid.status === 400 && noHeader.status === 403,
					`paid visit: with the header HTTP ${paid.status} (a body to fix: 400), without ${noHeader.status}`,
				);
			},
		);

		await check(
			"clinic upgrade: every Data Table's rows unchanged (ids and values), no table or column added",
			async () => {
				need();
				const rows = await snapshot();
				const changed: string[] = [];
				for (const t of before!.tables) {
					const now = rows.tables.find((x) => x.id === t.id);
					if (!now) {
						changed.push(`${t.name}: gone`);
						continue;
					}
					if (JSON.stringify(now.columns) !== JSON.stringify(t.columns))
						changed.push(`${t.name}: columns ${now.columns.join(',')}`);
					const was = JSON.stringify(t.rows);
					if (JSON.stringify(now.rows) !== was) {
						const ids = (r: Row[]) => r.map((x) => x.id).join(',');
						changed.push(
							`${t.name}: rows ${ids(t.rows)} → ${ids(now.rows)}${ids(t.rows) === ids(now.rows) ? ' (values changed)' : ''}`,
						);
					}
				}
				if (rows.tables.length !== before!.tables.length)
					changed.push(`${rows.tables.length} tables, were ${before!.tables.length}`);
				assert(changed.length === 0, changed.join('; '));
			},
		);

		await check(
			`clinic upgrade: the edited workflow kept as an inactive copy "… (before upgrade …)" with the clinic's edit`,
			async () => {
				need();
				const copies = after!.workflows.filter((w) =>
					String(w.name).startsWith(`${saleName} (before upgrade `),
				);
				assert(
					copies.length === 1,
					`${copies.length} copies: ${copies.map((c) => c.name).join(', ')}`,
				);
				const [copy] = copies;
				assert(/\(before upgrade [^)]+\)$/.test(copy.name), `named "${copy.name}"`);
				assert(!copy.active, 'the copy is active');
				const hour = byName(copy, EDITED.node)?.parameters?.rule?.interval?.[0]?.triggerAtHour;
				assert(
					hour === EDITED.hour,
					`the copy's ${EDITED.node} runs at hour ${hour}, the clinic's edit was ${EDITED.hour}`,
				);
				const was = workflowOf(before!, EDITED.file)!;
				assert(
					JSON.stringify(copy.nodes) === JSON.stringify(was.nodes) &&
						JSON.stringify(copy.connections) === JSON.stringify(was.connections),
					'the copy is not the workflow as the clinic left it',
				);
				const others = after!.workflows.filter(
					(w) => !before!.workflows.some((b) => b.id === w.id) && w.id !== copy.id,
				);
				assert(others.length === 0, `other new workflows: ${others.map((w) => w.name).join(', ')}`);
				const upgradedHour = byName(workflowOf(after!, EDITED.file)!, EDITED.node)?.parameters?.rule
					?.interval?.[0]?.triggerAtHour;
				assert(
					upgradedHour ===
						byName(readTemplate(EDITED.file), EDITED.node)!.parameters.rule.interval[0]
							.triggerAtHour,
					`the upgraded workflow runs at hour ${upgradedHour}`,
				);
			},
		);

		await check(
			'clinic upgrade: the upgraded reminder still runs (Run now → the sandbox calls, the old secret is taken, the clinic gets the results)',
			async () => {
				need();
				const since = new Date().toISOString();
				const calls = await remind([
					{ id: 'U-after-1', phone: '+7 (912) 800-00-11', outcome: 1, expect: 'confirmed' },
					{ id: 'U-after-2', phone: '+7 (912) 800-00-12', outcome: 3, expect: 'operator' },
				]);
				assert(calls.length === 2, `${calls.length} calls placed for the two visits`);
				const callbacks = calls.flatMap((c) => c.callbacks as Row[]).filter((d) => d.at >= since);
				assert(
					callbacks.length > 0 && callbacks.every((d) => d.status === 200),
					`the status callbacks (header ${SECRETS.voicebox.slice(0, 6)}…) got ${JSON.stringify(callbacks.map((d) => d.status ?? d.error))}`,
				);
				log(
					`        2 calls placed, ${callbacks.length} status callbacks with the old secret answered 200, 2 results written`,
				);
			},
		);

		await check(
			'clinic upgrade: a second run from HEAD changes nothing ("setup: 0 changes made")',
			async () => {
				need();
				const run = await runSetup();
				log(
					`        second run in ${Math.round(run.ms / 1000)} s: ${run.stdout.trim().split('\n').pop()}`,
				);
				assert(
					run.code === 0,
					`exit ${run.code}; stdout:\n${tail(run.stdout)}\nstderr:\n${run.stderr}`,
				);
				const lines = run.stdout.trim().split('\n');
				const steps = lines.filter((l) => /^now \d+\/\d+: /.test(l));
				assert(
					lines[lines.length - 1] === 'setup: 0 changes made',
					`${steps.join('\n')}\nlast line: ${lines[lines.length - 1]}`,
				);
				const again = await snapshot();
				const versions = (s: Snapshot) =>
					JSON.stringify(s.workflows.map((w) => [w.id, w.versionId, w.active]).sort());
				assert(versions(again) === versions(after!), 'a workflow changed');
			},
		);
	} finally {
		await n8n?.dispose();
		await sandbox.stop();
		rmSync(work, { recursive: true, force: true });
		log(`clinic upgrade on n8n ${version}: ${Math.round((Date.now() - started) / 1000)} s`);
	}
}
