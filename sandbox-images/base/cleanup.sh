#!/bin/sh
# Final cleanup shared by base and language images; runs inside the rootfs.
set -eu

apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/cache/debconf/*-old \
  /var/lib/dpkg/*-old /var/log/apt/* /var/log/*.log /root/.cache /tmp/* /var/tmp/*

# Docs, man pages, translations (dpkg config keeps new ones out; this removes
# what the bootstrap/slim image already had).
find /usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
find /usr/share/doc -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf /usr/share/man/* /usr/share/info/* /usr/share/locale/* /usr/share/lintian /usr/share/linda

# No setuid/setgid bits anywhere: no binary may gain privileges, and setgid
# directories (/var/mail, /var/local) are pointless here. -xdev keeps us off
# /proc (chroot build) and any other mount.
find / -xdev -perm /6000 \( -type f -o -type d \) -exec chmod ug-s {} +
