#!/bin/sh
# Prints the TypeScript compiler's version (one line); run inside the image.
set -eu
tsc --version | cut -d' ' -f2
