#!/usr/bin/env bash
# Build the judgebox sandbox images (judgebox/base + one per language folder).
#
#   scripts/build-images.sh [NAME...]     # default: every image
#   scripts/build-images.sh --list        # the image folders it knows, one a line
#
# Only missing or stale images are rebuilt: every image carries the label
# io.judgebox.build = sha256 over its folder + sandbox-images/base +
# sandbox-images/jbinit/ (jbinit.c, jbwait.c), and is skipped when that label matches.
#
# Builders (JUDGEBOX_IMAGE_BUILDER):
#   chroot (default)  debootstrap a minbase rootfs once (cached under
#                     $JUDGEBOX_CACHE_DIR/rootfs, keyed by the base hash), copy
#                     it per language, apt-get install inside a chroot (then
#                     the folder's optional post-install.sh), and turn only the
#                     files it added or changed into one layer on top of
#                     judgebox/base (`docker build` with `ADD layer.tar /`), so
#                     all images share the base layer. Needs root; works
#                     without any registry.
#   dockerfile        `docker build` with the per-folder Dockerfiles (needs a
#                     registry for debian:bookworm-slim and network in builds).
#
# Environment:
#   JUDGEBOX_CACHE_DIR      default /var/cache/judgebox
#   JUDGEBOX_DEBIAN_MIRROR  default http://deb.debian.org/debian
#   JUDGEBOX_SECURITY_MIRROR default http://deb.debian.org/debian-security
#   JUDGEBOX_FORCE_REBUILD=1 rebuild even if up to date
#   JUDGEBOX_REFRESH_BASE=1  debootstrap the base rootfs afresh (picks up Debian security
#                            updates the cached one lacks) and rebuild (implies FORCE_REBUILD)
#
# Every image gets a CycloneDX SBOM written from the tree it is made of (dpkg status, npm
# manifests) to $JUDGEBOX_CACHE_DIR/sbom/<name>.cdx.json, and the label io.judgebox.sbom.sha256
# with its sha256 (docs/images.md; `npm run sbom` writes them for existing images).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
JB_LOG_TAG=build-images

IMAGES_DIR="$JB_ROOT/sandbox-images"
BUILDER="${JUDGEBOX_IMAGE_BUILDER:-chroot}"
SUITE=bookworm
MIRROR="${JUDGEBOX_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${JUDGEBOX_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
FORCE="${JUDGEBOX_FORCE_REBUILD:-0}"
REFRESH_BASE="${JUDGEBOX_REFRESH_BASE:-0}"
[ "$REFRESH_BASE" != 1 ] || FORCE=1
BASE_REFRESHED=0
SBOM_DIR="$JB_CACHE_DIR/sbom"
# Bump when this script changes how images are assembled (import config etc.)
# so that existing images count as stale.
BUILD_REV=2
# jbwait (a held command's end) has no C library: see sandbox-images/jbinit/jbwait.c.
JBWAIT_CFLAGS="-static -nostdlib -ffreestanding -fno-builtin -fno-stack-protector -Os -s"
CHROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

case "$BUILDER" in chroot|dockerfile) ;; *) die "JUDGEBOX_IMAGE_BUILDER must be 'chroot' or 'dockerfile', got '$BUILDER'" ;; esac

# ---------------------------------------------------------------- discovery --

