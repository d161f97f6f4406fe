#!/bin/sh
# Prints the versions of judgebox/bash on one line: Bash's (the image's), then
# "<language id>=<version>" for dash and AWK (GNU Awk).
set -eu
bash -c 'printf "%s" "${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}.${BASH_VERSINFO[2]}"'
printf ' dash=%s' "$(dpkg-query -W -f '${source:Upstream-Version}' dash)"
printf ' awk=%s\n' "$(gawk --version | sed -n '1s/^GNU Awk \([0-9][0-9.]*\).*/\1/p')"
