#!/usr/bin/env bash
# Everything the service and the tests need on this machine, installed or started as needed:
# Node dependencies, the Docker engine, the sandbox images, a Redis (private, on loopback, when
# REDIS_URL is unset), and the compiled apps. Prints the Redis URL as its only stdout line.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
JB_LOG_TAG=prepare
cd "$JB_ROOT"

have node || die "Node.js 20 or newer is required (apt-get install nodejs npm, or nodesource)"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || die "Node.js 20 or newer is required (found $(node -v))"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing Node dependencies (npm ci)"
  npm ci --no-audit --no-fund >&2
fi

bash scripts/ensure-docker.sh >&2
# start.sh names the first tier of images in JB_PREPARE_IMAGES (and builds the rest in the
# background once serving); otherwise (the tests) every image is built.
# shellcheck disable=SC2086 # a list of image folder names
bash scripts/build-images.sh ${JB_PREPARE_IMAGES:-} >&2
url=$(bash scripts/ensure-redis.sh)

log "compiling (tsc)"
npm run --silent build >&2
echo "$url"
