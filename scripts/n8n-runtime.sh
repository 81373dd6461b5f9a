#!/usr/bin/env bash
# Installs a real n8n into a cache folder (not a devDependency: it is 1.7-3 GB) and prints the PATH prefix to run it.
# Usage: scripts/n8n-runtime.sh [version]   (default 1.123.81, the last 1.x LTS)
# The Node comes first in the prefix: n8n 1.x runs on Node 22 (what n8n's 1.x Docker images use), 2.x on Node 24
# (n8n >= 2.36 asks for it); scripts/node-runtime.sh installs each once from the npm registry into the cache, or
# N8N_RUNTIME_NODE=<folder with a node binary> names one installed by hand (of that major).
# Progress goes to stderr, a line per phase and the installed size every 10 s; the PATH prefix alone goes to stdout.
# Why the recipe looks like this: n8n-nodes-base pulls xlsx from a CDN the registry does not serve (override);
# a 2.x node's install script downloads from GitHub (--ignore-scripts); sqlite3 (and for 2.x isolated-vm) are then
# built for the chosen Node; linkedom@0.18.15 wants a package the registry lacks (2.x override).
# .ready records the Node major the native modules were built for: a runtime met with another Node has only them
# rebuilt (a minute or so), not n8n reinstalled.
set -euo pipefail
version="${1:-1.123.81}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${N8N_RUNTIME_CACHE:-$HOME/.cache/n8n-runtime}"
dir="$cache/n8n-$version"
major="${version%%.*}"
overrides='{"xlsx": "0.18.5"}'
rebuild="sqlite3"
expected_mb=1800
if [ "$major" -ge 2 ]; then
	overrides='{"xlsx": "0.18.5", "linkedom": "0.18.14"}'
	rebuild="sqlite3 isolated-vm"
	expected_mb=3100
fi

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
build_native() {
	# the project's .npmrc skips install scripts, and npm passes that on to scripts it runs: these builds must run
	# shellcheck disable=SC2086
	(cd "$dir" && npm rebuild --ignore-scripts=false --loglevel=error $rebuild >&2) || {
		local tools="a C++ compiler, make and python3 are needed"
		[ "$(uname -s)" = Darwin ] && tools="the Xcode command line tools are needed (xcode-select --install)"
		die "building $rebuild for n8n $version on Node $node_major failed (see above): $tools"
	}
	echo "node=$node_major" >"$dir/.ready"
}

# the Node this line runs on: one rule, nodeMajorForN8n in scripts/node-platform.js
command -v node >/dev/null || die "no node on PATH to run the scripts with: install Node 22 or 24 (https://nodejs.org)"
node_major="$(node "$here/node-platform.js" --n8n "$version")"
# Node first: its own message (the last line on failure) says what to do
node_bin="$("$here/node-runtime.sh" "$node_major" "n8n $version")" || exit 1
# the native builds use this Node, with its headers when it ships them (the registry packages do; no download then)
export PATH="$node_bin:$PATH"
if [ -f "$node_bin/../include/node/node.h" ]; then
	npm_config_nodedir="$(cd "$node_bin/.." && pwd)"
	export npm_config_nodedir
fi
prefix="$node_bin:$dir/node_modules/.bin"

if [ -x "$dir/node_modules/.bin/n8n" ] && [ -f "$dir/.ready" ]; then
	built="$(sed -n 's/^node=//p' "$dir/.ready")"
	# an empty .ready is from before the Node was recorded: 2.x was always built on Node 24, 1.x on the machine's Node
	if [ -z "$built" ] && [ "$major" -ge 2 ]; then built=24; fi
	if [ "$built" != "$node_major" ]; then
		say "its native modules were built for ${built:+Node $built}${built:-an unrecorded Node}: rebuilding $rebuild for Node $node_major (no download)"
		started=$SECONDS
		build_native
		say "rebuilt in $((SECONDS - started)) s"
	fi
	[ "$(cat "$dir/.ready")" = "node=$node_major" ] || echo "node=$node_major" >"$dir/.ready"
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
say "step 2/3: building native modules ($rebuild) for Node $node_major"
build_native
say "step 3/3: ready ($(du -sm node_modules | cut -f1) MB)"
echo "$prefix"
