#!/bin/sh
# Prints the runtime version of judgebox/mono (one line); run inside the image.
set -eu
mono --version | sed -n '1s/.*version \([0-9][0-9.]*\).*/\1/p'
