#!/usr/bin/env bash
# Make a Docker engine reachable for judgebox.
#
#  - `docker info` works: print the engine version; warn unless the engine
#    runs with userns-remap or rootless (container root == host root otherwise).
#  - otherwise, as root: install docker.io if needed (provides dockerd AND the
#    docker CLI), create /etc/docker/daemon.json if absent, start the engine
#    (systemctl when systemd is PID 1, else a detached dockerd) and wait <=60 s.
#  - otherwise (not root): explain what is missing and exit 1.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
JB_LOG_TAG=ensure-docker

DAEMON_JSON=/etc/docker/daemon.json
DOCKERD_LOG=/var/log/judgebox-dockerd.log
WAIT_SECS=60

engine_ok() { have docker && docker info >/dev/null 2>&1; }

report_engine() {
  local version secopts
  version="$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo unknown)"
  secopts="$(docker info --format '{{.SecurityOptions}}' 2>/dev/null || true)"
  log "Docker engine $version is reachable (security options: $secopts)"
  case "$secopts" in
    *name=userns*|*name=rootless*) ;;
    *) warn "the engine runs neither with userns-remap nor rootless: root inside a sandbox container is real root on the host. Set \"userns-remap\": \"default\" in $DAEMON_JSON (or use rootless Docker) and restart dockerd." ;;
  esac
}

if engine_ok; then
  report_engine
  exit 0
fi

# ------------------------------------------------------------- not reachable --
if ! is_root; then
  if ! have docker; then
    die "the Docker CLI is not installed and the engine is not reachable. As root run: scripts/ensure-docker.sh (it installs Debian's docker.io and starts the engine), or install Docker yourself."
  fi
  err="$(docker info 2>&1 >/dev/null | tail -n 1 || true)"
  if [ -S /var/run/docker.sock ] && [ ! -w /var/run/docker.sock ]; then
    die "Docker is running but $(id -un) may not use /var/run/docker.sock ($err). Add the user to the 'docker' group (usermod -aG docker $(id -un), then log in again) or run as root."
  fi
  die "the Docker engine is not running ($err). Start it as root: sudo scripts/ensure-docker.sh"
fi

export DEBIAN_FRONTEND=noninteractive
if ! have dockerd || ! have docker; then
  log "dockerd/docker CLI missing: installing Debian's docker.io"
  apt_install docker.io
fi

if [ ! -e "$DAEMON_JSON" ]; then
  log "creating $DAEMON_JSON (userns-remap, no default bridge, no iptables)"
  install -d -m 0755 /etc/docker
  cat > "$DAEMON_JSON" <<'EOF'
{ "bridge": "none", "userns-remap": "default", "iptables": false, "ip-masq": false }
EOF
elif ! grep -q '"userns-remap"' "$DAEMON_JSON"; then
  warn "$DAEMON_JSON exists but does not set userns-remap; leaving it alone (containers' root will be host root)"
fi

if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; then
  log "starting docker via systemctl"
  systemctl start docker || die "systemctl start docker failed; see: journalctl -u docker"
elif have pgrep && pgrep -x dockerd >/dev/null 2>&1; then
  log "dockerd is already running but not answering yet; waiting"
else
  log "starting dockerd detached (log: $DOCKERD_LOG)"
  nohup setsid dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
  disown || true
fi

for _ in $(seq "$WAIT_SECS"); do
  if engine_ok; then
    report_engine
    exit 0
  fi
  sleep 1
done
tail -n 20 "$DOCKERD_LOG" >&2 2>/dev/null || true
die "the Docker engine did not come up within ${WAIT_SECS}s (log: $DOCKERD_LOG)"
