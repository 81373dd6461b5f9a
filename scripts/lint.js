#!/usr/bin/env node
/**
 * `npm run lint`: n8n's gates for a community package.
 * 1. The strict-mode check of `n8n-node lint`: eslint.config.mjs must be the unchanged template.
 * 2. eslint with that config over what the verification scanner reads from the source repository (package.json,
 *    nodes/, credentials/), inline `eslint-disable` ignored, zero warnings.
 * 3. n8n's verification scanner itself (@n8n/scan-community-package `analyzePackage`, the function
 *    `npx @n8n/scan-community-package` runs after fetching a published package) over the source tree and over the
 *    unpacked `npm pack` tarball, so what would be published is checked before it is.
 * `n8n-node lint` itself runs `eslint .`, which would also hold tests and the sandbox to the cloud rules (no
 * process, no timers); those have their own config (`npm run lint:dev`).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);

function strictConfigUnchanged() {
	const template = path.join(
		root,
		'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs',
	);
	const squash = (file) => fs.readFileSync(file, 'utf8').replace(/\s+/g, ' ').trim();
	if (squash(path.join(root, 'eslint.config.mjs')) !== squash(template)) {
		console.error('eslint.config.mjs differs from the n8n-node strict template: restore it.');
		process.exit(1);
	}
}

function eslintShippedSources() {
	const eslint = path.join(root, 'node_modules/.bin/eslint');
	const files = ['package.json', 'nodes', 'credentials'];
	try {
		execFileSync(eslint, ['--no-inline-config', '--max-warnings', '0', ...files, ...args], {
			cwd: root,
			stdio: 'inherit',
		});
	} catch (error) {
		process.exit(error.status || 1);
	}
}

/** Packs the package (from the current dist/) and unpacks it the way npm installs it. */
function unpackedTarball() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-'));
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root });
	const [{ filename }] = JSON.parse(out.toString());
	const unpacked = path.join(dir, 'package');
	execFileSync('tar', ['-xzf', path.join(dir, filename), '-C', dir]);
	return { dir, unpacked };
}

async function verificationScanner() {
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
		'@n8n/scan-community-package/scanner/scanner.mjs'
	);
	const report = (what, result) => {
		if (result.passed) {
			console.log(`verification scanner, ${what}: passed`);
			return true;
		}
		console.error(`verification scanner, ${what}: ${result.message}\n${result.details ?? ''}`);
		return false;
	};
	let ok = report('source', await analyzePackage(root, SOURCE_FILE_PATTERNS));
	if (!fs.existsSync(path.join(root, 'dist'))) {
		console.error('verification scanner, tarball: no dist/ — run `npm run build` first');
		process.exit(1);
	}
	const { dir, unpacked } = unpackedTarball();
	try {
		ok = report('npm tarball', await analyzePackage(unpacked)) && ok;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	if (!ok) process.exit(1);
}

strictConfigUnchanged();
eslintShippedSources();
if (!args.includes('--fix')) verificationScanner();
