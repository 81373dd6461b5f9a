// Adds lock entries for optional native bindings whose other-platform builds the registry mirror lacks, so that
// `npm ci` sees a complete tree and skips them by os/cpu on this machine.
const fs = require('fs');
const file = process.argv[2];
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pk = lock.packages;
const platform = (name) => {
	const m = /binding-(android|darwin|freebsd|linux|openharmony|win32|wasm32)-?([a-z0-9]+)?/.exec(name);
	if (!m) return {};
	const os = m[1] === 'wasm32' ? undefined : [m[1]];
	const cpu = m[1] === 'wasm32' ? ['wasm32'] : [m[2] && m[2].replace(/-.*/, '')];
	return { os, cpu };
};
let added = 0;
for (const [path, entry] of Object.entries(pk)) {
	for (const [dep, version] of Object.entries(entry.optionalDependencies || {})) {
		const base = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`;
		const top = `node_modules/${dep}`;
		if (pk[base] || pk[top]) continue;
		const { os, cpu } = platform(dep);
		pk[top] = { version, dev: entry.dev, optional: true, ...(os ? { os } : {}), ...(cpu ? { cpu } : {}) };
		added++;
	}
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} optional entries`);
