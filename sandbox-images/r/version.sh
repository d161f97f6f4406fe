#!/bin/sh
# Prints the runtime version of judgebox/r (one line); run inside the image.
set -eu
Rscript -e 'cat(format(getRversion()), "\n", sep = "")'
