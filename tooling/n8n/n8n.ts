/**
 * A real n8n with this package installed the way the Community Nodes installer lays it out: the e2e suite, the
 * browser test, the benchmarks and `npm start` all boot it through here. The n8n itself comes from the cache that
 * scripts/n8n-runtime.sh fills, each line on its own Node from the same cache (1.x on Node 22, 2.x on Node 24, both
 * from the npm registry, or N8N_RUNTIME_NODE).
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import axios, { type AxiosInstance } from 'axios';

export const ROOT = resolve(__dirname, '../..');
export const PACKAGE = 'n8n-nodes-comagic-voicebox';

export interface N8nOptions {
	version: string;
	/** the listening port (default: a free one) */
	port?: number;
	/** a folder to keep n8n's user folder in (default: a new temporary one, removed by `dispose`) */
	home?: string;
	/** imported with the CLI before the first start, as `{id, name, type, data}` */
	credentials?: object[];
	/** imported with the CLI before the first start and activated (1.x) / published (2.x) */
	workflows?: Array<{ id: string }>;
	env?: NodeJS.ProcessEnv;
	/** how long to wait for /healthz */
	startTimeoutMs?: number;
	/** false: a bare n8n without this package (the benchmarks' reference); default true */
	installPackage?: boolean;
	/**
	 * queue mode: `main` runs `n8n start` (default), `worker` runs `n8n worker` (ready when its health server on
	 * `port` answers: pass QUEUE_HEALTH_CHECK_ACTIVE/PORT in env), `webhook` runs `n8n webhook`
	 */
	role?: 'main' | 'worker' | 'webhook';
	/** extra arguments for the n8n command, e.g. `--concurrency=5` for a worker */
	args?: string[];
}

export interface Owner {
	email: string;
	password: string;
}

export const OWNER: Owner = { email: 'e2e@example.com', password: 'E2e-password-1' };

export interface N8n {
	version: string;
	v1: boolean;
	base: string;
	/** n8n's HTTP API; never throws on a status */
	http: AxiosInstance;
	userFolder: string;
	/** everything n8n printed since it last started */
	output(): string;
	/** the running n8n process's id (the benchmarks read its memory from /proc) */
	pid(): number | undefined;
	/** runs the n8n CLI against the same database (while n8n is stopped, or for read-only commands) */
	cli(...args: string[]): string;
	/** the same without blocking: read-only commands (exports) can run side by side */
	cliAsync(...args: string[]): Promise<string>;
	/** starts n8n; `extraEnv` applies to this start only (e.g. a lower Data Table limit) */
	start(extraEnv?: NodeJS.ProcessEnv): Promise<void>;
	/** SIGTERM, then SIGKILL after 15 s; resolves once the port and database are free */
	stop(): Promise<void>;
	/** SIGKILL at once: a crash, as far as n8n can tell */
	kill(): Promise<void>;
	dispose(): Promise<void>;
}

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as { port: number };
	await new Promise<void>((r) => server.close(() => r()));
	return port;
}

/**
 * The PATH prefix of a cached n8n of this version (installed on first use): the bin folder of the Node its line runs
 * on first, then n8n's node_modules/.bin.
 */
export function n8nRuntime(version: string): string {
	return execFileSync(join(ROOT, 'scripts/n8n-runtime.sh'), [version], {
		stdio: ['ignore', 'pipe', 'inherit'],
	})
		.toString()
		.trim();
}

/** Packs this package and unpacks it into n8n's community-package folder; refuses a tarball with stray files. */
export function installPackage(userFolder: string): void {
	const packDir = mkdtempSync(join(tmpdir(), 'pack-'));
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
		cwd: ROOT,
	}).toString();
	const [{ filename, files }] = JSON.parse(out) as Array<{
		filename: string;
		files: Array<{ path: string }>;
	}>;
	const outside = files
		.map((f) => f.path)
		.filter((p) => !/^(dist\/|README\.md$|LICENSE$|package\.json$)/.test(p));
	if (outside.length > 0) {
		throw new Error(`the tarball ships files outside dist/: ${outside.join(', ')}`);
	}
	// without a build the tarball has no dist/, and n8n would start with none of the package's nodes
	if (!files.some((f) => f.path.startsWith('dist/nodes/'))) {
		throw new Error('the tarball has no dist/nodes: run `npm run build` first');
	}
	const target = join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	execFileSync('tar', ['-xzf', join(packDir, filename), '-C', target, '--strip-components=1']);
	rmSync(packDir, { recursive: true, force: true });
}

