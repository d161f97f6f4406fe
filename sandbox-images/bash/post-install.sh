#!/bin/sh
# Runs as root inside the image's rootfs after packages.txt is installed.
# gawk takes over the awk alternatives and drops their man-page links (no man pages are
# installed); putting them back, dangling as in the base, leaves no base file deleted, so this
# image stays one layer on top of judgebox/base instead of a whole tree of its own.
set -eu
for link in awk.1.gz nawk.1.gz; do
  [ -L "/etc/alternatives/$link" ] || ln -s /usr/share/man/man1/gawk.1.gz "/etc/alternatives/$link"
done
