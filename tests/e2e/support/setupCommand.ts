/** The setup command as a clinic runs it, for the e2e suites: `npm run setup --silent -- …` from the repository. */
import { spawn } from 'node:child_process';

import { ROOT } from '../../../tooling/n8n/n8n';

export interface SetupRun {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

const RUN_LIMIT_MS = 240_000;

/** The environment a clinic's shell gives the command: only what is passed here, none of the runner's secrets. */
export function setupEnv(vars: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env };
	for (const name of Object.keys(env)) {
		if (/^(N8N_|VOICEBOX_|COMAGIC_)/.test(name)) delete env[name];
	}
	return { ...env, ...vars };
}

/** Runs it to the end; the whole process group is killed after 4 minutes. */
export function runSetup(args: string[], env: NodeJS.ProcessEnv): Promise<SetupRun> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn('npm', ['run', 'setup', '--silent', '--', ...args], {
			cwd: ROOT,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				// already gone
			}
			reject(
				new Error(`npm run setup ${args.join(' ')}: no answer within ${RUN_LIMIT_MS / 1000} s`),
			);
		}, RUN_LIMIT_MS);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr, ms: Date.now() - started });
		});
	});
}
