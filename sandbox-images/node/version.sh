#!/bin/sh
# Prints the runtime version of judgebox/node (one line); run inside the image.
set -eu
node -p 'process.versions.node'
