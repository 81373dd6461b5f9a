#!/usr/bin/env node
/**
 * The last step of `npm run build`: every file n8n loads (package.json → "n8n": the nodes and credentials) becomes
 * one file holding all of this package's code it imports, and the compiled modules it replaces leave dist/. n8n's
 * loader then requires 6 files instead of one per operation, which is most of what the package adds to n8n's start
 * (bench/package-cost.ts, "the package's own load").
 * Everything imported by name (n8n-workflow, luxon, Node's own modules) stays a require: n8n provides it, and the
 * package has no runtime dependencies. Not minified: the bundle reads like the compiled source, with esbuild's
 * comment naming the source file of each part.
 * Bundled from the TypeScript sources (ES modules), not from tsc's CommonJS output: esbuild then puts all modules in
 * one scope and leaves out the exports no entry uses, where from CommonJS each module became a wrapper function that
 * V8 parsed a second time when the bundle ran it (a third of the package's own load). tsc still runs first: it
 * type-checks and copies the codex .json files.
 */
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((f) => path.join(root, f));

/**
 * Removes the compiled modules under dir that a bundle now holds (and their maps), then the folders that leaves empty
 * (actions/…, transport/…); the entries, the codex .json files and the icons stay. Returns how many files went.
 */
function removeBundled(dir) {
	let removed = 0;
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const file = path.join(dir, e.name);
		if (e.isDirectory()) removed += removeBundled(file);
		else if (!entries.includes(file) && /\.(js|js\.map|d\.ts)$/.test(e.name)) {
			fs.rmSync(file);
			removed++;
		}
	}
	if (!fs.readdirSync(dir).length) fs.rmdirSync(dir);
	return removed;
}

async function main() {
	for (const entry of entries) {
		if (!fs.existsSync(entry)) throw new Error(`${path.relative(root, entry)} is not built: run tsc first`);
		await esbuild.build({
			// dist/nodes/X/X.node.js from nodes/X/X.node.ts
			entryPoints: [path.join(root, path.relative(path.join(root, 'dist'), entry).replace(/\.js$/, '.ts'))],
			outfile: entry,
			allowOverwrite: true,
			tsconfig: path.join(root, 'tsconfig.json'),
			bundle: true,
			packages: 'external',
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			logLevel: 'warning',
		});
	}
	const removed = ['nodes', 'credentials'].reduce((n, d) => n + removeBundled(path.join(root, 'dist', d)), 0);
	console.log(`bundled ${entries.length} files n8n loads; ${removed} compiled modules now inside them removed`);
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
