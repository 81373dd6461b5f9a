/** What `npm start` and `npm start -- --queue` share on the command line: flags, output, the one failure line, ports. */
import { createServer } from 'node:net';

/** The newest n8n line that installs from the registry here (2.41.3 pins packages it lacks). */
export const DEFAULT_N8N = '2.41.1';

export function flag(name: string, fallback: string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i > -1 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function say(line = ''): void {
	process.stdout.write(`${line}\n`);
}

/** One clear line and exit: the only way npm start fails. `command` names what the user ran. */
export function fail(line: string, command = 'npm start'): never {
	process.stderr.write(`${command}: ${line}\n`);
	process.exit(1);
}

export async function portFree(port: number): Promise<boolean> {
	const server = createServer();
	return new Promise((resolve) => {
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}
