#!/usr/bin/env node
/**
 * The last step of `npm run build`: every file n8n loads (package.json → "n8n": the nodes and credentials) becomes
 * one file holding all of this package's code it imports, and the compiled modules it replaces leave dist/. n8n's
 * loader then requires 6 files instead of one per operation, which is most of what the package adds to n8n's start
 * (bench/package-cost.ts, "the package's own load").
 * Everything imported by name (n8n-workflow, luxon, Node's own modules) stays a require: n8n provides it, and the
 * package has no runtime dependencies. Not minified: the bundle reads like the compiled source, with esbuild's
 * comment naming the source file of each part.
 */
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((f) => path.join(root, f));

/** Every file under dir, recursively. */
function walk(dir) {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

async function main() {
	for (const entry of entries) {
		if (!fs.existsSync(entry)) throw new Error(`${path.relative(root, entry)} is not built: run tsc first`);
		await esbuild.build({
			entryPoints: [entry],
			outfile: entry,
			allowOverwrite: true,
			bundle: true,
			packages: 'external',
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			logLevel: 'warning',
		});
	}
	// the compiled modules now inside a bundle (and their maps); the codex .json files and icons stay
	let removed = 0;
	for (const dir of ['nodes', 'credentials'].map((d) => path.join(root, 'dist', d))) {
		for (const file of walk(dir)) {
			if (entries.includes(file) || !/\.(js|js\.map|d\.ts)$/.test(file)) continue;
			fs.rmSync(file);
			removed++;
		}
	}
	// the folders left empty (actions/…, transport/…)
	const prune = (dir) => {
		for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
			if (e.isDirectory()) prune(path.join(dir, e.name));
		}
		if (!fs.readdirSync(dir).length) fs.rmdirSync(dir);
	};
	for (const d of ['nodes', 'credentials']) prune(path.join(root, 'dist', d));
	console.log(`bundled ${entries.length} files n8n loads; ${removed} compiled modules now inside them removed`);
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
