#!/bin/sh
# The OpenJDK packages' postinst registers man pages with update-alternatives and
# fails when /usr/share/man/man1 is missing (our base keeps man pages out).
# cleanup.sh removes the directory again.
set -eu
mkdir -p /usr/share/man/man1
