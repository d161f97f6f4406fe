#!/bin/sh
# Prints the runtime version of judgebox/emacs (one line); run inside the image.
set -eu
emacs --batch --eval '(princ emacs-version)'; echo
