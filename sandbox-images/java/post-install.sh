#!/bin/sh
# Runs as root inside the image's rootfs after packages.txt is installed.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
install -m 0755 "$here/judgebox-javac" /usr/local/bin/judgebox-javac
