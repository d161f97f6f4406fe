#!/usr/bin/env bash
# Make a Redis reachable for judgebox and print the URL to use.
#
#  - REDIS_URL set: use it as is (nothing is started).
#  - otherwise: start (or reuse) a PRIVATE redis-server bound to 127.0.0.1 on
#    ${JUDGEBOX_REDIS_PORT:-6389}, durable: an append-only file fsynced every
#    second, kept under ${JUDGEBOX_STATE_DIR} (default /var/lib/judgebox as root,
#    else ${XDG_STATE_HOME:-~/.local/state}/judgebox: never /tmp, which a reboot
#    may empty), and `maxmemory-policy noeviction` (BullMQ's jobs and locks must
#    never be evicted). The distro's own redis on 6379 (if systemd started one)
#    is deliberately not used.
# The URL is the only thing printed on stdout:  REDIS_URL=$(scripts/ensure-redis.sh)
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
JB_LOG_TAG=ensure-redis

if [ -n "${REDIS_URL:-}" ]; then
  log "REDIS_URL is set; using it"
  echo "$REDIS_URL"
  exit 0
fi

PORT="${JUDGEBOX_REDIS_PORT:-6389}"
if is_root; then default_state=/var/lib/judgebox; else default_state="${XDG_STATE_HOME:-$HOME/.local/state}/judgebox"; fi
STATE_DIR="${JUDGEBOX_STATE_DIR:-$default_state}"
REDIS_DIR="$STATE_DIR/redis-$PORT"
URL="redis://127.0.0.1:$PORT"

case "$PORT" in ''|*[!0-9]*) die "JUDGEBOX_REDIS_PORT must be a number, got '$PORT'" ;; esac

if ! have redis-server || ! have redis-cli; then
  if is_root; then
    apt_install redis-server redis-tools
  else
    die "redis-server/redis-cli are not installed. Install them as root (apt-get install redis-server), or point REDIS_URL at an existing Redis."
  fi
fi

# What the Redis on $PORT answers: PONG when serving, LOADING while it replays its append-only file
# (it refuses commands until then), nothing when none listens.
reply() { redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | head -n 1 | cut -d' ' -f1; }

# A Redis replays its whole dataset before it answers: seconds per GiB. Waits as long as it is
# loading (up to JUDGEBOX_REDIS_LOAD_TIMEOUT seconds, default 600), but only 5 s for a first answer.
LOAD_TIMEOUT="${JUDGEBOX_REDIS_LOAD_TIMEOUT:-600}"
case "$LOAD_TIMEOUT" in ''|*[!0-9]*) die "JUDGEBOX_REDIS_LOAD_TIMEOUT must be a number of seconds, got '$LOAD_TIMEOUT'" ;; esac
wait_until_serving() {
  local started=$SECONDS said=0 answer
  while :; do
    answer=$(reply)
    case "$answer" in
      PONG) return 0 ;;
      LOADING)
        [ "$said" = 1 ] || log "Redis on 127.0.0.1:$PORT is loading its dataset; waiting (up to ${LOAD_TIMEOUT}s)"
        said=1
        [ $((SECONDS - started)) -lt "$LOAD_TIMEOUT" ] || return 1 ;;
      *)
        # No answer at all: it has not opened its port yet, or it died.
        [ $((SECONDS - started)) -lt 5 ] || return 1 ;;
    esac
    sleep 0.1
  done
}

config_of() { redis-cli -h 127.0.0.1 -p "$PORT" config get "$1" 2>/dev/null | sed -n 2p; }

if [ -n "$(reply)" ]; then
  wait_until_serving || die "the Redis on 127.0.0.1:$PORT answers but did not finish loading within ${LOAD_TIMEOUT}s (JUDGEBOX_REDIS_LOAD_TIMEOUT)"
  log "reusing Redis already answering on 127.0.0.1:$PORT"
  # Started by an older version of this script, or by someone else: said, not changed.
  [ "$(config_of appendonly)" = yes ] ||
    warn "the Redis on 127.0.0.1:$PORT has no append-only file: a restart of it loses every queued submission"
  echo "$URL"
  exit 0
fi

mkdir -p "$REDIS_DIR"
chmod 0700 "$REDIS_DIR"
log "starting private redis-server on 127.0.0.1:$PORT (dir $REDIS_DIR, append-only file fsynced every second)"
# No RDB snapshots: the append-only file alone is replayed at start (docs/durability.md).
redis-server --bind 127.0.0.1 --port "$PORT" \
  --save '' --appendonly yes --appendfsync everysec --maxmemory-policy noeviction \
  --protected-mode yes --daemonize yes \
  --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" \
  --logfile "$REDIS_DIR/redis.log" >&2 ||
  die "redis-server failed to start (log: $REDIS_DIR/redis.log)"

if wait_until_serving; then
  log "Redis is up"
  echo "$URL"
  exit 0
fi
tail -n 20 "$REDIS_DIR/redis.log" >&2 2>/dev/null || true
die "redis-server on 127.0.0.1:$PORT did not start serving: no answer within 5s, or still loading after ${LOAD_TIMEOUT}s (JUDGEBOX_REDIS_LOAD_TIMEOUT; log: $REDIS_DIR/redis.log)"
