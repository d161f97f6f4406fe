#!/bin/sh
# Prints the runtime version of judgebox/cpp-gtest (one line); run inside the image.
set -eu
gcc -dumpfullversion
