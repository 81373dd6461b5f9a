const fs = require('node:fs');
const path = require('node:path');
const { dest, parallel, src } = require('gulp');

const { checkWorkflowDir } = require('./scripts/validate-workflows');

/** Node and credential icons (light and dark SVGs) next to the compiled files. */
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

/**
 * Validates every template and copies it, with the README that says how to set it up and the SQL files a clinic
 * loads, to dist/workflows; a broken one fails the build with its reason.
 */
function buildWorkflows(done) {
	const dir = path.join(__dirname, 'workflows');
	const out = path.join(__dirname, 'dist', 'workflows');
	const { files, failures } = checkWorkflowDir(dir);
	if (failures.length) {
		done(new Error(`Invalid workflow templates:\n${failures.join('\n')}`));
		return;
	}
	fs.mkdirSync(out, { recursive: true });
	// the SQL a clinic loads for the PostgreSQL variant of the Clinic system ships next to it
	const sql = fs.readdirSync(dir).filter((f) => f.endsWith('.sql'));
	for (const file of [...files, ...sql, 'README.md', 'README.ru.md']) fs.copyFileSync(path.join(dir, file), path.join(out, file));
	done();
}

exports['build:icons'] = buildIcons;
exports['build:workflows'] = buildWorkflows;
exports.build = parallel(buildIcons, buildWorkflows);
