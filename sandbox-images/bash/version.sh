#!/bin/sh
# Prints the runtime version of judgebox/bash (one line); run inside the image.
set -eu
exec bash -c 'echo "${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}.${BASH_VERSINFO[2]}"'
