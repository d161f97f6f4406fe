#!/bin/sh
# Prints the versions of judgebox/extras on one line: Debian's release (the image's), then
# "<language id>=<version>" for each language of the image.
set -eu
printf '%s' "$(cat /etc/debian_version)"
printf ' common-lisp=%s' "$(sbcl --version | awk '{print $2}')"
printf ' swi-prolog=%s' "$(swipl --version | awk '{print $3}')"
printf ' forth=%s' "$(gforth --version 2>&1 | awk '{print $2}')"
printf ' verilog=%s' "$(iverilog -V 2>&1 | sed -n '1s/.*version \([0-9][0-9.]*\).*/\1/p')"
printf ' raku=%s' "$(dpkg-query -W -f '${source:Upstream-Version}' rakudo)"
printf ' tcl=%s' "$(echo 'puts [info patchlevel]' | tclsh)"
printf ' scheme=%s\n' "$(guile -c '(display (version))')"
