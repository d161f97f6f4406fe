# shellcheck shell=bash
# Shared helpers for judgebox shell scripts. Source it; do not execute it.
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# Repository root (scripts/lib/common.sh -> ../..).
JB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JB_ROOT

# Where image builds keep their rootfs cache, work dirs, logs, SBOMs and locks.
JB_CACHE_DIR="${JUDGEBOX_CACHE_DIR:-/var/cache/judgebox}"

log()  { printf '[%s] %s\n' "${JB_LOG_TAG:-judgebox}" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "${JB_LOG_TAG:-judgebox}" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "${JB_LOG_TAG:-judgebox}" "$*" >&2; exit 1; }

have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# need_root WHAT: die with a clear message unless running as root.
need_root() {
  is_root || die "${1:-this step} needs root (uid 0); re-run with sudo or as root."
}

# apt_install PKG...: non-interactive apt-get install on the host (root only).
# Runs `apt-get update` once per process first.
JB_APT_UPDATED=0
apt_install() {
  need_root "installing $*"
  export DEBIAN_FRONTEND=noninteractive
  if [ "$JB_APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    apt-get update -q >&2 || die "apt-get update failed"
    JB_APT_UPDATED=1
  fi
  log "apt-get install $*"
  apt-get install -y -q --no-install-recommends "$@" >&2 || die "apt-get install $* failed"
}

# now: seconds since epoch with millisecond precision; elapsed START -> "12.3s"
now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1fs", e - s }'; }
