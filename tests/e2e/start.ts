/**
 * `npm run e2e:start [-- --n8n <version>]`: the first run as a new user has it. Runs `npm start` in the background
 * on a fresh demo folder, waits for "ready", follows the three printed instructions, stops it as Ctrl-C would and
 * checks that nothing is left running, starts it again and checks that nothing was created twice.
 * Prints `N passed, N failed` and exits non-zero on any failure.
 */
import { execSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Agent } from 'node:http';

import axiosBase from 'axios';

import { DEMO_OWNER } from '../../scripts/demo/owner';
import { runTemplateChecks, shippedTemplatesIn } from '../browser/templates';
import { CLINIC_SYSTEM_VARIANTS } from '../../templates/names';
import { parseArgs } from '../../tooling/n8n/args';
import { DEFAULT_N8N } from '../../tooling/n8n/versions';
import { freePort, ROOT } from '../../tooling/n8n/n8n';
import { assert, check, log, results, sleep, timeSummary, waitFor } from './support/checks';

const version = parseArgs().flags.n8n || undefined;

interface Demo {
	child: ChildProcess;
	output: () => string;
	exited: Promise<number | null>;
}

function startDemo(home: string, port: number, sandboxPort: number): Demo {
	const args = ['start', '--', '--port', String(port), '--sandbox-port', String(sandboxPort)];
	if (version) args.push('--n8n', version);
	// its own process group, so "Ctrl-C" can reach npm, ts-node, n8n and its runners together as a terminal would
	const child = spawn('npm', args, {
		cwd: ROOT,
		env: { ...process.env, N8N_DEMO_HOME: home },
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
	const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
	return { child, output: () => output, exited };
}

async function ready(demo: Demo): Promise<string> {
	const until = Date.now() + 15 * 60_000;
	for (;;) {
		const output = demo.output();
		if (/^ready: /m.test(output) && /Ctrl-C stops/.test(output)) return output;
		// an npm start that ended (a port in use, a failed setup) fails at once with what it said
		if (demo.child.exitCode !== null || demo.child.signalCode !== null) {
			throw new Error(`npm start ended before "ready":\n${output.slice(-2000)}`);
		}
		if (Date.now() > until) throw new Error(`no "ready" from npm start:\n${output.slice(-2000)}`);
		await sleep(500);
	}
}

/** Ctrl-C in a terminal: SIGINT to the whole foreground process group. */
async function interrupt(demo: Demo): Promise<void> {
	process.kill(-demo.child.pid!, 'SIGINT');
	await Promise.race([demo.exited, sleep(60_000)]);
}

/** The numbered "things to try": what, the command line, what to expect (the line after, starting with →). */
function instructions(output: string): Array<{ what: string; command: string; expect: string }> {
	const lines = output.split('\n');
	const found: Array<{ what: string; command: string; expect: string }> = [];
	lines.forEach((line, i) => {
		const m = /^ {2}(\d)\. (.*)$/.exec(line);
		if (m) {
			found.push({
				what: m[2],
				command: lines[i + 1].trim(),
				expect: lines[i + 2].trim().replace(/^→ /, ''),
			});
		}
	});
	return found;
}

const run = (command: string) => execSync(command, { encoding: 'utf8', timeout: 120_000 });

function stillRunning(home: string, ports: number[]): string[] {
	const left: string[] = [];
	const procs = execSync('ps -eo pid,args', { encoding: 'utf8' })
		.split('\n')
		.filter((l) => l.includes(home) || /scripts\/start\.ts/.test(l));
	left.push(...procs.filter((l) => !/ps -eo/.test(l)).map((l) => l.trim()));
	const listening = execSync('ss -ltn', { encoding: 'utf8' });
	for (const p of ports) if (listening.includes(`127.0.0.1:${p} `)) left.push(`port ${p}`);
	return left;
}

/** npm start run to its end: what it printed on stderr (its last line is the one that says what to do). */
function failedStart(
	args: string[],
	env: NodeJS.ProcessEnv = {},
): { code: number | null; lastLine: string } {
	const result = spawnSync('npm', ['start', '--', ...args], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		encoding: 'utf8',
		timeout: 300_000,
	});
	const lines = `${result.stderr}`.trim().split('\n');
	return { code: result.status, lastLine: lines[lines.length - 1] ?? '' };
}

/** The three ways npm start can fail before anything runs, each ending with one line that says what to do. */
async function failureChecks(): Promise<void> {
	await check(
		'npm start with its port in use ends with one line naming the port and the flag',
		async () => {
			const busy = createServer();
			const port = await new Promise<number>((r) =>
				busy.listen(0, '127.0.0.1', () => r((busy.address() as AddressInfo).port)),
			);
			try {
				const { code, lastLine } = failedStart([
					'--port',
					String(port),
					'--sandbox-port',
					String(await freePort()),
				]);
				assert(code === 1, `exit code ${code}`);
				assert(
					lastLine.startsWith('npm start: ') &&
						lastLine.includes(`port ${port}`) &&
						lastLine.includes('--port'),
					`last line: ${lastLine}`,
				);
			} finally {
				busy.close();
			}
		},
	);
	const emptyCache = mkdtempSync(join(tmpdir(), 'runtime-cache-'));
	try {
		await check(
			'npm start with an n8n version that does not install ends with one line that says what to do',
			async () => {
				const ports = [
					'--port',
					String(await freePort()),
					'--sandbox-port',
					String(await freePort()),
				];
				const { code, lastLine } = failedStart(['--n8n', '1.0.999', ...ports], {
					N8N_RUNTIME_CACHE: emptyCache,
				});
				assert(code === 1, `exit code ${code}`);
				assert(
					/^npm start: n8n 1\.0\.999 could not be installed .*--n8n 1\.123\.81/.test(lastLine),
					`last line: ${lastLine}`,
				);
			},
		);
		await check(
			'npm start with no way to get Node 24 ends with one line that says what to do',
			async () => {
				const ports = [
					'--port',
					String(await freePort()),
					'--sandbox-port',
					String(await freePort()),
				];
				// a registry nobody answers: the Node 24 package cannot be fetched into the empty cache
				const { code, lastLine } = failedStart(['--n8n', DEFAULT_N8N, ...ports], {
					N8N_RUNTIME_CACHE: emptyCache,
					npm_config_registry: 'http://127.0.0.1:9/',
					npm_config_fetch_retries: '0',
				});
				assert(code === 1, `exit code ${code}`);
				assert(
					/^npm start: n8n 2\.41\.1 could not be installed .*--n8n 1\.123\.81/.test(lastLine),
					`last line: ${lastLine}`,
				);
			},
		);
	} finally {
		rmSync(emptyCache, { recursive: true, force: true });
	}
}

// a fresh connection per request: a kept-alive socket that n8n closes after its 5 s idle timeout, reused at that
// moment, ends in "socket hang up"
const axios = axiosBase.create({ httpAgent: new Agent({ keepAlive: false }) });

async function main(): Promise<void> {
	await failureChecks();
	const home = mkdtempSync(join(tmpdir(), 'demo-home-'));
	const port = await freePort();
	const sandboxPort = await freePort();
	let demo = startDemo(home, port, sandboxPort);
	try {
		let output = '';
		await check(
			'npm start on a fresh demo folder reaches "ready" and prints three things to try',
			async () => {
				output = await ready(demo);
				assert(output.includes(`Editor   http://127.0.0.1:${port}`), 'no editor URL');
				assert(
					instructions(output).length === 3,
					`instructions: ${JSON.stringify(instructions(output))}`,
				);
			},
		);
		const steps = instructions(output);
		const sandbox = `http://127.0.0.1:${sandboxPort}`;

		const step = (words: RegExp) => steps.find((x) => words.test(x.what));
		const incoming = step(/incoming call/i);
		const reminders = step(/reminders now/i);
		const ledger = step(/ledger/i);
		/** follows the "run reminders now" instruction and waits for the sandbox's first calls */
		const remindersCall = async () => {
			assert(reminders, 'no instruction to run the reminders');
			run(reminders.command);
			const calls = await waitFor(
				'calls in the sandbox',
				async () => {
					const list = (await axios.get(`${sandbox}/_control/voicebox/calls`)).data as unknown[];
					return list.length > 0 ? list : undefined;
				},
				// the import plans each first call at once (the demo's window is the whole day); the next tick dials it
				150_000,
			);
			log(`        ${calls.length} calls placed`);
		};

		await check(`${incoming?.what ?? 'an incoming call'}: the patient's card pops up`, async () => {
			assert(incoming, 'no instruction for an incoming call');
			run(incoming.command);
			const pops = await waitFor(
				'a screen pop in the clinic system',
				async () => {
					const list = JSON.parse(run(/curl -s \S+/.exec(incoming.expect)![0])) as Array<
						Record<string, unknown>
					>;
					return list.length > 0 ? list : undefined;
				},
				60_000,
			);
			const known = pops.find((p) => !p.newPatient && p.patientName);
			assert(known, `no card names the patient: ${JSON.stringify(pops).slice(0, 400)}`);
			log(`        ${pops.length} screen pop(s): ${String(known.title ?? known.patientName)}`);
		});

		await check(
			`${reminders?.what ?? 'run reminders now'}: the robot dials at the next tick`,
			async () => {
				await remindersCall();
			},
		);

		const login = await axios.post(
			`http://127.0.0.1:${port}/rest/login`,
			{ emailOrLdapLoginId: DEMO_OWNER.email, password: DEMO_OWNER.password },
			{ validateStatus: () => true },
		);
		const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
		const rest = async (path: string) =>
			(await axios.get(`http://127.0.0.1:${port}/rest${path}`, { headers: { cookie } })).data.data;
		const counts = async () => {
			const projectId = (await rest('/projects/personal')).id;
			const tables = await rest(`/projects/${projectId}/data-tables`);
			return {
				workflows: (await rest('/workflows')).length as number,
				credentials: (await rest('/credentials')).length as number,
				tables: ((Array.isArray(tables) ? tables : tables.data) as unknown[]).length,
				projectId,
				tableList: (Array.isArray(tables) ? tables : tables.data) as Array<{
					id: string;
					name: string;
				}>,
			};
		};

		await check(
			`${ledger?.what ?? 'the ledger'}: the table it names has a row per visit, and results reach the clinic`,
			async () => {
				assert(ledger, 'no instruction about the ledger');
				const name = /Data tables → (\S+)/.exec(ledger.command)?.[1];
				assert(name, `no table named in "${ledger.command}"`);
				const { tableList, projectId } = await counts();
				const table = tableList.find((t) => t.name === name);
				assert(table, `no table ${name}`);
				const rows = await waitFor('ledger rows', async () => {
					const data = await rest(`/projects/${projectId}/data-tables/${table.id}/rows?take=100`);
					return data.data.length > 0 ? data.data : undefined;
				});
				log(`        ${rows.length} ledger rows`);
				// the clinic's API wants its token: the printed command sends it in a header
				const results = /curl -s (-H '[^']+' )?'[^']+'/.exec(ledger.expect)?.[0];
				assert(results, `no command for the results in "${ledger.expect}"`);
				const outcomes = await waitFor(
					'results in the clinic system',
					async () => {
						run(reminders!.command);
						const visits = JSON.parse(run(results)) as Array<{
							reminder: { outcome: string } | null;
						}>;
						const done = visits.filter((v) => v.reminder?.outcome).map((v) => v.reminder!.outcome);
						return done.length > 0 ? done : undefined;
					},
					120_000,
				);
				log(`        outcomes written back: ${outcomes.join(', ')}`);
			},
		);

		// every shipped template is in the demo and renders in a real browser, each node with its icon
		const { found, missing } = shippedTemplatesIn(await rest('/workflows'));
		await check('npm start imported every template in workflows/', async () => {
			// the demo runs the Clinic system over HTTP; a variant for another kind of clinic system (PostgreSQL) needs
			// that system, and is proven and opened in the editor by the e2e run (reminders-postgres)
			const variants: string[] = Object.values(CLINIC_SYSTEM_VARIANTS);
			const notImported = missing.filter((file) => !variants.includes(file));
			assert(notImported.length === 0, `not imported: ${notImported.join(', ')}`);
		});
		await runTemplateChecks({
			base: `http://127.0.0.1:${port}`,
			version: version ?? 'default',
			owner: DEMO_OWNER,
			screenshots: process.env.E2E_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'demo-shots-')),
			templates: found,
		});

		const before = await counts().catch((error: Error) => {
			const alive = demo.child.exitCode === null && demo.child.signalCode === null;
			throw new Error(
				`reading n8n's workflows, credentials and tables: ${error.message} (npm start ${alive ? 'still running' : 'ended'}); it said:\n${demo.output().slice(-3000)}`,
			);
		});
		await check(
			'Ctrl-C stops npm start, n8n and the sandbox: no process or port is left',
			async () => {
				await interrupt(demo);
				assert(
					demo.child.exitCode !== null || demo.child.signalCode !== null,
					'npm start did not exit',
				);
				await sleep(2000);
				const left = stillRunning(home, [port, sandboxPort]);
				assert(left.length === 0, `left running: ${left.join('; ')}`);
			},
		);

		await check(
			'a second npm start reuses everything: no workflow, credential, table or key twice',
			async () => {
				const key = readFileSync(join(home, 'demo-api-key'), 'utf8');
				demo = startDemo(home, port, sandboxPort);
				await ready(demo);
				const after = await counts();
				assert(
					after.workflows === before.workflows &&
						after.credentials === before.credentials &&
						after.tables === before.tables,
					`before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`,
				);
				assert(
					readFileSync(join(home, 'demo-api-key'), 'utf8') === key,
					'a second API key was made',
				);
			},
		);
		await check(
			'after a second npm start the reminders call again (the sandbox and the demo tables start afresh)',
			async () => {
				await remindersCall();
				await interrupt(demo);
			},
		);
	} finally {
		if (demo.child.exitCode === null && demo.child.signalCode === null) {
			process.kill(-demo.child.pid!, 'SIGKILL');
		}
		rmSync(home, { recursive: true, force: true });
	}
}

main()
	.catch((error: Error) => {
		results.push({ name: 'npm start e2e', ok: false, detail: error.message });
		log(`  FAIL  npm start e2e: ${error.message}`);
	})
	.finally(() => {
		const failed = results.filter((r) => !r.ok).length;
		for (const line of timeSummary()) log(line);
		log(`${results.length - failed} passed, ${failed} failed`);
		process.exit(failed > 0 ? 1 : 0);
	});