async function waitForHealth(
	http: AxiosInstance,
	ms: number,
	output: () => string,
	paths = ['/healthz', '/rest/settings'],
	own: () => { exited: boolean; listening: boolean } = () => ({ exited: false, listening: true }),
): Promise<void> {
	const until = Date.now() + ms;
	for (;;) {
		// a port taken between choosing it and n8n binding it: n8n exits, and what answers is someone else's server
		if (own().exited) {
			throw new Error(
				`n8n exited before it was ready; it said:\n${output().split('\n').slice(-25).join('\n')}`,
			);
		}
		// /healthz answers before the REST routes exist; /rest/settings answers once they do
		const ok = await Promise.all(paths.map((path) => http.get(path)))
			.then((answers) => answers.every((r) => r.status === 200))
			.catch(() => false);
		if (ok && own().listening) return;
		if (Date.now() > until) {
			throw new Error(
				`n8n did not become ready (${paths.join(', ')}); it said:\n${output().split('\n').slice(-25).join('\n')}`,
			);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

export async function bootN8n(options: N8nOptions): Promise<N8n> {
	const bin = n8nRuntime(options.version);
	const v1 = options.version.startsWith('1.');
	const work = options.home ?? mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	const userFolder = join(work, 'home');
	mkdirSync(userFolder, { recursive: true });
	if (options.installPackage !== false) installPackage(userFolder);
	const port = options.port ?? (await freePort());
	const env: NodeJS.ProcessEnv = {
		...process.env,
		// the prefix's Node comes first, so `n8n` (#!/usr/bin/env node) and its CLI run on it, not on this process's Node
		PATH: `${bin}:${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_ENCRYPTION_KEY: 'e2e-encryption-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		// 1.x defaults to 0 (its legacy SQLite driver), which breaks concurrent Data Table writes
		DB_SQLITE_POOL_SIZE: '2',
	};
	if (v1) {
		// the 1.x runtime builds sqlite3 only, not isolated-vm: the legacy expression engine, and no task runner
		env.N8N_EXPRESSION_ENGINE = 'legacy';
		env.N8N_RUNNERS_ENABLED = 'false';
	} else {
		// 2.x always starts a task runner broker: keep it off the default port another n8n may hold
		env.N8N_RUNNERS_BROKER_PORT = String(await freePort());
	}
	Object.assign(env, options.env);
	const cli = (...args: string[]) =>
		execFileSync('n8n', args, { env, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
	const cliAsync = (...args: string[]) =>
		new Promise<string>((resolve, reject) =>
			execFile('n8n', args, { env, cwd: work }, (error, stdout, stderr) =>
				error ? reject(new Error(`n8n ${args[0]}: ${error.message}\n${stderr}`)) : resolve(stdout),
			),
		);

	if (options.credentials?.length) {
		writeFileSync(join(work, 'credentials.json'), JSON.stringify(options.credentials));
		cli('import:credentials', `--input=${join(work, 'credentials.json')}`);
	}
	if (options.workflows?.length) {
		const wfDir = join(work, 'workflows');
		mkdirSync(wfDir, { recursive: true });
		options.workflows.forEach((wf) =>
			writeFileSync(join(wfDir, `${wf.id}.json`), JSON.stringify(wf)),
		);
		cli('import:workflow', '--separate', `--input=${wfDir}`);
		// 1.x activates, 2.x publishes (activation became publishing in 2.0)
		for (const wf of options.workflows) {
			if (v1) cli('update:workflow', `--id=${wf.id}`, '--active=true');
			else cli('publish:workflow', `--id=${wf.id}`);
		}
	}

	const base = `http://127.0.0.1:${port}`;
	// a fresh connection per request: n8n closes an idle kept-alive socket after 5 s, and a request that picks it up
	// fails with "socket hang up"
	const http = axios.create({
		baseURL: base,
		validateStatus: () => true,
		timeout: 20000,
		httpAgent: new HttpAgent({ keepAlive: false }),
	});
	let child: ChildProcess | undefined;
	let output = '';
	const halt = async (signal: NodeJS.Signals) => {
		const running = child;
		if (!running || running.exitCode !== null || running.signalCode !== null) return;
		const exited = new Promise<void>((r) => running.once('exit', () => r()));
		running.kill(signal);
		const killed = setTimeout(() => running.kill('SIGKILL'), 15000);
		await exited;
		clearTimeout(killed);
	};
	const n8n: N8n = {
		version: options.version,
		v1,
		base,
		http,
		userFolder,
		output: () => output,
		pid: () => child?.pid,
		cli,
		cliAsync,
		async start(extraEnv?: NodeJS.ProcessEnv) {
			output = '';
			const command = { main: 'start', worker: 'worker', webhook: 'webhook' }[
				options.role ?? 'main'
			];
			child = spawn('n8n', [command, ...(options.args ?? [])], {
				env: { ...env, ...extraEnv },
				cwd: work,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
			child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
			// workers and webhook processes serve no REST API
			const paths = (options.role ?? 'main') === 'main' ? undefined : ['/healthz'];
			const started = child;
			const own = () => ({
				exited: started.exitCode !== null || started.signalCode !== null,
				// `n8n start` prints this once its own server listens (1.x and 2.x)
				listening: paths !== undefined || /Editor is now accessible/.test(output),
			});
			await waitForHealth(http, options.startTimeoutMs ?? 180_000, () => output, paths, own);
		},
		stop: () => halt('SIGTERM'),
		kill: () => halt('SIGKILL'),
		async dispose() {
			await halt('SIGTERM');
			if (!options.home && !process.env.E2E_KEEP) rmSync(work, { recursive: true, force: true });
		},
	};
	await n8n.start();
	return n8n;
}

/** Sets up the owner (first run only) and returns a session cookie for n8n's internal REST API. */
export async function ownerCookie(http: AxiosInstance, owner: Owner = OWNER): Promise<string> {
	const setup = await http.post('/rest/owner/setup', {
		...owner,
		firstName: 'E2E',
		lastName: 'Runner',
	});
	const res =
		setup.status === 200
			? setup
			: await http.post('/rest/login', {
					emailOrLdapLoginId: owner.email,
					password: owner.password,
				});
	const cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0];
	if (!cookie) throw new Error(`could not log in as the owner: ${res.status}`);
	return cookie;
}

/** A public-API key with every scope the owner may grant. */
export async function createApiKey(http: AxiosInstance, cookie: string): Promise<string> {
	const scopes = (await http.get('/rest/api-keys/scopes', { headers: { cookie } })).data.data;
	const key = await http.post(
		'/rest/api-keys',
		{ label: `key-${Date.now()}`, expiresAt: null, scopes },
		{ headers: { cookie } },
	);
	const raw = key.data?.data?.rawApiKey as string | undefined;
	if (!raw) throw new Error(`no API key: ${JSON.stringify(key.data).slice(0, 200)}`);
	return raw;
}
