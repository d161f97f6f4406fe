#!/bin/sh
# Prints the runtime version of judgebox/racket (one line); run inside the image.
set -eu
racket -e '(display (version))'; echo
