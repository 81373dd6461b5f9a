/**
 * What `npm start` and `npm start -- --queue` share on the command line: output, the one failure line, ports (flags:
 * tooling/n8n/args.ts; the n8n they boot: tooling/n8n/versions.ts).
 */
import { createServer } from 'node:net';

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
