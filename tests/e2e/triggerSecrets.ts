/**
 * Where the trigger secrets live, in a real n8n (the `secrets` suite). The shipped templates whose triggers take a
 * shared secret (incoming-call-screen-pop.json and interactive-routing.json: CoMagic Trigger, one credential for
 * both; appointment-reminder.json: MTT Voicebox Trigger) are set up as a clinic would: imported through the public
 * API, the trigger-secret credentials (version 2 of both triggers) created through the public API with unique
 * secrets and bound, then activated (1.x) / published (2.x). Then:
 *   - each trigger admits its credential's secret (200, an execution starts) and refuses a wrong one (401, none);
 *   - the secret is in none of: GET /api/v1/workflows/:id, the workflow history (the editor's REST route and the
 *     public API), `n8n export:workflow` (and export:credentials, which keeps credentials encrypted), execution
 *     data (public API), n8n's log, and n8n's SQLite database, read row by row through SQLite and byte by byte
 *     (main file + WAL): the credentials table holds it only encrypted. Every search also looks for a string it
 *     must find (this run's marker, in the workflow and credential names), so a search that reads nothing fails;
 *   - the secret changed in the credential, as the editor's credential dialog saves it (PATCH /rest/credentials/:id),
 *     applies to every trigger using it without re-publishing: old secret 401, new 200, workflow versions unchanged;
 *   - tests/e2e/fixtures/triggers-version-1.json (both triggers at version 1, secrets as parameters), imported
 *     unchanged, still accepts its old secrets.
 * The templates have fixed webhook ids, so only one copy of each may be active in an n8n: the suite refuses to start
 * when another copy serves those paths, and deactivates and deletes everything it made (workflows, credentials,
 * its Data Table) at the end, leaving the paths free for the suites after it.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Sandbox } from '../../sandbox';
import { coMagicCredentialData, voiceboxCredentialData } from '../../sandbox/credentials';
import {
	LEDGER_COLUMNS,
	REMINDER_WEBHOOKS,
	ROUTING_WEBHOOKS,
	TEMPLATE_FILES,
} from '../../templates/names';
import { ROOT, type N8n, type Owner } from '../../tooling/n8n/n8n';
import { n8nSetup } from '../../setup/n8nClient';
import { bindCredential, type Workflow } from '../../setup/workflowFile';
import { clinicSystemFor } from '../../tooling/n8n/clinicApi';
import { prepareTemplate, type TemplateRecipe } from '../../tooling/n8n/template';
import { assert, check, log, sleep, waitFor } from './support/checks';

export interface SecretsContext {
	n8n: N8n;
	sandbox: Sandbox;
	apiKey: string;
	owner: Owner;
}

type Row = Record<string, any>;
type Kind = 'coMagic' | 'voicebox';

const FIXTURE = 'tests/e2e/fixtures/triggers-version-1.json';
/** what the issue names as the fixture's secrets */
const V1_SECRETS = {
	coMagic: 'v1-comagic-secret-5e0d2b7c',
	voicebox: 'v1-voicebox-secret-9a4c1f36',
};
const CREDENTIAL_TYPES: Record<Kind, string> = {
	coMagic: 'coMagicTriggerApi',
	voicebox: 'mttVoiceboxTriggerApi',
};
/** nobody the clinic system knows: the routing answers with the general queue, the screen pop goes to reception */
const STRANGER = '79165550999';
const SITE_NUMBER = '74993720692';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** a secret in a log line: its kind and the first hex digits, never the whole */
const shown = (secret: string) => `${secret.slice(0, secret.lastIndexOf('-') + 5)}…`;

interface Sent {
	status: number;
	/** what identifies this request in an execution (call session id, call id) */
	marker: string;
	body: unknown;
}

interface Trigger {
	label: string;
	kind: Kind;
	/** the trigger node's name in the template */
	node: string;
	webhookId: string;
	workflowId: string;
	/** one request with this secret (undefined: none at all); a fresh call each time, so no repeat is suppressed */
	send(secret: string | undefined): Promise<Sent>;
}

/** One scan of n8n's SQLite database, through SQLite (every row of every table) and as bytes (file + WAL). */
interface DbScan {
	tables: number;
	rows: number;
	bytes: number;
	/** needle → table → rows holding it */
	hits: Record<string, Record<string, number>>;
	/** needle → occurrences in the raw bytes */
	raw: Record<string, number>;
	credentials: Record<string, { name: string; type: string; data: string }>;
}

