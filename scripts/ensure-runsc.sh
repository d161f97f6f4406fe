#!/usr/bin/env bash
# Make gVisor's runsc usable as the sandbox runtime (SANDBOX_RUNTIME=runsc); runc stays the
# engine's default.
#
#  - runsc missing: install Debian's package (apt-get install runsc).
#  - the engine does not list a runsc runtime with our arguments: merge
#      "runtimes": {"runsc": {"path": "/usr/bin/runsc", "runtimeArgs": ["--network=none", "--oci-seccomp"]}}
#    into /etc/docker/daemon.json (every other key kept, the old file saved beside it) and send
#    dockerd SIGHUP, which reloads runtimes without a restart (running containers, and other users
#    of the engine, are not disturbed). dockerd is never restarted here.
#
# --network=none: with userns-remap a `--network none` container under runsc otherwise fails with
# "cannot run with network enabled in root network namespace"; sandboxes have no network anyway.
# --oci-seccomp: gVisor applies the container's seccomp profile (ours) to the program inside the
# sandbox too; without it the profile is silently ignored (the worker's preflight checks it is on).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
JB_LOG_TAG=ensure-runsc

DAEMON_JSON=/etc/docker/daemon.json
RUNSC_PATH=/usr/bin/runsc
WAIT_SECS=30

RUNSC_ARGS='["--network=none","--oci-seccomp"]'

# The engine's own view: a runsc runtime whose arguments include ours.
registered() {
  docker info --format '{{json .Runtimes}}' 2>/dev/null |
    node -e '
      const r = JSON.parse(require("fs").readFileSync(0, "utf8") || "{}").runsc;
      const want = JSON.parse(process.argv[1]);
      process.exit(r && want.every((a) => (r.runtimeArgs || []).includes(a)) ? 0 : 1);
    ' "$RUNSC_ARGS"
}

if [ -x "$RUNSC_PATH" ] && registered; then
  log "runsc $("$RUNSC_PATH" --version 2>/dev/null | head -n 1 | awk '{print $3}') is registered with the engine"
  exit 0
fi

docker info >/dev/null 2>&1 || bash "$JB_ROOT/scripts/ensure-docker.sh" >&2
[ -x "$RUNSC_PATH" ] || apt_install runsc
[ -x "$RUNSC_PATH" ] || die "the runsc package did not install $RUNSC_PATH"

need_root "registering runsc in $DAEMON_JSON"
if [ -e "$DAEMON_JSON" ]; then cp -p "$DAEMON_JSON" "$DAEMON_JSON.before-runsc"; fi
log "registering runsc in $DAEMON_JSON (runc stays the default runtime)"
tmp="$(mktemp "$DAEMON_JSON.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
node -e '
  const fs = require("fs");
  const [file, path, args] = process.argv.slice(1);
  const conf = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  conf.runtimes = { ...(conf.runtimes || {}), runsc: { path, runtimeArgs: JSON.parse(args) } };
  process.stdout.write(JSON.stringify(conf, null, 2) + "\n");
' "$DAEMON_JSON" "$RUNSC_PATH" "$RUNSC_ARGS" >"$tmp"
chmod 0644 "$tmp"
mv "$tmp" "$DAEMON_JSON"

pids="$(pidof dockerd || true)"
[ -n "$pids" ] || die "dockerd is not running; start it (scripts/ensure-docker.sh) and run this again"
log "reloading dockerd's configuration (SIGHUP to $pids; no restart)"
# shellcheck disable=SC2086 # one or more pids
kill -HUP $pids
for _ in $(seq "$WAIT_SECS"); do
  if registered; then
    log "runsc $("$RUNSC_PATH" --version 2>/dev/null | head -n 1 | awk '{print $3}') registered"
    exit 0
  fi
  sleep 1
done
die "dockerd did not pick up the runsc runtime after SIGHUP (see its log); $DAEMON_JSON.before-runsc holds the previous file"
