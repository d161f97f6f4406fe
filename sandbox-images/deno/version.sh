#!/bin/sh
# Prints the runtime version of judgebox/deno (one line); run inside the image.
set -eu
deno --version | sed -n 's/^deno \([0-9][0-9.]*\).*/\1/p'
