#!/usr/bin/env bash
# One command runs judgebox: prepares the machine (see prepare.sh), then runs the API and one
# worker in the foreground until Ctrl-C, which shuts both down cleanly.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
JB_LOG_TAG=start
cd "$JB_ROOT"

# The first tier of images (libs/domain/src/image-tier-list.json) is built before serving and the rest
# in the background after; JUDGEBOX_BUILD_ALL_FIRST=1 builds every image first (docs/languages.md).
first_tier=""
if [ "${JUDGEBOX_BUILD_ALL_FIRST:-0}" != 1 ]; then
  first_tier=$(node -p "require('./libs/domain/src/image-tier-list.json').firstTier.join(' ')")
fi
REDIS_URL=$(JB_PREPARE_IMAGES="$first_tier" bash scripts/prepare.sh)
export REDIS_URL
log "Redis: $REDIS_URL"

# gVisor: install and register runsc if needed; it runs only under container isolation.
if [ "${SANDBOX_RUNTIME:-}" = runsc ]; then
  bash scripts/ensure-runsc.sh
  if [ -z "${SANDBOX_ISOLATION:-}" ]; then
    export SANDBOX_ISOLATION=container
    log "SANDBOX_RUNTIME=runsc: container isolation (bubblewrap's namespace isolation does not run under gVisor)"
  fi
fi

pids=()
stop() {
  trap - INT TERM EXIT
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

node -r ./scripts/register-paths.js dist/apps/worker/src/main.js &
pids+=($!)
node -r ./scripts/register-paths.js dist/apps/api/src/main.js &
pids+=($!)
[ -z "$first_tier" ] || bash scripts/build-images-background.sh
log "API on http://${HOST:-127.0.0.1}:${PORT:-2358} (docs at /docs); Ctrl-C stops both"
# Either process exiting (e.g. the worker refusing an unsafe engine) stops the service.
wait -n "${pids[@]}"
status=$?
log "a process exited with status $status; stopping"
exit "$status"
