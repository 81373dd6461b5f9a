#!/usr/bin/env bash
# Installs a real n8n into a cache folder (not a devDependency: it is ~1.7 GB) and prints its bin folder.
# Usage: scripts/n8n-runtime.sh [version]   (default 1.123.81, the last 1.x LTS; runs on the machine's Node 20)
# Recipe and reasons: the xlsx override (n8n-nodes-base pulls xlsx from a CDN the npm registry does not serve),
# --ignore-scripts (a 2.x node's install script downloads from GitHub; isolated-vm cannot build on Node 20), then
# a targeted sqlite3 rebuild for the database.
set -euo pipefail
version="${1:-1.123.81}"
cache="${N8N_RUNTIME_CACHE:-$HOME/.cache/n8n-runtime}"
dir="$cache/n8n-$version"
if [ -x "$dir/node_modules/.bin/n8n" ] && [ -f "$dir/.ready" ]; then
	echo "$dir/node_modules/.bin"
	exit 0
fi
mkdir -p "$dir"
cd "$dir"
cat > package.json <<JSON
{"private": true, "dependencies": {"n8n": "$version"}, "overrides": {"xlsx": "0.18.5"}}
JSON
npm install --ignore-scripts --no-audit --no-fund >&2
npm rebuild sqlite3 >&2
touch .ready
echo "$dir/node_modules/.bin"
