#!/bin/sh
# Prints the versions of judgebox/typescript on one line: the TypeScript compiler's (the image's),
# then CoffeeScript's as "coffeescript=<version>".
set -eu
printf '%s' "$(tsc --version | cut -d' ' -f2)"
printf ' coffeescript=%s\n' "$(coffee --version | sed 's/^CoffeeScript version //')"