const SCAN = `
import json, os, sqlite3, sys
job = json.load(sys.stdin)
f = job["file"]
db = sqlite3.connect("file:%s?mode=ro" % f, uri=True, timeout=30)
needles = job["needles"]
hits = {n: {} for n in needles}
rows = 0
tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
for t in tables:
    for row in db.execute('SELECT * FROM "%s"' % t.replace('"', '""')):
        rows += 1
        text = "\\x00".join(v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in row if v is not None)
        for n in needles:
            if n in text:
                hits[n][t] = hits[n].get(t, 0) + 1
credentials = {}
ids = job["credentialIds"]
if ids:
    q = "SELECT id, name, type, data FROM credentials_entity WHERE id IN (%s)" % ",".join("?" * len(ids))
    for i, name, kind, data in db.execute(q, ids):
        credentials[i] = {"name": name, "type": kind, "data": data}
raw = b""
for suffix in ("", "-wal"):
    if os.path.exists(f + suffix):
        with open(f + suffix, "rb") as fh:
            raw += fh.read()
print(json.dumps({"tables": len(tables), "rows": rows, "bytes": len(raw), "hits": hits,
    "raw": {n: raw.count(n.encode()) for n in needles}, "credentials": credentials}))
`;

export async function runSecretChecks(ctx: SecretsContext): Promise<void> {
	const { n8n, sandbox } = ctx;
	const { http, v1 } = n8n;
	const started = Date.now();
	const setup = n8nSetup({ http, apiKey: ctx.apiKey, v1, owner: ctx.owner });
	const { api } = setup;
	const rest = (method: string, path: string, data?: unknown) =>
		http.request({
			method,
			url: `/rest${path}`,
			data,
			headers: { cookie: setup.session().cookie },
		});

	const RUN = hex(4);
	/** in every name this suite gives (workflows, credentials): the string each search must find */
	const MARK = `secrets-e2e-${RUN}`;
	const secrets: Record<Kind, string> = {
		coMagic: `e2e-secret-comagic-${hex(12)}`,
		voicebox: `e2e-secret-voicebox-${hex(12)}`,
	};
	const rotated: Record<Kind, string> = {
		coMagic: `e2e-secret-comagic-${hex(12)}`,
		voicebox: `e2e-secret-voicebox-${hex(12)}`,
	};
	const allSecrets = [...Object.values(secrets), ...Object.values(rotated)];
	log(
		`        run ${MARK}: secrets ${shown(secrets.coMagic)}, ${shown(secrets.voicebox)}; rotated to ${shown(rotated.coMagic)}, ${shown(rotated.voicebox)}`,
	);

	/** what this suite made, for the clean-up (filled as it goes, so a failed setup still cleans up) */
	const made = {
		workflows: [] as Array<{ id: string; name: string; active: boolean }>,
		credentials: [] as Array<{ id: string; name: string }>,
		tableId: '',
		/** the webhook URLs of every workflow it activated, with the methods they answer */
		paths: [] as Array<{ url: string; methods: string[] }>,
	};
	const triggerCredential: Partial<Record<Kind, { id: string; name: string; type: string }>> = {};
	const ids = { clinic: '', pop: '', icp: '', reminder: '', fixture: '' };
	let seq = 0;
	const sessionBase = 770_000_000 + (randomBytes(2).readUInt16BE(0) % 10_000) * 100;

	const popPath = `/webhook/${ROUTING_WEBHOOKS.screenPop}/webhook`;
	const icpPath = `/webhook/${ROUTING_WEBHOOKS.interactive}/webhook`;
	const statusPath = `/webhook/${REMINDER_WEBHOOKS.voiceboxStatus}/webhook`;
	const notify = async (path: string, secret: string | undefined): Promise<Sent> => {
		const session = sessionBase + ++seq;
		const res = await http.post(
			path,
			{
				event: 'incoming_call',
				call_session_id: session,
				contact_phone_number: STRANGER,
				campaign_id: 123,
			},
			{ params: secret === undefined ? {} : { token: secret } },
		);
		return { status: res.status, marker: String(session), body: res.data };
	};
	const route = async (path: string, secret: string | undefined): Promise<Sent> => {
		const session = sessionBase + ++seq;
		const res = await http.get(path, {
			params: {
				...(secret === undefined ? {} : { token: secret }),
				cdr_id: seq,
				numa: STRANGER,
				numb: SITE_NUMBER,
				call_session_id: session,
			},
			timeout: 30_000,
		});
		return { status: res.status, marker: String(session), body: res.data };
	};
	const status = async (
		path: string,
		header: string,
		secret: string | undefined,
	): Promise<Sent> => {
		const callId = `${MARK}-call-${++seq}`;
		const res = await http.post(
			path,
			{ call_id: callId, response: 5 },
			{ headers: secret === undefined ? {} : { [header]: secret } },
		);
		return { status: res.status, marker: callId, body: res.data };
	};

	const triggers: Trigger[] = [
		{
			label: 'screen pop (CoMagic Trigger, ?token=)',
			kind: 'coMagic',
			node: 'CoMagic call',
			webhookId: ROUTING_WEBHOOKS.screenPop,
			get workflowId() {
				return ids.pop;
			},
			send: (secret) => notify(popPath, secret),
		},
		{
			label: 'interactive routing (CoMagic Trigger, ?token=)',
			kind: 'coMagic',
			node: 'CoMagic routing',
			webhookId: ROUTING_WEBHOOKS.interactive,
			get workflowId() {
				return ids.icp;
			},
			send: (secret) => route(icpPath, secret),
		},
		{
			label: 'reminder status (MTT Voicebox Trigger, X-Webhook-Secret)',
			kind: 'voicebox',
			node: 'Voicebox status',
			webhookId: REMINDER_WEBHOOKS.voiceboxStatus,
			get workflowId() {
				return ids.reminder;
			},
			send: (secret) => status(statusPath, 'X-Webhook-Secret', secret),
		},
	];

	const executions = async (workflowId: string): Promise<Row[]> => {
		const res = await api('GET', `/executions?workflowId=${workflowId}&includeData=true&limit=250`);
		assert(res.status === 200, `executions of ${workflowId}: HTTP ${res.status}`);
		return res.data.data as Row[];
	};
	/** the execution a request started: its trigger node's output carries the request's marker */
	const startedBy = (list: Row[], node: string, marker: string) =>
		list.find((e) => JSON.stringify(e.data?.resultData?.runData?.[node] ?? null).includes(marker));
	const admits = async (t: Trigger, secret: string): Promise<Sent> => {
		const sent = await t.send(secret);
		assert(
			sent.status === 200,
			`${t.label}: with ${shown(secret)} HTTP ${sent.status} ${JSON.stringify(sent.body).slice(0, 200)}`,
		);
		await waitFor(
			`${t.label}: the execution of request ${sent.marker}`,
			async () =>
				startedBy(await executions(t.workflowId), t.node, sent.marker) ? true : undefined,
			30_000,
		);
		return sent;
	};
	const refuses = async (t: Trigger, secret: string | undefined, what: string): Promise<Sent> => {
		const sent = await t.send(secret);
		assert(
			sent.status === 401,
			`${t.label}: ${what} got HTTP ${sent.status}, expected 401 ${JSON.stringify(sent.body).slice(0, 200)}`,
		);
		return sent;
	};
	/** none of these refused requests started an execution (after a moment for one that might) */
	const startedNone = async (refused: Array<{ t: Trigger; sent: Sent }>) => {
		await sleep(1500);
		for (const { t, sent } of refused) {
			const list = await executions(t.workflowId);
			assert(
				!startedBy(list, t.node, sent.marker),
				`${t.label}: refused request ${sent.marker} started an execution`,
			);
		}
	};
	/** every execution of this suite's workflows has ended (the screen pop answers before it runs) */
	const settled = () =>
		waitFor(
			'the executions to finish',
			async () => {
				for (const t of triggers) {
					const list = await executions(t.workflowId);
					if (list.some((e) => ['new', 'running', 'waiting'].includes(e.status) || !e.stoppedAt))
						return undefined;
				}
				return true;
			},
			60_000,
		);
	/** the secrets found in a text, by their shown prefix */
	const found = (text: string, needles = allSecrets) =>
		needles.filter((s) => text.includes(s)).map(shown);
	const scanDb = (needles: string[]): DbScan => {
		const job = {
			file: join(n8n.userFolder, '.n8n', 'database.sqlite'),
			needles,
			credentialIds: Object.values(triggerCredential).map((c) => c!.id),
		};
		const out = execFileSync('python3', ['-c', SCAN], {
			input: JSON.stringify(job),
			maxBuffer: 64 * 1024 * 1024,
		});
		return JSON.parse(out.toString()) as DbScan;
	};
	/** the DB holds none of these secrets, and does hold this run's marker where the suite wrote it */
	const judgeDb = (scan: DbScan, absent: string[], what: string) => {
		for (const s of absent) {
			const where = Object.entries(scan.hits[s] ?? {}).map(([t, n]) => `${t} (${n} rows)`);
			assert(where.length === 0, `${what}: ${shown(s)} is in ${where.join(', ')}`);
			assert(
				scan.raw[s] === 0,
				`${what}: ${shown(s)} is in the database file's bytes ${scan.raw[s]}×`,
			);
		}
		// the searches read what they claim to: the marker is in every table the suite wrote to
		const marked = scan.hits[MARK] ?? {};
		for (const table of [
			'workflow_entity',
			'workflow_history',
			'credentials_entity',
			'execution_data',
		])
			assert(
				marked[table] > 0,
				`${what}: the run's marker is not in ${table}: the scan reads nothing there`,
			);
		assert(scan.raw[MARK] > 0, `${what}: the run's marker is not in the database bytes`);
		for (const kind of ['coMagic', 'voicebox'] as Kind[]) {
			const c = triggerCredential[kind]!;
			const row = scan.credentials[c.id];
			assert(row, `${what}: no credentials_entity row for ${c.name}`);
			assert(row.type === c.type, `${what}: ${c.name} has type ${row.type}`);
			assert(
				typeof row.data === 'string' && row.data.length >= 32,
				`${what}: ${c.name} holds no data`,
			);
			assert(!found(row.data).length, `${what}: ${c.name}'s data holds the plaintext`);
		}
		return `${scan.tables} tables, ${scan.rows} rows, ${(scan.bytes / 1e6).toFixed(1)} MB (file + WAL); marker in ${Object.entries(
			marked,
		)
			.map(([t, n]) => `${t} ${n}`)
			.join(', ')}`;
	};
	const activate = (id: string) => setup.activate(id);
	const deactivate = async (id: string) => {
		const res = await api('POST', `/workflows/${id}/${v1 ? 'deactivate' : 'unpublish'}`);
		assert(
			res.status < 300,
			`deactivating ${id}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 200)}`,
		);
	};
	const create = async (wf: Workflow, active: boolean): Promise<string> => {
		const id = await setup.create(wf);
		made.workflows.push({ id, name: wf.name, active: false });
		if (active) {
			for (const n of wf.nodes.filter((x) => x.webhookId)) {
				// n8n's Webhook node serves its path with its method; this package's triggers /<id>/webhook, GET and POST
				if (n.type === 'n8n-nodes-base.webhook')
					made.paths.push({
						url: `/webhook/${n.parameters.path}`,
						methods: [n.parameters.httpMethod ?? 'GET'],
					});
				else made.paths.push({ url: `/webhook/${n.webhookId}/webhook`, methods: ['POST', 'GET'] });
			}
			await activate(id);
			made.workflows.find((w) => w.id === id)!.active = true;
		}
		return id;
	};
	/** every trigger of this suite answers a wrong secret with 401 (registered; unregistered is 404) */
	const registered = (list: Trigger[]) =>
		waitFor(
			'the triggers to be registered',
			async () => {
				const answers = await Promise.all(list.map((t) => t.send(`wrong-${hex(4)}`)));
				return answers.every((a) => a.status === 401) ? true : undefined;
			},
			60_000,
		);
	const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

	try {
		let ready = false;
		await check(
			'secrets: templates imported with trigger-secret credentials, bound, activated',
			async () => {
				await setup.login();
				// two active copies of a template would fight over its fixed webhook ids: nothing may serve them yet
				for (const t of triggers) {
					const probe = await t.send('probe');
					assert(
						probe.status === 404,
						`${t.label}: its webhook already answers ${probe.status}: another copy of the template is active (a suite before this one left it)`,
					);
				}
				made.tableId = await setup.createTable(`secrets_e2e_${RUN}`, LEDGER_COLUMNS);
				const credential = async (name: string, type: string, data: Record<string, unknown>) => {
					const c = await setup.credential(`${name} [${MARK}]`, type, data);
					made.credentials.push(c);
					return c;
				};
				const coMagicApi = await credential(
					'CoMagic account',
					'coMagicApi',
					coMagicCredentialData(sandbox),
				);
				const voiceboxApi = await credential(
					'MTT Voicebox account',
					'mttVoiceboxApi',
					voiceboxCredentialData(sandbox),
				);
				for (const [kind, name] of [
					['coMagic', 'CoMagic trigger secret'],
					['voicebox', 'MTT Voicebox trigger secret'],
				] as Array<[Kind, string]>) {
					const c = await credential(name, CREDENTIAL_TYPES[kind], { secret: secrets[kind] });
					triggerCredential[kind] = { ...c, type: CREDENTIAL_TYPES[kind] };
				}
				/** the template with its Settings and other credentials, under this run's name (the trigger's: shipped) */
				const named = (recipe: TemplateRecipe) => {
					const wf = prepareTemplate({ ...recipe, saveSuccessfulExecutions: true });
					wf.name = `${wf.name} [${MARK}]`;
					return wf;
				};
				/** the shipped trigger: version 2, naming its credential, no secret parameter; then bound to this run's */
				const shipped = (wf: Workflow, node: string, kind: Kind) => {
					const trigger = wf.nodes.find((n) => n.name === node);
					assert(trigger, `${wf.name}: no node ${node}`);
					assert(
						trigger.typeVersion === 2,
						`${wf.name}: ${node} is version ${trigger.typeVersion}`,
					);
					assert(!('secret' in trigger.parameters), `${wf.name}: ${node} ships a secret parameter`);
					assert(
						trigger.credentials?.[CREDENTIAL_TYPES[kind]],
						`${wf.name}: ${node} names no ${CREDENTIAL_TYPES[kind]}`,
					);
					bindCredential(wf, CREDENTIAL_TYPES[kind], triggerCredential[kind]!);
				};

				const clinic = await clinicSystemFor(credential, sandbox);
				clinic.name = `${clinic.name} [${MARK}]`;
				// 2.x runs the published version of a sub-workflow; 1.x cannot activate one with only a sub-workflow trigger
				ids.clinic = await create(clinic, !v1);

				const pop = named({
					file: TEMPLATE_FILES.incomingCall,
					settings: { clinicWorkflowId: ids.clinic },
					credentials: { coMagicApi },
				});
				shipped(pop, 'CoMagic call', 'coMagic');
				ids.pop = await create(pop, true);

				const icp = named({
					file: TEMPLATE_FILES.interactiveRouting,
					settings: { clinicWorkflowId: ids.clinic },
				});
				shipped(icp, 'CoMagic routing', 'coMagic');
				ids.icp = await create(icp, true);

				// only the status webhook is exercised: its ticks dial nothing (paused) and import nothing (no clinic
				// sub-workflow), and a status for a call the ledger does not know ends at "Unknown call"
				const reminder = named({
					file: TEMPLATE_FILES.appointmentReminder,
					settings: { ledgerTableId: made.tableId, pauseCalls: true },
					credentials: { mttVoiceboxApi: voiceboxApi },
				});
				shipped(reminder, 'Voicebox status', 'voicebox');
				ids.reminder = await create(reminder, true);

				await registered(triggers);
				log(
					`        ${made.workflows.length} workflows, ${made.credentials.length} credentials, table ${made.tableId} (${elapsed()})`,
				);
				ready = true;
			},
		);
		if (!ready) return;

		await check(
			"secrets: each trigger admits its credential's secret (200, an execution) and refuses a wrong or missing one (401, none)",
			async () => {
				const refused: Array<{ t: Trigger; sent: Sent }> = [];
				const facts: string[] = [];
				for (const t of triggers) {
					await admits(t, secrets[t.kind]);
					refused.push({
						t,
						sent: await refuses(t, `e2e-secret-wrong-${hex(12)}`, 'a wrong secret'),
					});
					refused.push({ t, sent: await refuses(t, undefined, 'no secret') });
					facts.push(`${t.label.split(' (')[0]}: 200 + execution / wrong 401 / none 401`);
				}
				await startedNone(refused);
				log(`        ${facts.join('; ')}`);
			},
		);

		await check(
			'secrets: GET /api/v1/workflows/:id holds no secret (the trigger names its credential)',
			async () => {
				const facts: string[] = [];
				for (const w of made.workflows) {
					const res = await api('GET', `/workflows/${w.id}`);
					assert(res.status === 200, `${w.name}: HTTP ${res.status}`);
					const text = JSON.stringify(res.data);
					assert(!found(text).length, `${w.name}: the API answer holds ${found(text).join(', ')}`);
					assert(
						text.includes(MARK),
						`${w.name}: the answer lacks the run's marker: read nothing?`,
					);
					const t = triggers.find((x) => x.workflowId === w.id);
					if (t) {
						const node = (res.data.nodes as Row[]).find((n) => n.name === t.node);
						const bound = node?.credentials?.[CREDENTIAL_TYPES[t.kind]];
						assert(
							bound?.id === triggerCredential[t.kind]!.id,
							`${w.name}: ${t.node} names credential ${JSON.stringify(bound)}`,
						);
						assert(
							!('secret' in (node?.parameters ?? {})),
							`${w.name}: ${t.node} has a secret parameter`,
						);
						// 2.x answers the published version too; it must be the one with the credential
						if (!v1)
							assert(
								JSON.stringify(res.data.activeVersion ?? {}).includes(t.webhookId),
								`${w.name}: no published version in the answer`,
							);
					}
					facts.push(`${(text.length / 1024).toFixed(0)} KB`);
				}
				log(`        ${made.workflows.length} workflows read (${facts.join(', ')})`);
			},
		);

		await check(
			'secrets: the workflow history (editor REST route and public API) holds no secret',
			async () => {
				let versions = 0;
				for (const w of made.workflows) {
					const list = await rest('GET', `/workflow-history/workflow/${w.id}?take=100`);
					assert(list.status === 200, `${w.name}: /rest/workflow-history: HTTP ${list.status}`);
					const entries = list.data.data as Row[];
					assert(entries.length >= 1, `${w.name}: no history`);
					assert(
						!found(JSON.stringify(list.data)).length,
						`${w.name}: the history list holds a secret`,
					);
					const t = triggers.find((x) => x.workflowId === w.id);
					// what each version must hold to be the workflow read: every node (none was edited since the import)
					const nodeIds = ((await api('GET', `/workflows/${w.id}`)).data.nodes as Row[]).map(
						(n) => n.id,
					);
					for (const entry of entries) {
						const reads = [
							rest('GET', `/workflow-history/workflow/${w.id}/version/${entry.versionId}`),
							api(
								'GET',
								v1
									? `/workflows/${w.id}/${entry.versionId}`
									: `/workflows/${w.id}/versions/${entry.versionId}`,
							),
						];
						for (const res of await Promise.all(reads)) {
							assert(
								res.status === 200,
								`${w.name} version ${entry.versionId}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 200)}`,
							);
							const text = JSON.stringify(res.data);
							assert(
								!found(text).length,
								`${w.name} version ${entry.versionId}: holds ${found(text).join(', ')}`,
							);
							// the version read is the workflow: its nodes, and the trigger naming its credential
							const missing = nodeIds.filter((id) => !text.includes(id)).length;
							assert(
								nodeIds.length > 0 && missing === 0,
								`${w.name} version ${entry.versionId}: ${missing} of ${nodeIds.length} nodes missing: read nothing?`,
							);
							if (t)
								assert(
									text.includes(t.webhookId) && text.includes(triggerCredential[t.kind]!.id),
									`${w.name} version ${entry.versionId}: no trigger bound to its credential`,
								);
							versions++;
						}
					}
					if (!v1) {
						const pub = await api('GET', `/workflows/${w.id}/history`);
						assert(
							pub.status === 200,
							`${w.name}: /api/v1/workflows/:id/history: HTTP ${pub.status}`,
						);
						assert(
							!found(JSON.stringify(pub.data)).length,
							`${w.name}: the public history holds a secret`,
						);
					}
				}
				log(
					`        ${versions} version reads via GET /rest/workflow-history/workflow/:id/version/:versionId and ${v1 ? 'GET /api/v1/workflows/:id/:versionId' : 'GET /api/v1/workflows/:id/versions/:versionId (+ /history)'}`,
				);
			},
		);

		await check(
			'secrets: n8n export:workflow (and export:credentials) holds no secret',
			async () => {
				const dir = mkdtempSync(join(tmpdir(), 'secrets-export-'));
				try {
					const runs: Array<{ what: string; args: string[]; file: string }> = [
						{
							what: 'export:workflow --all',
							args: ['export:workflow', '--all'],
							file: 'workflows.json',
						},
						...(v1
							? []
							: [
									{
										what: 'export:workflow --all --published',
										args: ['export:workflow', '--all', '--published'],
										file: 'published.json',
									},
								]),
						{
							what: 'export:credentials --all',
							args: ['export:credentials', '--all'],
							file: 'credentials.json',
						},
					];
					const facts: string[] = [];
					// side by side: each command is a whole n8n starting up (~10 s on 2.x)
					const t0 = Date.now();
					await Promise.all(
						runs.map((r) => n8n.cliAsync(...r.args, `--output=${join(dir, r.file)}`)),
					);
					const ms = Date.now() - t0;
					for (const r of runs) {
						const text = readFileSync(join(dir, r.file), 'utf8');
						assert(!found(text).length, `${r.what}: holds ${found(text).join(', ')}`);
						const names =
							r.file === 'credentials.json'
								? made.credentials.map((c) => c.name)
								: made.workflows
										.filter((w) => r.file === 'workflows.json' || w.active)
										.map((w) => w.name);
						for (const name of names)
							assert(
								text.includes(JSON.stringify(name).slice(1, -1)),
								`${r.what}: ${name} is not in the export: read nothing?`,
							);
						facts.push(`${r.what}: ${(text.length / 1024).toFixed(0)} KB, ${names.length} of ours`);
					}
					log(`        ${facts.join('; ')} (${ms} ms)`);
				} finally {
					rmSync(dir, { recursive: true, force: true });
				}
			},
		);

		await check("secrets: execution data (public API) and n8n's log hold no secret", async () => {
			await settled();
			let count = 0;
			for (const t of triggers) {
				const list = await executions(t.workflowId);
				const text = JSON.stringify(list);
				assert(list.length > 0, `${t.label}: no executions`);
				assert(!found(text).length, `${t.label}: execution data holds ${found(text).join(', ')}`);
				// the trigger's item is in the data read (without the query's token: the gate drops it)
				assert(
					list.some((e) => e.data?.resultData?.runData?.[t.node]),
					`${t.label}: no trigger output in the data read`,
				);
				count += list.length;
			}
			const output = n8n.output();
			assert(/Editor is now accessible/.test(output), "n8n's log was not read");
			assert(!found(output).length, `n8n's log holds ${found(output).join(', ')}`);
			log(
				`        ${count} executions with data; n8n's log ${(output.length / 1024).toFixed(0)} KB`,
			);
		});

		const before: Record<string, string> = {};
		await check(
			'secrets: the database holds the secrets only encrypted (every row, and the file + WAL bytes)',
			async () => {
				await settled();
				const scan = scanDb([...allSecrets, MARK]);
				const facts = judgeDb(scan, allSecrets, 'database');
				for (const kind of ['coMagic', 'voicebox'] as Kind[]) {
					const c = triggerCredential[kind]!;
					before[c.id] = scan.credentials[c.id].data;
				}
				log(`        ${facts}`);
				log(
					`        credentials_entity.data: ${Object.values(triggerCredential)
						.map((c) => `${c!.type} ${before[c!.id].slice(0, 10)}… (${before[c!.id].length} chars)`)
						.join(', ')}`,
				);
			},
		);

		await check(
			"secrets: a secret changed in the credential (the dialog's PATCH) applies to every trigger using it, without re-publishing",
			async () => {
				const state = async () =>
					Promise.all(
						triggers.map(async (t) => {
							const wf = (await api('GET', `/workflows/${t.workflowId}`)).data;
							return JSON.stringify([
								wf.versionId,
								wf.activeVersionId ?? null,
								wf.active,
								wf.updatedAt,
							]);
						}),
					);
				const versionsBefore = await state();
				for (const kind of ['coMagic', 'voicebox'] as Kind[]) {
					const c = triggerCredential[kind]!;
					// what the editor's credential dialog sends on save (n8n-editor-ui CredentialEdit: id, name, type,
					// data, isGlobal; 2.x adds isResolvable)
					const body = {
						id: c.id,
						name: c.name,
						type: c.type,
						data: { secret: rotated[kind] },
						isGlobal: false,
						...(v1 ? {} : { isResolvable: false }),
					};
					const res = await rest('PATCH', `/credentials/${c.id}`, body);
					assert(
						res.status === 200,
						`PATCH /rest/credentials/${c.id}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`,
					);
					assert(
						!found(JSON.stringify(res.data)).length,
						`the PATCH answer holds ${found(JSON.stringify(res.data)).join(', ')}`,
					);
				}
				const facts: string[] = [];
				const refused: Array<{ t: Trigger; sent: Sent }> = [];
				for (const t of triggers) {
					refused.push({
						t,
						sent: await refuses(t, secrets[t.kind], `the old secret ${shown(secrets[t.kind])}`),
					});
					await admits(t, rotated[t.kind]);
					facts.push(`${t.label.split(' (')[0]}: old 401, new 200`);
				}
				await startedNone(refused);
				const versionsAfter = await state();
				assert(
					JSON.stringify(versionsAfter) === JSON.stringify(versionsBefore),
					`a workflow changed: ${versionsBefore.join(' ')} → ${versionsAfter.join(' ')}`,
				);
				log(`        ${facts.join('; ')}; workflow versions unchanged`);
			},
		);

		await check(
			'secrets: after the change, neither secret is in the database or the API, the stored data changed',
			async () => {
				await settled();
				const scan = scanDb([...allSecrets, MARK]);
				const facts = judgeDb(scan, allSecrets, 'database after the change');
				for (const c of Object.values(triggerCredential)) {
					assert(before[c!.id], `no stored data of ${c!.name} before the change`);
					assert(
						scan.credentials[c!.id].data !== before[c!.id],
						`${c!.name}: the stored data did not change`,
					);
				}
				for (const w of made.workflows) {
					const text = JSON.stringify((await api('GET', `/workflows/${w.id}`)).data);
					assert(
						text.includes(MARK) && !found(text).length,
						`${w.name}: GET holds ${found(text).join(', ')}`,
					);
				}
				for (const t of triggers) {
					const text = JSON.stringify(await executions(t.workflowId));
					assert(!found(text).length, `${t.label}: execution data holds ${found(text).join(', ')}`);
				}
				log(`        ${facts}`);
			},
		);

		await check(
			'secrets: a workflow saved with trigger version 1, imported unchanged, accepts its old secrets',
			async () => {
				const fixture = JSON.parse(readFileSync(join(ROOT, FIXTURE), 'utf8')) as Workflow & Row;
				// only what n8n's public API refuses would be removed (as readTemplate does): the fixture has none of it
				const refusedKeys = [
					'id',
					'active',
					'versionId',
					'pinData',
					'meta',
					'tags',
					'shared',
				].filter((k) => k in fixture);
				assert(refusedKeys.length === 0, `the fixture carries ${refusedKeys.join(', ')}`);
				const node = (type: string) => {
					const n = fixture.nodes.find((x) => x.type === `n8n-nodes-comagic-voicebox.${type}`);
					assert(n && n.typeVersion === 1, `the fixture has no ${type} at version 1`);
					return n;
				};
				const coMagic = node('coMagicTrigger');
				const voicebox = node('mttVoiceboxTrigger');
				assert(
					coMagic.parameters.secret === V1_SECRETS.coMagic &&
						voicebox.parameters.secret === V1_SECRETS.voicebox,
					'the fixture holds other secrets than the issue names',
				);
				const v1Triggers: Trigger[] = [
					{
						label: 'version-1 CoMagic Trigger (?token=)',
						kind: 'coMagic',
						node: coMagic.name,
						webhookId: coMagic.webhookId,
						get workflowId() {
							return ids.fixture;
						},
						send: (secret) => notify(`/webhook/${coMagic.webhookId}/webhook`, secret),
					},
					{
						label: 'version-1 MTT Voicebox Trigger (X-Webhook-Secret)',
						kind: 'voicebox',
						node: voicebox.name,
						webhookId: voicebox.webhookId,
						get workflowId() {
							return ids.fixture;
						},
						send: (secret) =>
							status(
								`/webhook/${voicebox.webhookId}/webhook`,
								String(voicebox.parameters.fieldName),
								secret,
							),
					},
				];
				for (const t of v1Triggers) {
					const probe = await t.send('probe');
					assert(probe.status === 404, `${t.label}: its webhook already answers ${probe.status}`);
				}
				ids.fixture = await create(fixture, true);
				const saved = (await api('GET', `/workflows/${ids.fixture}`)).data as Row;
				const versions = (saved.nodes as Row[])
					.filter((n) => n.type.startsWith('n8n-nodes-comagic-voicebox.'))
					.map((n) => n.typeVersion);
				assert(
					versions.length === 2 && versions.every((v) => v === 1),
					`n8n saved the triggers at versions ${versions.join(', ')}`,
				);
				await registered(v1Triggers);
				const refused: Array<{ t: Trigger; sent: Sent }> = [];
				for (const t of v1Triggers) {
					await admits(t, V1_SECRETS[t.kind]);
					refused.push({
						t,
						sent: await refuses(t, `e2e-secret-wrong-${hex(12)}`, 'a wrong secret'),
					});
					// the credential's secret means nothing to a version-1 trigger
					refused.push({ t, sent: await refuses(t, rotated[t.kind], "the credential's secret") });
				}
				await startedNone(refused);
				log(
					`        ${v1Triggers.map((t) => `${t.label}: old secret 200 + execution, wrong 401`).join('; ')}`,
				);
			},
		);
	} finally {
		await check(
			'secrets: everything the suite made is deactivated and deleted; the webhook paths are free again',
			async () => {
				await setup.login().catch(() => undefined);
				const problems: string[] = [];
				for (const w of [...made.workflows].reverse()) {
					if (w.active) await deactivate(w.id).catch((e: Error) => problems.push(e.message));
					// 2.x unpublishes in the background: a delete right after it may be told 409 "still being unpublished"
					let res = await api('DELETE', `/workflows/${w.id}`);
					for (let i = 0; res.status === 409 && i < 40; i++) {
						await sleep(250);
						res = await api('DELETE', `/workflows/${w.id}`);
					}
					if (res.status >= 300)
						problems.push(
							`deleting ${w.name}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 200)}`,
						);
				}
				for (const c of made.credentials) {
					const res = await api('DELETE', `/credentials/${c.id}`);
					if (res.status >= 300) problems.push(`deleting ${c.name}: HTTP ${res.status}`);
				}
				if (made.tableId) {
					const res = await rest(
						'DELETE',
						`/projects/${setup.session().projectId}/data-tables/${made.tableId}`,
					);
					if (res.status >= 300)
						problems.push(`deleting table ${made.tableId}: HTTP ${res.status}`);
				}
				assert(!problems.length, problems.join('; '));
				// the next suites activate the same templates: the paths this suite served must be free again (only
				// those: when another copy was active the setup refused to start and served nothing)
				const still: string[] = [];
				for (const { url, methods } of made.paths) {
					for (const method of methods) {
						const res = await http.request({
							method,
							url,
							data: method === 'GET' ? undefined : {},
						});
						if (res.status !== 404) still.push(`${method} ${url} (${res.status})`);
					}
				}
				assert(!still.length, `still served: ${still.join(', ')}`);
				for (const w of made.workflows) {
					const res = await api('GET', `/workflows/${w.id}`);
					assert(res.status === 404, `${w.name} is still there (HTTP ${res.status})`);
				}
				log(
					`        ${made.workflows.length} workflows, ${made.credentials.length} credentials, ${made.tableId ? 1 : 0} table removed; ${made.paths.length} webhook paths answer 404; suite took ${elapsed()}`,
				);
			},
		);
	}
}
