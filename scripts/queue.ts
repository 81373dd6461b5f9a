/**
 * `npm start -- --queue [--n8n <version>] [--port 5678] [--webhook-port 5680] [--sandbox-port 8787]`: the demo on
 * n8n's distributed engine. PostgreSQL and Redis from Debian's packages on loopback (data in a temporary folder),
 * n8n main (editor, API, schedules) + two workers (run every execution) + one webhook process (serves every
 * production webhook), this package installed into each, the sandbox, the credentials and the templates set up as
 * in `npm start`. Starts fresh each time (the database goes away with Ctrl-C); Ctrl-C stops everything it started.
 */
import { execFileSync } from 'node:child_process';

import { startSandbox, type Sandbox } from '../sandbox';
import { DEMO_SECRETS, demoCredentials } from './demo/credentials';
import { DEMO_OWNER } from './demo/owner';
import { startCluster, type Cluster } from '../tooling/n8n/cluster';
import { createApiKey, ownerCookie, ROOT } from '../tooling/n8n/n8n';
import { flag } from '../tooling/n8n/args';
import { DEFAULT_N8N } from '../tooling/n8n/versions';
import { fail as failWith, portFree, say } from './demo/cli';
import { RECOMMENDED_N8N_ENV } from './demo/n8nSettings';
import { installTemplates } from './demo/templates';

// typed, so TypeScript knows nothing runs after it
const fail: (line: string) => never = (line) => failWith(line, 'npm start -- --queue');

export async function startQueueDemo(): Promise<void> {
	const version = flag('n8n', DEFAULT_N8N);
	const ports = {
		port: Number(flag('port', '5678')),
		'webhook-port': Number(flag('webhook-port', '5680')),
		'sandbox-port': Number(flag('sandbox-port', '8787')),
	};
	for (const [option, p] of Object.entries(ports)) {
		if (!(await portFree(p)))
			fail(`port ${p} is in use — stop what holds it or run with --${option} ${p + 10}`);
	}

	say('1/4 building the package');
	try {
		execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
	} catch {
		fail('the build failed (see above): run npm install first');
	}

	say(
		`2/4 PostgreSQL, Redis, n8n ${version}: main, 2 workers, 1 webhook process (a few minutes on a small machine)`,
	);
	const sandbox: Sandbox = await startSandbox({
		port: ports['sandbox-port'],
		clinic: { apiToken: DEMO_SECRETS.clinicApiToken },
	});
	let cluster: Cluster | undefined;
	let stopping = false;
	const stopAll = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\nstopping n8n, Redis, PostgreSQL and the sandbox…');
		await cluster?.stop();
		await sandbox.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));
	try {
		cluster = await startCluster({
			version,
			mainPort: ports.port,
			webhookPort: ports['webhook-port'],
			encryptionKey: 'n8n-nodes-comagic-voicebox-queue-demo',
			credentials: demoCredentials(sandbox),
			env: RECOMMENDED_N8N_ENV,
			say: (line) => say(`    ${line}`),
		});
	} catch (error) {
		await sandbox.stop();
		fail(
			`the queue-mode n8n did not start: ${(error as Error).message.split('\n').slice(0, 5).join('\n')}`,
		);
	}

	say('3/4 owner, credentials, Data Tables and templates');
	const { main, webhook, workers, postgres, redis } = cluster;
	const installed = await (async () => {
		const cookie = await ownerCookie(main.http, DEMO_OWNER);
		const apiKey = await createApiKey(main.http, cookie);
		// the API on main; every URL handed out (the sandbox's callbacks, the curl lines) points at the webhook process
		return installTemplates({ n8n: { ...main, base: webhook.base }, apiKey, sandbox });
	})().catch(async (error: Error) => {
		await stopAll(1);
		throw error;
	});

	say('4/4 ready');
	const rule = '─'.repeat(78);
	say(rule);
	say(
		`ready: n8n ${version} in queue mode with n8n-nodes-comagic-voicebox and ${installed.workflows.length} templates`,
	);
	say();
	say(
		`  Editor    ${main.base}   login ${DEMO_OWNER.email} / ${DEMO_OWNER.password}   (main: editor, API, schedules)`,
	);
	say(`  Webhooks  ${webhook.base}/webhook/…   (the webhook process; main serves none)`);
	workers.forEach((w, i) =>
		say(`  Worker ${i + 1}  ${w.base}/healthz   (runs executions, concurrency 10)`),
	);
	say(
		`  Postgres  127.0.0.1:${postgres.port} (database ${postgres.database})   Redis 127.0.0.1:${redis.port}`,
	);
	say(`  Sandbox   ${sandbox.baseUrl}   control ${sandbox.urls.control}/log`);
	say();
	say('Things to try (each shows a result within a minute):');
	installed.tryThis.forEach((item, i) => {
		say(`  ${i + 1}. ${item.what}`);
		say(`     ${item.command}`);
		say(`     → ${item.expect}`);
	});
	say();
	say('Ctrl-C stops everything; the queue demo starts fresh next time.');
	say(rule);
}
