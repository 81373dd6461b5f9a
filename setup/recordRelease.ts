/**
 * Records the fingerprints of a released version's templates, read from git history, into releases.json: the setup
 * command then recognises a clinic's workflow imported from that release (and only edited in Settings) as safe to
 * upgrade. Run at each release: `npx ts-node --transpile-only setup/recordRelease.ts <version> <commit or tag>`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { fingerprint } from './fingerprint';

const [version, commit] = process.argv.slice(2);
if (!version || !commit) {
	process.stderr.write('usage: recordRelease.ts <version> <commit or tag>\n');
	process.exit(2);
}
const git = (...args: string[]) =>
	execFileSync('git', args, { cwd: join(__dirname, '..') }).toString();
const files = git('ls-tree', '--name-only', `${commit}:workflows`)
	.split('\n')
	.filter((f) => f.endsWith('.json'));
const path = join(__dirname, 'releases.json');
const releases = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, string>>;
releases[version] = Object.fromEntries(
	files.map((f) => [f, fingerprint(JSON.parse(git('show', `${commit}:workflows/${f}`)))]),
);
writeFileSync(path, `${JSON.stringify(releases, null, '\t')}\n`);
process.stdout.write(
	`${version} (${commit}): ${files.length} templates recorded in setup/releases.json\n`,
);
