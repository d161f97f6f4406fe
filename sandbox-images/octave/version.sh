#!/bin/sh
# Prints the runtime version of judgebox/octave (one line); run inside the image.
set -eu
dpkg-query -W -f '${source:Upstream-Version}\n' octave
