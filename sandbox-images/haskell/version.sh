#!/bin/sh
# Prints the runtime version of judgebox/haskell (one line); run inside the image.
set -eu
ghc --numeric-version
