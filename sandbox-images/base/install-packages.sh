#!/bin/sh
# install-packages.sh PACKAGES_FILE
# Installs a language image's Debian packages (one or more per line, '#'
# comments allowed) inside the target rootfs, then cleans up. Runs as root
# via `chroot` (scripts/build-images.sh) or as a Dockerfile RUN step.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
list="${1:?usage: install-packages.sh PACKAGES_FILE}"

pkgs="$(sed -e 's/#.*//' "$list" | tr -s ' \t\r\n' ' ')"
export DEBIAN_FRONTEND=noninteractive
if [ -n "${pkgs# }" ]; then
  apt-get update -q
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  apt-get install -y -q --no-install-recommends $pkgs
fi

sh "$here/cleanup.sh"
