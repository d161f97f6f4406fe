#!/bin/sh
# Prints the runtime version of judgebox/gcc (one line); run inside the image.
set -eu
gcc -dumpfullversion
