/** `npm run check-clinic` as a clinic runs it: the printed lines and the exit code (0 passed, 1 failed, 2 usage). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import axios from 'axios';

import { startSandbox, type Sandbox } from '../../sandbox';

const ROOT = join(__dirname, '../..');
const DATE = '2026-12-10';
let sandbox: Sandbox;

function cli(
	args: string[],
	env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[
				join(ROOT, 'node_modules/ts-node/dist/bin.js'),
				'--transpile-only',
				join(ROOT, 'checker/cli.ts'),
				...args,
			],
			{ cwd: ROOT, env: { PATH: process.env.PATH, ...env }, timeout: 60000 },
			(error, stdout, stderr) =>
				resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
		);
	});
}

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	await axios.post(`${sandbox.baseUrl}/_control/clock`, { set: '2026-12-09T09:00:00.000Z' });
	await axios.post(`${sandbox.baseUrl}/_control/clinic/seed`, { count: 6, date: DATE });
});
afterAll(() => sandbox.stop());

describe('check-clinic command', () => {
	it('exits 0 when every requirement passes, and prints no secret', async () => {
		const run = await cli(['--url', sandbox.urls.clinic, '--date', DATE], {
			CLINIC_API_SECRET: 'env-secret-4Kd',
		});
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const lines = run.stdout.trim().split('\n');
		expect(lines[0]).toMatch(
			/contract 1\.0\.0.*Authorization: Bearer \*\*\* \(CLINIC_API_SECRET\), read-only$/,
		);
		expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
		expect(lines[lines.length - 1]).toMatch(/^clinic check: \d+ passed, 0 failed$/);
		expect(run.stdout).not.toContain('env-secret-4Kd');
	}, 60000);

	it('exits 1 when a requirement fails', async () => {
		const run = await cli([
			'--url',
			sandbox.urls.clinic,
			'--date',
			DATE,
			'--cancelled-visit',
			'V20261210-001',
		]);
		expect(run.code).toBe(1);
		expect(run.stdout).toMatch(
			/^FAIL {2}--cancelled-visit answers status cancelled and is not due$/m,
		);
		expect(run.stdout).toMatch(/clinic check: \d+ passed, 1 failed\n$/);
	}, 60000);

	it('exits 2 with the usage on bad arguments', async () => {
		const run = await cli(['--date', DATE]);
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/check-clinic: --url is required[\s\S]*Usage: npm run check-clinic/);
	}, 60000);
});
