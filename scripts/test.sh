#!/usr/bin/env bash
# One command runs every check and test suite against the real stack (Docker engine, sandbox
# images, Redis), installing or starting what is missing first. Extra arguments go to jest.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
JB_LOG_TAG=test
cd "$JB_ROOT"

REDIS_URL=$(bash scripts/prepare.sh)
export REDIS_URL

log "seccomp profile is generated from its policy"
node seccomp/generate.mjs --check
log "type check"
npx tsc -p tsconfig.json --noEmit
log "lint"
npx eslint . --max-warnings 0

results=$(mktemp)
trap 'rm -f "$results"' EXIT
status=0
npx jest --runInBand --forceExit --json --outputFile="$results" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$results" || true
exit "$status"
