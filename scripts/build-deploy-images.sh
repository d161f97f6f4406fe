#!/usr/bin/env bash
# Build the images docker-compose.yml and deploy/k8s run, with no registry and no network in any
# container (the project's own builder approach, as scripts/build-images.sh):
#
#   judgebox/redis  judgebox/base's rootfs (a debootstrap minbase, exported from the local image),
#                   Debian's redis-server installed in a chroot, then `docker import`ed.
#   judgebox/app    `docker build --network none` FROM judgebox/base: the host's Node.js binary
#                   (Debian bookworm's nodejs is older than the app needs), dist/ (npm run build),
#                   production node_modules (npm prune --omit=dev of a copy), seccomp/*.json.
#
#   scripts/build-deploy-images.sh [redis] [app]      # default: both
#
# An image is skipped when its label io.judgebox.build (a hash of its inputs) is current;
# JUDGEBOX_FORCE_REBUILD=1 rebuilds. Needs root (chroot, mount).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
JB_LOG_TAG=build-deploy-images
cd "$JB_ROOT"

FORCE="${JUDGEBOX_FORCE_REBUILD:-0}"
WORK=""
cleanup() {
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    awk -v d="$WORK" 'index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l
    rm -rf --one-file-system "$WORK"
  fi
}
trap cleanup EXIT

label() { docker image inspect -f "{{ index .Config.Labels \"io.judgebox.build\" }}" "$1" 2>/dev/null || true; }
current() { [ "$FORCE" != 1 ] && [ "$(label "$1")" = "$2" ]; }
base_id() { docker image inspect -f '{{.Id}}' judgebox/base:latest; }
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
# Drop the image a rebuild replaced (kept if a container still uses it).
drop_old() { [ -z "$1" ] || [ "$1" = "$(image_id "$2")" ] || docker rmi "$1" >/dev/null 2>&1 || true; }

build_redis() {
  local hash
  hash="$({ base_id; cat deploy/images/redis/* sandbox-images/base/install-packages.sh sandbox-images/base/cleanup.sh; } | sha256sum | cut -c1-64)"
  if current judgebox/redis:latest "$hash"; then log "judgebox/redis is current"; return; fi
  local t0 cid rootfs old
  t0="$(now)"
  old="$(image_id judgebox/redis:latest)"
  mkdir -p "$JB_CACHE_DIR/work"
  WORK="$(mktemp -d "$JB_CACHE_DIR/work/deploy-redis.XXXXXX")"
  rootfs="$WORK/rootfs"
  mkdir "$rootfs"
  cid="$(docker create judgebox/base:latest)"
  docker export "$cid" | tar -x -C "$rootfs"
  docker rm "$cid" >/dev/null
  mkdir -p "$rootfs/.jbsetup"
  cp -a sandbox-images/base/. deploy/images/redis/. "$rootfs/.jbsetup/"
  mount -t proc proc "$rootfs/proc"
  # The exported image has an empty /dev (the engine supplies it at run time); apt needs these.
  mkdir -p "$rootfs/dev"
  mknod -m 666 "$rootfs/dev/null" c 1 3 && mknod -m 666 "$rootfs/dev/zero" c 1 5
  mknod -m 666 "$rootfs/dev/random" c 1 8 && mknod -m 666 "$rootfs/dev/urandom" c 1 9
  : > "$rootfs/etc/resolv.conf"
  mount --bind /etc/resolv.conf "$rootfs/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' > "$rootfs/usr/sbin/policy-rc.d" && chmod 755 "$rootfs/usr/sbin/policy-rc.d"
  local in=(chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive)
  "${in[@]}" sh /.jbsetup/install-packages.sh /.jbsetup/packages.txt >"$WORK/log" 2>&1 &&
    "${in[@]}" sh /.jbsetup/setup.sh >>"$WORK/log" 2>&1 || { tail -n 30 "$WORK/log" >&2; die "redis image: install failed"; }
  umount "$rootfs/etc/resolv.conf" "$rootfs/proc"
  : > "$rootfs/etc/resolv.conf"
  rm -rf "$rootfs/.jbsetup" "$rootfs/usr/sbin/policy-rc.d"
  tar -C "$rootfs" --numeric-owner --exclude='./dev/*' -c . |
    docker import -c 'USER redis' -c 'WORKDIR /data' -c 'CMD ["redis-server"]' \
      -c "LABEL io.judgebox.image=redis io.judgebox.build=$hash" - judgebox/redis:latest >/dev/null
  drop_old "$old" judgebox/redis:latest
  cleanup
  WORK=""
  log "built judgebox/redis in $(elapsed "$t0")"
}

build_app() {
  local hash stage t0 old
  [ -d dist/apps ] || die "dist/ is missing: run npm run build first"
  hash="$({ base_id; sha256sum "$(command -v node)" deploy/images/app/Dockerfile package-lock.json seccomp/*.json; find dist -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; } | sha256sum | cut -c1-64)"
  if current judgebox/app:latest "$hash"; then log "judgebox/app is current"; return; fi
  t0="$(now)"
  old="$(image_id judgebox/app:latest)"
  mkdir -p "$JB_CACHE_DIR/work"
  WORK="$(mktemp -d "$JB_CACHE_DIR/work/deploy-app.XXXXXX")"
  stage="$WORK/app"
  mkdir -p "$stage/scripts" "$stage/seccomp"
  cp -a dist package.json package-lock.json tsconfig.json "$stage/"
  cp scripts/register-paths.js "$stage/scripts/"
  cp seccomp/*.json "$stage/seccomp/"
  cp -a node_modules "$stage/node_modules"
  (cd "$stage" && npm prune --omit=dev --no-audit --no-fund --ignore-scripts >/dev/null 2>&1) || die "npm prune failed"
  cp "$(command -v node)" "$WORK/node"
  cp deploy/images/app/Dockerfile "$WORK/"
  docker build -q --network none --label "io.judgebox.image=app" --label "io.judgebox.build=$hash" \
    -t judgebox/app:latest "$WORK" >/dev/null 2>"$WORK/build.log" || { cat "$WORK/build.log" >&2; die "app image: docker build failed"; }
  drop_old "$old" judgebox/app:latest
  cleanup
  WORK=""
  log "built judgebox/app in $(elapsed "$t0")"
}

need_root "building the deploy images (chroot, mount)"
docker image inspect judgebox/base:latest >/dev/null 2>&1 || bash scripts/build-images.sh base
[ "$#" -gt 0 ] || set -- redis app
for image in "$@"; do
  case "$image" in
    redis) build_redis ;;
    app) build_app ;;
    *) die "unknown image '$image' (redis, app)" ;;
  esac
done
