/**
 * Real PostgreSQL and Redis servers for n8n's queue mode, from Debian's packages (`postgresql`, `redis-server`),
 * on loopback, on free ports, with their data in a temporary folder that is removed when they stop. When a server
 * is missing and this runs as root, it is installed with apt-get (as CI does); otherwise the error says what to
 * install. PostgreSQL refuses to run as root, so as root its commands run as the `postgres` user the package
 * creates.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
	chmodSync,
	chownSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './n8n';

export interface Postgres {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	/** what n8n needs to use it (DB_TYPE=postgresdb, DB_POSTGRESDB_*) */
	env: Record<string, string>;
	/** runs SQL with psql and returns its unaligned output */
	sql(query: string): string;
	/** the server's process (its backends run below it) */
	pid(): number | undefined;
	stop(): Promise<void>;
}

export interface Redis {
	host: string;
	port: number;
	password: string;
	/** what n8n needs to use it (QUEUE_BULL_REDIS_*) */
	env: Record<string, string>;
	pid(): number | undefined;
	stop(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

/** apt-get install as root (CI); otherwise a clear error that says what to install. */
function ensurePackage(what: string, debianPackage: string, present: () => boolean): void {
	if (present()) return;
	if (!isRoot()) {
		throw new Error(
			`${what} is not installed: run "sudo apt-get install -y ${debianPackage}" (Debian/Ubuntu) and try again`,
		);
	}
	const apt = (...args: string[]) =>
		execFileSync('apt-get', args, {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	try {
		apt('install', '-y', debianPackage);
	} catch {
		apt('update');
		apt('install', '-y', debianPackage);
	}
	if (!present())
		throw new Error(`apt-get installed ${debianPackage} but ${what} is still not found`);
}

/** The newest PostgreSQL server binaries Debian installed (/usr/lib/postgresql/<major>/bin). */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const majors = readdirSync(root)
		.filter((d) => existsSync(join(root, d, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? join(root, majors[0], 'bin') : undefined;
}

function onPath(command: string): boolean {
	try {
		execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** A folder both this process and the `postgres` user can use. */
function serviceFolder(prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	chmodSync(dir, 0o755);
	return dir;
}

export async function startPostgres(): Promise<Postgres> {
	ensurePackage('PostgreSQL', 'postgresql', () => postgresBin() !== undefined);
	const bin = postgresBin()!;
	const dir = serviceFolder('n8n-pg-');
	const data = join(dir, 'data');
	const sockets = join(dir, 'run');
	mkdirSync(sockets);
	const port = await freePort();
	const user = 'n8n';
	const password = `pg-${Math.random().toString(36).slice(2)}`;
	const pwfile = join(dir, 'pw');
	writeFileSync(pwfile, password);
	let owner: { uid: number; gid: number } | undefined;
	if (isRoot()) {
		const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
		owner = { uid: id('-u'), gid: id('-g') };
		for (const p of [dir, sockets, pwfile]) chownSync(p, owner.uid, owner.gid);
	}
	// as root, run as the postgres user (initdb and postgres refuse root); otherwise as ourselves
	const run = (command: string, args: string[]) =>
		execFileSync(
			owner ? 'runuser' : join(bin, command),
			owner ? ['-u', 'postgres', '--', join(bin, command), ...args] : args,
			{
				stdio: ['ignore', 'pipe', 'pipe'],
				env: { ...process.env, PGPASSWORD: password },
			},
		).toString();
	const fail = (step: string, error: unknown): never => {
		const e = error as { stderr?: Buffer; message: string };
		throw new Error(`PostgreSQL ${step} failed: ${e.stderr?.toString().trim() || e.message}`);
	};
	try {
		// a password for TCP connections (as n8n uses it in production), trust only on the private socket folder
		run('initdb', [
			'-D',
			data,
			'-U',
			user,
			`--pwfile=${pwfile}`,
			'--auth-host=scram-sha-256',
			'--auth-local=trust',
			'-E',
			'UTF8',
			'--locale=C',
		]);
	} catch (error) {
		fail('initdb', error);
	}
	const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${sockets} -c fsync=off -c max_connections=200`;
	try {
		run('pg_ctl', [
			'start',
			'-w',
			'-t',
			'60',
			'-D',
			data,
			'-l',
			join(dir, 'postgres.log'),
			'-o',
			options,
		]);
	} catch (error) {
		fail(`start (log: ${join(dir, 'postgres.log')})`, error);
	}
	const pidFile = join(data, 'postmaster.pid');
	const serverPid = () => {
		try {
			return Number(readFileSync(pidFile, 'utf8').split('\n')[0]) || undefined;
		} catch {
			return undefined; // stopped
		}
	};
	// if this process dies without stopping it, take the server down with it (SIGQUIT = immediate shutdown)
	const killOnExit = () => {
		try {
			process.kill(serverPid()!, 'SIGQUIT');
		} catch {
			// already gone
		}
	};
	process.once('exit', killOnExit);
	const psql = (db: string, query: string) =>
		run('psql', [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			user,
			'-d',
			db,
			'-v',
			'ON_ERROR_STOP=1',
			'-At',
			'-c',
			query,
		]);
	const database = 'n8n';
	try {
		psql('postgres', `CREATE DATABASE ${database}`);
	} catch (error) {
		fail('CREATE DATABASE', error);
	}
	return {
		host: '127.0.0.1',
		port,
		database,
		user,
		password,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: user,
			DB_POSTGRESDB_PASSWORD: password,
		},
		sql: (query) => psql(database, query),
		pid: serverPid,
		async stop() {
			process.removeListener('exit', killOnExit);
			try {
				run('pg_ctl', ['stop', '-w', '-D', data, '-m', 'fast']);
			} catch {
				killOnExit();
			}
			if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** Resolves once `PING` gets `+PONG` (with AUTH first). */
function redisPing(port: number, password: string): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('connect', () => socket.write(`AUTH ${password}\r\nPING\r\n`));
		socket.on('data', (d) => {
			answer += d.toString();
			if (answer.includes('+PONG')) {
				socket.end();
				resolve(true);
			}
		});
		socket.on('close', () => resolve(false));
		socket.on('error', () => resolve(false));
	});
}

export async function startRedis(): Promise<Redis> {
	ensurePackage('Redis', 'redis-server', () => onPath('redis-server'));
	const dir = serviceFolder('n8n-redis-');
	const port = await freePort();
	const password = `redis-${Math.random().toString(36).slice(2)}`;
	// no snapshots, no append-only file: a throwaway queue; the password keeps other local users off it
	const child: ChildProcess = spawn(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--requirepass',
			password,
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let output = '';
	child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	const until = Date.now() + 20_000;
	while (!(await redisPing(port, password))) {
		if (child.exitCode !== null || Date.now() > until) {
			child.kill('SIGKILL');
			throw new Error(`redis-server did not start: ${output.split('\n').slice(-10).join('\n')}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		host: '127.0.0.1',
		port,
		password,
		env: {
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(port),
			QUEUE_BULL_REDIS_PASSWORD: password,
		},
		pid: () => child.pid,
		async stop() {
			process.removeListener('exit', killOnExit);
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise<void>((r) => child.once('exit', () => r()));
				child.kill('SIGTERM');
				const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
				await exited;
				clearTimeout(hard);
			}
			if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
		},
	};
}