# Language images: every folder with a packages.txt or version.sh.
list_languages() {
  local d n
  for d in "$IMAGES_DIR"/*/; do
    n="$(basename "$d")"
    case "$n" in base|jbinit) continue ;; esac
    if [ -f "$d/packages.txt" ] || [ -f "$d/version.sh" ]; then echo "$n"; fi
  done
}

# hash_of PATH...: sha256 over the (relative) names and contents of all files
# under the given paths (relative to sandbox-images/), plus BUILD_REV.
hash_of() {
  {
    echo "build-rev $BUILD_REV"
    (cd "$IMAGES_DIR" && find "$@" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
  } | sha256sum | cut -c1-64
}
base_hash() { hash_of base jbinit; }
lang_hash() { hash_of "$1" base jbinit; }

image_label() { # IMAGE KEY -> value or empty
  docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
image_size() {
  docker image inspect -f '{{.Size}}' "$1" 2>/dev/null | awk '{ printf "%.0fMB", $1 / 1000000 }'
}
is_current() { # NAME HASH
  [ "$FORCE" != 1 ] && [ "$(image_label "judgebox/$1:latest" io.judgebox.build)" = "$2" ]
}

# Drop the previous image once its tag has moved (ignore if still in use).
drop_old_image() { # OLD_ID NAME
  if [ -n "$1" ] && [ "$1" != "$(image_id "judgebox/$2:latest")" ]; then
    docker rmi "$1" >/dev/null 2>&1 || true
  fi
}

# ---------------------------------------------------- chroot mounts/cleanup --

CLEAN_DIRS=()   # rootfs dirs to unmount (and delete) on exit

mounts_under() { # DIR -> mount points at or below DIR, deepest first
  awk -v d="$1" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r
}
umount_under() {
  local m
  while read -r m; do
    [ -n "$m" ] || continue
    umount "$m" 2>/dev/null || umount -l "$m" || warn "could not unmount $m"
  done < <(mounts_under "$1")
}
safe_rm_rootfs() {
  [ -e "$1" ] || return 0
  umount_under "$1"
  if [ -n "$(mounts_under "$1")" ]; then
    warn "not deleting $1: something is still mounted under it"
    return 1
  fi
  rm -rf --one-file-system "$1"
}
cleanup() {
  local rc=$? d
  for d in "${CLEAN_DIRS[@]}"; do
    [ -n "$d" ] || continue
    umount_under "$d"
    [ "$rc" -eq 0 ] || safe_rm_rootfs "$d" || true
  done
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chroot_enter() { # ROOTFS: mount what apt needs inside the chroot
  local r="$1"
  mount -t proc proc "$r/proc"
  # apt needs DNS; the image must not keep the host's resolver config, so bind
  # the host file over an empty placeholder and drop it again on exit.
  rm -f "$r/etc/resolv.conf"
  : > "$r/etc/resolv.conf"
  mount --bind /etc/resolv.conf "$r/etc/resolv.conf"
  # Never start daemons inside the build chroot.
  printf '#!/bin/sh\nexit 101\n' > "$r/usr/sbin/policy-rc.d"
  chmod 755 "$r/usr/sbin/policy-rc.d"
}
chroot_leave() {
  local r="$1"
  umount_under "$r"
  [ -z "$(mounts_under "$r")" ] || die "mounts left under $r"
  rm -f "$r/usr/sbin/policy-rc.d"
  : > "$r/etc/resolv.conf"
  rm -rf "$r/.jbsetup"
}
in_chroot() { # ROOTFS CMD...
  local r="$1"; shift
  chroot "$r" /usr/bin/env -i PATH="$CHROOT_PATH" HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}

# run_logged LOGFILE CMD...: run quietly, show the log tail on failure.
run_logged() {
  local logf="$1"; shift
  if ! "$@" >>"$logf" 2>&1; then
    tail -n 40 "$logf" >&2
    die "failed: $* (full log: $logf)"
  fi
}

# write_sbom NAME VERSION HASH (--from-rootfs DIR | --from-image REF): write the image's SBOM
# to $SBOM_DIR and print its sha256, the value of the image's io.judgebox.sbom.sha256 label.
# Prints nothing (the image is then built unlabelled) when Node dependencies are not installed.
write_sbom() {
  local name="$1" version="$2" hash="$3" tsnode="$JB_ROOT/node_modules/.bin/ts-node"
  shift 3
  if [ ! -x "$tsnode" ]; then
    warn "judgebox/$name: no SBOM (Node dependencies missing: npm ci, then npm run sbom)"
    return 0
  fi
  (cd "$JB_ROOT" && "$tsnode" -r tsconfig-paths/register --transpile-only apps/sbom/src/main.ts \
    "$@" --image "judgebox/$name" --version "$version" --build "$hash" --out "$SBOM_DIR") ||
    die "judgebox/$name: writing its SBOM failed"
}

# import_rootfs ROOTFS NAME VERSION HASH: tar the rootfs into a docker image.
import_rootfs() {
  local r="$1" name="$2" version="$3" hash="$4" extra="${5:-}" old
  old="$(image_id "judgebox/$name:latest")"
  # /dev contents are provided by docker at run time; xattrs (e.g. file
  # capabilities) are deliberately not carried over.
  tar -C "$r" --numeric-owner --exclude='./dev/*' --exclude=./.jbsetup -c . |
    docker import \
      -c 'USER 1000:1000' \
      -c 'WORKDIR /work' \
      -c 'ENV HOME=/work LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      -c "LABEL io.judgebox.image=\"$name\" io.judgebox.version=\"$version\" io.judgebox.build=\"$hash\"$extra" \
      -c 'CMD ["/usr/local/bin/jbinit"]' \
      - "judgebox/$name:latest" >/dev/null
  drop_old_image "$old" "$name"
}

chroot_prereqs() {
  need_root "the chroot image builder (debootstrap/chroot/mount); or set JUDGEBOX_IMAGE_BUILDER=dockerfile on a host with registry access"
  local missing=()
  have debootstrap || missing+=(debootstrap)
  have gcc || missing+=(gcc)
  [ -e /usr/lib/x86_64-linux-gnu/libc.a ] || [ -n "$(find /usr/lib -name libc.a -print -quit 2>/dev/null)" ] || missing+=(libc6-dev)
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
  mkdir -p "$JB_CACHE_DIR/rootfs" "$JB_CACHE_DIR/work" "$JB_CACHE_DIR/logs"
}

BASE_ROOTFS=""
# Build (or reuse) the cached base rootfs for the current base hash.
ensure_base_rootfs() {
  local h; h="$(base_hash)"
  BASE_ROOTFS="$JB_CACHE_DIR/rootfs/base-${h:0:16}"
  # The cache is keyed by the base folder's hash only: a Debian security update alone never
  # invalidates it, JUDGEBOX_REFRESH_BASE=1 does (once per run).
  if [ -d "$BASE_ROOTFS" ]; then
    [ "$REFRESH_BASE" = 1 ] && [ "$BASE_REFRESHED" = 0 ] || return 0
    log "base rootfs: refreshing (JUDGEBOX_REFRESH_BASE=1)"
  fi
  BASE_REFRESHED=1

  local t0 tmp logf d
  t0="$(now)"
  tmp="$JB_CACHE_DIR/rootfs/.base-tmp.$$"
  logf="$JB_CACHE_DIR/logs/base-rootfs.log"
  : > "$logf"
  CLEAN_DIRS+=("$tmp")
  safe_rm_rootfs "$tmp"
  log "base rootfs: debootstrap --variant=minbase $SUITE (log: $logf)"
  run_logged "$logf" debootstrap --variant=minbase "$SUITE" "$tmp" "$MIRROR"
  log "base rootfs: debootstrap done in $(elapsed "$t0")"

  rm -f "$tmp/etc/apt/sources.list"
  cat > "$tmp/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  install -d "$tmp/usr/local/bin"
  gcc -static -Os -s -o "$tmp/usr/local/bin/jbinit" "$IMAGES_DIR/jbinit/jbinit.c"
  gcc $JBWAIT_CFLAGS -o "$tmp/usr/local/bin/jbwait" "$IMAGES_DIR/jbinit/jbwait.c"
  chmod 0755 "$tmp/usr/local/bin/jbinit" "$tmp/usr/local/bin/jbwait"
  cp -a "$IMAGES_DIR/base" "$tmp/.jbsetup"

  chroot_enter "$tmp"
  run_logged "$logf" in_chroot "$tmp" sh /.jbsetup/setup.sh
  chroot_leave "$tmp"

  if [ -e "$BASE_ROOTFS" ]; then safe_rm_rootfs "$BASE_ROOTFS" && rm -f "$BASE_ROOTFS.id"; fi
  mv "$tmp" "$BASE_ROOTFS"
  cat /proc/sys/kernel/random/uuid > "$BASE_ROOTFS.id"
  # Old base rootfs caches are useless now.
  for d in "$JB_CACHE_DIR"/rootfs/base-*; do
    [ "$d" = "$BASE_ROOTFS" ] || [ "$d" = "$BASE_ROOTFS.id" ] || { safe_rm_rootfs "$d" && rm -f "$d.id"; } || true
  done
  log "base rootfs ready in $(elapsed "$t0"): $BASE_ROOTFS"
}

# Identity of the cached base rootfs; judgebox/base carries it as a label so a
# language layer is only ever diffed against the very tree under that image.
base_rootfs_id() {
  [ -s "$BASE_ROOTFS.id" ] || cat /proc/sys/kernel/random/uuid > "$BASE_ROOTFS.id"
  cat "$BASE_ROOTFS.id"
}

build_base_chroot() { # HASH
  local version sbom
  ensure_base_rootfs
  version="$(cat "$BASE_ROOTFS/etc/debian_version")"
  sbom="$(write_sbom base "$version" "$1" --from-rootfs "$BASE_ROOTFS")"
  import_rootfs "$BASE_ROOTFS" base "$version" "$1" \
    " io.judgebox.rootfs=\"$(base_rootfs_id)\" io.judgebox.sbom.sha256=\"$sbom\""
}

# tree_index ROOT: one NUL-terminated "path<TAB>type mode uid gid size mtime target"
# record per entry, sorted. cp -a keeps mtimes, so any change shows up here.
tree_index() {
  (cd "$1" && find . -xdev \( -path ./dev -o -path ./proc -o -path ./.jbsetup \) -prune -o \
    -printf '%p\t%y %m %U %G %s %T@ %l\0') | LC_ALL=C sort -z
}

# layer_from_base ROOTFS NAME VERSION HASH SBOM: build judgebox/NAME as judgebox/base
# plus one layer holding what ROOTFS added or changed relative to the base
# rootfs. Returns 1 (caller imports the whole tree) when files were deleted,
# which a plain tar layer cannot express.
layer_from_base() {
  local r="$1" name="$2" version="$3" hash="$4" sbom="$5" ctx old deleted
  ctx="$JB_CACHE_DIR/work/$name.ctx"
  rm -rf "$ctx" && mkdir -p "$ctx"
  tree_index "$BASE_ROOTFS" > "$ctx/base.idx"
  tree_index "$r" > "$ctx/lang.idx"
  LC_ALL=C comm -z -13 "$ctx/base.idx" "$ctx/lang.idx" | cut -z -f1 > "$ctx/changed"
  deleted="$(LC_ALL=C comm -z -23 <(cut -z -f1 "$ctx/base.idx") <(cut -z -f1 "$ctx/lang.idx") | tr '\0' '\n')"
  if [ -n "$deleted" ]; then
    warn "$name: $(wc -l <<<"$deleted") base paths deleted (e.g. $(head -n1 <<<"$deleted")); importing the whole tree"
    rm -rf "$ctx"
    return 1
  fi
  tar -C "$r" --numeric-owner --no-recursion --null -T "$ctx/changed" -cf "$ctx/layer.tar"
  rm -f "$ctx/base.idx" "$ctx/lang.idx" "$ctx/changed"
  printf 'FROM judgebox/base:latest\nADD layer.tar /\n' > "$ctx/Dockerfile"
  old="$(image_id "judgebox/$name:latest")"
  docker build -q --network none \
    --label "io.judgebox.image=$name" --label "io.judgebox.version=$version" --label "io.judgebox.build=$hash" \
    --label "io.judgebox.sbom.sha256=$sbom" "${LIBRARY_LABEL[@]}" -t "judgebox/$name:latest" "$ctx" >/dev/null
  rm -rf "$ctx"
  drop_old_image "$old" "$name"
}

# The libraries an image holds (libraries.sh prints "name version" lines) as one
# label value, "name=version,name=version"; fails when nothing was printed.
LIBRARY_LABEL=()
libraries_label() {
  awk 'NF == 2 { printf "%s%s=%s", sep, $1, $2; sep = "," } END { if (!sep) exit 1 }'
}

build_lang_chroot() { # NAME HASH
  local name="$1" hash="$2" work logf version sbom
  ensure_base_rootfs
  work="$JB_CACHE_DIR/work/$name"
  logf="$JB_CACHE_DIR/logs/$name.log"
  : > "$logf"
  CLEAN_DIRS+=("$work")
  safe_rm_rootfs "$work"
  cp -a "$BASE_ROOTFS" "$work"
  mkdir -p "$work/.jbsetup"
  cp -a "$IMAGES_DIR/base/." "$work/.jbsetup/"
  cp -a "$IMAGES_DIR/$name/." "$work/.jbsetup/"
  [ -f "$work/.jbsetup/packages.txt" ] || : > "$work/.jbsetup/packages.txt"

  chroot_enter "$work"
  # Optional hooks of a language folder: pre-install.sh (e.g. directories a
  # package's maintainer script insists on) and post-install.sh (downloads).
  if [ -f "$work/.jbsetup/pre-install.sh" ]; then
    run_logged "$logf" in_chroot "$work" sh /.jbsetup/pre-install.sh
  fi
  run_logged "$logf" in_chroot "$work" sh /.jbsetup/install-packages.sh /.jbsetup/packages.txt
  if [ -f "$work/.jbsetup/post-install.sh" ]; then
    # Downloads in post-install.sh trust what the host trusts (e.g. an egress
    # proxy's CA); the copy lives in .jbsetup, which never reaches the image.
    local ca=/etc/ssl/certs/ca-certificates.crt
    [ ! -f "$ca" ] || cp "$ca" "$work/.jbsetup/host-ca.crt"
    run_logged "$logf" in_chroot "$work" env NODE_EXTRA_CA_CERTS=/.jbsetup/host-ca.crt SSL_CERT_FILE=/.jbsetup/host-ca.crt \
      sh /.jbsetup/post-install.sh
    run_logged "$logf" in_chroot "$work" sh /.jbsetup/cleanup.sh
  fi
  version=unknown
  if [ -f "$work/.jbsetup/version.sh" ]; then
    version="$(in_chroot "$work" sh /.jbsetup/version.sh 2>>"$logf" | head -n 1)" ||
      die "$name/version.sh failed (log: $logf)"
    [ -n "$version" ] || die "$name/version.sh printed nothing"
  fi
  LIBRARY_LABEL=()
  if [ -f "$work/.jbsetup/libraries.sh" ]; then
    LIBRARY_LABEL=(--label "io.judgebox.libraries=$(in_chroot "$work" sh /.jbsetup/libraries.sh 2>>"$logf" | libraries_label)") ||
      die "$name/libraries.sh failed (log: $logf)"
  fi
  chroot_leave "$work"

  # The layer goes on top of judgebox/base: make sure that image holds this rootfs.
  [ "$(image_label judgebox/base:latest io.judgebox.rootfs)" = "$(base_rootfs_id)" ] ||
    build_base_chroot "$(base_hash)"
  # Always set (even empty): an image built FROM judgebox/base would otherwise inherit base's.
  sbom="$(write_sbom "$name" "$version" "$hash" --from-rootfs "$work")"
  layer_from_base "$work" "$name" "$version" "$hash" "$sbom" ||
    import_rootfs "$work" "$name" "$version" "$hash" " io.judgebox.sbom.sha256=\"$sbom\"${LIBRARY_LABEL[1]:+ ${LIBRARY_LABEL[1]%%=*}=\"${LIBRARY_LABEL[1]#*=}\"}"
  safe_rm_rootfs "$work"
}

# ------------------------------------------------------------ dockerfile path --

# docker_build NAME HASH: docker build, then add the version label, which can
# only be known after running version.sh inside the built image.
docker_build() {
  local name="$1" hash="$2" old version sbom tmp_tag="judgebox/$1:jb-build" fresh=()
  # A refresh must not reuse the engine's cached apt layers, nor base's old debian:bookworm-slim
  # (language Dockerfiles build FROM the local judgebox/base, which cannot be pulled).
  if [ "$REFRESH_BASE" = 1 ]; then
    fresh=(--no-cache)
    [ "$name" != base ] || fresh+=(--pull)
  fi
  [ -f "$IMAGES_DIR/$name/Dockerfile" ] || die "$IMAGES_DIR/$name/Dockerfile missing (needed by JUDGEBOX_IMAGE_BUILDER=dockerfile)"
  old="$(image_id "judgebox/$name:latest")"
  docker build "${fresh[@]}" -f "$IMAGES_DIR/$name/Dockerfile" --label "io.judgebox.build=$hash" \
    -t "$tmp_tag" "$IMAGES_DIR" >&2
  if [ "$name" = base ]; then
    version="$(docker run --rm --network none "$tmp_tag" cat /etc/debian_version)"
  elif [ -f "$IMAGES_DIR/$name/version.sh" ]; then
    version="$(docker run --rm -i --network none "$tmp_tag" sh -s <"$IMAGES_DIR/$name/version.sh" | head -n 1)"
  else
    version=unknown
  fi
  [ -n "$version" ] || die "$name/version.sh printed nothing"
  LIBRARY_LABEL=()
  if [ -f "$IMAGES_DIR/$name/libraries.sh" ]; then
    LIBRARY_LABEL=(--label "io.judgebox.libraries=$(docker run --rm -i --network none "$tmp_tag" sh -s <"$IMAGES_DIR/$name/libraries.sh" | libraries_label)") ||
      die "$name/libraries.sh failed"
  fi
  sbom="$(write_sbom "$name" "$version" "$hash" --from-image "$tmp_tag")"
  printf 'FROM %s\n' "$tmp_tag" |
    docker build --label "io.judgebox.version=$version" --label "io.judgebox.sbom.sha256=$sbom" \
      "${LIBRARY_LABEL[@]}" -t "judgebox/$name:latest" - >&2
  docker rmi "$tmp_tag" >/dev/null
  drop_old_image "$old" "$name"
}

# --------------------------------------------------------------------- main --

if ! have docker || ! docker info >/dev/null 2>&1; then
  log "Docker engine not reachable; running scripts/ensure-docker.sh"
  "$JB_ROOT/scripts/ensure-docker.sh" >&2 || die "no Docker engine (see above)"
fi

mapfile -t ALL_LANGS < <(list_languages)
if [ "${1:-}" = --list ]; then printf '%s\n' "${ALL_LANGS[@]}"; exit 0; fi
if [ "$#" -eq 0 ]; then
  REQUESTED=("${ALL_LANGS[@]}")
else
  REQUESTED=()
  for n in "$@"; do
    [ "$n" = base ] && continue
    printf '%s\n' "${ALL_LANGS[@]}" | grep -qxF -- "$n" ||
      die "unknown image '$n' (known: base ${ALL_LANGS[*]})"
    REQUESTED+=("$n")
  done
fi

all_current() {
  local n
  is_current base "$(base_hash)" || return 1
  for n in "${REQUESTED[@]}"; do is_current "$n" "$(lang_hash "$n")" || return 1; done
}

# Serialize concurrent runs (shared cache dir and image tags). A run with nothing to build does not
# wait: npm start must not wait for a background build of other images (build-images-background.sh).
if ! all_current && mkdir -p "$JB_CACHE_DIR" 2>/dev/null && exec 9>>"$JB_CACHE_DIR/build.lock"; then
  flock -n 9 || { log "waiting for another build-images.sh run"; flock 9; }
fi

SUMMARY=()
build_one() { # NAME
  local name="$1" hash t0
  if [ "$name" = base ]; then hash="$(base_hash)"; else hash="$(lang_hash "$name")"; fi
  if is_current "$name" "$hash"; then
    SUMMARY+=("$(printf '%-10s up-to-date %8s  %s' "$name" - "$(image_size "judgebox/$name")")")
    return 0
  fi
  t0="$(now)"
  log "building judgebox/$name ($BUILDER builder)"
  if [ "$BUILDER" = chroot ]; then
    chroot_prereqs
    if [ "$name" = base ]; then build_base_chroot "$hash"; else build_lang_chroot "$name" "$hash"; fi
  else
    docker_build "$name" "$hash"
  fi
  log "built judgebox/$name:latest in $(elapsed "$t0") (version $(image_label "judgebox/$name" io.judgebox.version))"
  SUMMARY+=("$(printf '%-10s built  %12s  %s' "$name" "$(elapsed "$t0")" "$(image_size "judgebox/$name")")")
}

T_ALL="$(now)"
# judgebox/base is always kept current: language Dockerfiles build FROM it.
build_one base
for n in "${REQUESTED[@]}"; do build_one "$n"; done

printf '%s\n' "${SUMMARY[@]}"
log "done in $(elapsed "$T_ALL")"
