#!/usr/bin/env bash
# Builds the sandbox images `npm start` did not wait for: every image but the first tier
# (libs/domain/src/image-tier-list.json), one at a time, at the lowest CPU and I/O priority, detached
# from the terminal (it goes on after Ctrl-C; a running worker picks each image up within
# seconds). Progress goes to $JUDGEBOX_CACHE_DIR/logs/background-build.log.
#
#   scripts/build-images-background.sh          # start it, unless one is running already
#   scripts/build-images-background.sh --run    # (internal) the detached builder itself
#
# One builder at a time: it holds an flock on $JUDGEBOX_CACHE_DIR/background-build.lock for as
# long as it runs; a second call while one runs says so and starts nothing. Stop a running one:
#   kill -- -"$(cat /var/cache/judgebox/background-build.pid)"
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
JB_LOG_TAG=background-build

LOG="$JB_CACHE_DIR/logs/background-build.log"
LOCK="$JB_CACHE_DIR/background-build.lock"
PIDFILE="$JB_CACHE_DIR/background-build.pid"
# Tests put a stand-in here (test/images/background-build.e2e-spec.ts); it takes `--list` and NAME.
BUILD="${JB_BUILD_IMAGES_SCRIPT:-$JB_ROOT/scripts/build-images.sh}"

first_tier() { node -p "require('$JB_ROOT/libs/domain/src/image-tier-list.json').firstTier.join('\n')"; }

# The images build-images.sh knows, minus the first tier, in its order.
remaining() {
  local first
  first="$(first_tier)"
  bash "$BUILD" --list | grep -vxF -- "$first" || true
}

# Lowest priority for everything the build runs here (apt, dpkg, tar); the engine's own work
# (docker import/build) runs in dockerd at its priority.
low_priority() {
  if have ionice; then nice -n 19 ionice -c 3 "$@"; else nice -n 19 "$@"; fi
}

run_builder() {
  # Started by this script, it inherits fd 9 with the lock already taken; started by hand, it takes it.
  { true >&9; } 2>/dev/null || exec 9>>"$LOCK"
  if ! flock -n 9; then
    log "another background build holds $LOCK; this one stops"
    return 0
  fi
  echo "$$" >"$PIDFILE"
  local names n i=0 failed=() t0
  mapfile -t names < <(remaining)
  t0="$(now)"
  log "building ${#names[@]} images in the background: ${names[*]}"
  for n in "${names[@]}"; do
    i=$((i + 1))
    log "[$i/${#names[@]}] $n"
    low_priority bash "$BUILD" "$n" || { failed+=("$n"); warn "$n failed (see above); going on"; }
  done
  log "done in $(elapsed "$t0"): ${#names[@]} images, ${#failed[@]} failed${failed[*]:+: ${failed[*]}}"
  rm -f "$PIDFILE"
}

if [ "${1:-}" = --run ]; then
  run_builder
  exit 0
fi

mkdir -p "$JB_CACHE_DIR/logs"
# Taken here and handed to the builder (fd 9, inherited): a second call, even at once, finds it.
exec 9>>"$LOCK"
if ! flock -n 9; then
  log "a background build is already running (log: $LOG); not starting another"
  exit 0
fi
setsid nohup bash "${BASH_SOURCE[0]}" --run </dev/null >>"$LOG" 2>&1 &
log "building the other images in the background, one at a time, at low priority (log: $LOG)"
