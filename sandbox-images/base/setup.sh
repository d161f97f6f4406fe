#!/bin/sh
# In-rootfs setup of the judgebox base image. Runs as root INSIDE the target
# root filesystem, either via `chroot` (scripts/build-images.sh) or as a
# Dockerfile RUN step (base/Dockerfile, FROM debian:bookworm-slim).
# Expects /usr/local/bin/jbinit to be installed already.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"

[ -x /usr/local/bin/jbinit ] || { echo "setup.sh: /usr/local/bin/jbinit missing" >&2; exit 1; }

# Keep docs, man pages and translations out of every later dpkg install
# (copyright files are kept for license compliance; they are tiny).
mkdir -p /etc/dpkg/dpkg.cfg.d /etc/apt/apt.conf.d
cat > /etc/dpkg/dpkg.cfg.d/90judgebox-nodoc <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
CFG
cat > /etc/apt/apt.conf.d/90judgebox <<'CFG'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Binary::apt::APT::Keep-Downloaded-Packages "false";
CFG

# Pick up security/point-release fixes (bookworm-slim is usually a bit behind).
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get -y -q -o Dpkg::Options::=--force-confold upgrade
# bubblewrap builds the fresh inner sandbox of every submission in namespace isolation
# (SANDBOX_ISOLATION=namespace): Debian's build is not setuid and uses user namespaces.
apt-get -y -q install bubblewrap

# Unprivileged user that runs every submission: uid/gid 1000, home /work.
getent group sandbox >/dev/null || groupadd --gid 1000 sandbox
getent passwd sandbox >/dev/null ||
  useradd --uid 1000 --gid 1000 --home-dir /work --no-create-home --shell /bin/bash sandbox
install -d -m 0755 -o 1000 -g 1000 /work

# glibc >= 2.35 ships C.UTF-8 built in (/usr/lib/locale/C.utf8); just make it
# the default. LANG is also set in the image config.
echo 'LANG=C.UTF-8' > /etc/default/locale

# Docker supplies /etc/hosts, /etc/hostname and /etc/resolv.conf at run time;
# do not bake the build host's copies in (resolv.conf is handled by the
# caller: during a chroot build it is a bind mount of the host's file).
echo 'judgebox' > /etc/hostname
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > /etc/hosts

sh "$here/cleanup.sh"
