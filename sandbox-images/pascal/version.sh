#!/bin/sh
# Prints the runtime version of judgebox/pascal (one line); run inside the image.
set -eu
fpc -iV
