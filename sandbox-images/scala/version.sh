#!/bin/sh
# Prints the runtime version of judgebox/scala (one line); run inside the image.
set -eu
scala -version 2>&1 | sed -n 's/.*version \([0-9][0-9.]*\).*/\1/p'
