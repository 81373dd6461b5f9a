/**
 * `npm start [-- --n8n <version>] [--port 5678] [--sandbox-port 8787]`: the demo. Builds the pack, installs the
 * pinned real n8n into ~/.cache/n8n-runtime on first use, with the Node its line runs on (1.x: Node 22, 2.x: Node 24,
 * from the npm registry or N8N_RUNTIME_NODE), starts the sandbox and n8n (SQLite, user folder in the
 * cache), installs this package as a community package, creates the owner, the credentials and the Data Tables,
 * imports every template from workflows/ through n8n's API, binds and activates them, and prints what to try.
 * Running it again reuses everything (nothing is created twice); Ctrl-C stops what it started.
 * On Windows it only says where to run it instead (the runtime scripts are bash).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import { bootN8n, createApiKey, ownerCookie, ROOT, type N8n } from '../tooling/n8n/n8n';
import { flag, hasFlag } from '../tooling/n8n/args';
import { DEFAULT_N8N, N8N_1 } from '../tooling/n8n/versions';
import { fail, portFree, say } from './demo/cli';
import { DEMO_SECRETS, demoCredentials } from './demo/credentials';
import { RECOMMENDED_N8N_ENV } from './demo/n8nSettings';
import { DEMO_OWNER } from './demo/owner';
import { installTemplates, type InstalledTemplates } from './demo/templates';
import { startQueueDemo } from './queue';

// plain JS, shared with scripts/node-runtime.sh
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nodeMajorForN8n, startRefusal } = require('./node-platform') as {
	nodeMajorForN8n: (n8nVersion: string) => number;
	startRefusal: (platform: NodeJS.Platform, n8nVersion: string) => string | undefined;
};

function printReady(n8n: N8n, sandbox: Sandbox, installed: InstalledTemplates): void {
	const rule = '─'.repeat(78);
	say(rule);
	say(
		`ready: n8n ${n8n.version} with n8n-nodes-comagic-voicebox and ${installed.workflows.length} templates`,
	);
	say();
	say(`  Editor   ${n8n.base}   login ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
	for (const wf of installed.workflows)
		say(`           ${wf.active ? 'active  ' : 'inactive'} ${wf.name}`);
	for (const page of installed.pages)
		say(`  ${page.what}   ${page.url}${page.login ? `   login ${page.login}` : ''}`);
	say(`  Sandbox  ${sandbox.baseUrl}   (CoMagic, MTT Voicebox and a clinic, all simulated)`);
	say(
		`           control ${sandbox.urls.control}/log   calls ${sandbox.urls.control}/voicebox/calls`,
	);
	say();
	say('Three things to try (each shows a result within a minute):');
	installed.tryThis.forEach((item, i) => {
		say(`  ${i + 1}. ${item.what}`);
		say(`     ${item.command}`);
		say(`     → ${item.expect}`);
	});
	say();
	say(
		'Ctrl-C stops n8n and the sandbox. npm start again keeps the workflows and credentials; the sandbox and the demo tables start afresh.',
	);
	say(rule);
}

/** The demo's API key, kept beside n8n's user folder so a second start does not add another one. */
async function reuseApiKey(n8n: N8n, cookie: string): Promise<string> {
	const file = join(n8n.userFolder, '..', 'demo-api-key');
	if (existsSync(file)) {
		const key = readFileSync(file, 'utf8').trim();
		const probe = await n8n.http.get('/api/v1/workflows', {
			params: { limit: 1 },
			headers: { 'X-N8N-API-KEY': key },
		});
		if (probe.status === 200) return key;
	}
	const key = await createApiKey(n8n.http, cookie);
	writeFileSync(file, key, { mode: 0o600 });
	return key;
}

async function main(): Promise<void> {
	const version = flag('n8n', DEFAULT_N8N);
	// Windows: one line on where to run it instead, before anything else
	const refusal = startRefusal(process.platform, version);
	if (refusal) fail(refusal);
	// `-- --queue`: Postgres, Redis, main + 2 workers + a webhook process (scripts/queue.ts)
	if (hasFlag('queue')) return startQueueDemo();
	const port = Number(flag('port', '5678'));
	const sandboxPort = Number(flag('sandbox-port', '8787'));
	for (const [p, what, option] of [
		[port, 'n8n', 'port'],
		[sandboxPort, 'the sandbox', 'sandbox-port'],
	] as const) {
		if (!(await portFree(p))) {
			fail(
				`port ${p} (for ${what}) is in use — stop what holds it (another npm start or n8n?) or run npm start -- --${option} ${p + 1}`,
			);
		}
	}

	say(`1/4 building the package`);
	try {
		execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
	} catch {
		fail('the build failed (see above): run npm install first, then npm start');
	}

	say(
		`2/4 n8n ${version} on Node ${nodeMajorForN8n(version)} (installed once into ~/.cache/n8n-runtime, reused afterwards)`,
	);
	const sandbox: Sandbox = await startSandbox({
		port: sandboxPort,
		clinic: { apiToken: DEMO_SECRETS.clinicApiToken },
	});
	let n8n: N8n | undefined;
	let stopping = false;
	const stopAll = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\nstopping n8n and the sandbox…');
		await n8n?.stop();
		await sandbox.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	try {
		n8n = await bootN8n({
			version,
			port,
			// N8N_DEMO_HOME lets the e2e suite try a first start without touching the user's demo
			home:
				process.env.N8N_DEMO_HOME ??
				join(
					process.env.N8N_RUNTIME_CACHE ?? join(homedir(), '.cache', 'n8n-runtime'),
					`demo-${version}`,
				),
			credentials: demoCredentials(sandbox),
			env: {
				N8N_ENCRYPTION_KEY: 'n8n-nodes-comagic-voicebox-demo',
				// what docs/operations.md → A year of operation asks of a clinic's n8n: executions pruned (n8n's defaults, said
				// out loud so a copied environment keeps them)
				EXECUTIONS_DATA_PRUNE: 'true',
				EXECUTIONS_DATA_MAX_AGE: '336',
				EXECUTIONS_DATA_PRUNE_MAX_COUNT: '10000',
				...RECOMMENDED_N8N_ENV,
			},
		});
	} catch (error) {
		await sandbox.stop();
		const message = (error as Error).message.split('\n')[0];
		fail(
			/n8n-runtime\.sh/.test(message)
				? `n8n ${version} could not be installed (see the line above); npm start -- --n8n ${N8N_1} picks the 1.x line`
				: `n8n ${version} did not start: ${message}`,
		);
	}

	say(`3/4 owner, credentials, Data Tables and templates`);
	const booted = n8n;
	const installed = await (async () => {
		const cookie = await ownerCookie(booted.http, DEMO_OWNER);
		const apiKey = await reuseApiKey(booted, cookie);
		return installTemplates({ n8n: booted, apiKey, sandbox });
	})().catch(async (error: Error) => {
		// nothing it started may outlive it
		await booted.stop();
		await sandbox.stop();
		fail(`setting up n8n failed: ${error.message}`);
	});

	say(`4/4 ready`);
	printReady(n8n, sandbox, installed);
}

main().catch((error: Error) => fail(error.message));
