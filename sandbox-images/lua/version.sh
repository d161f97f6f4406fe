#!/bin/sh
# Prints the runtime version of judgebox/lua (one line); run inside the image.
set -eu
lua5.4 -v | cut -d' ' -f2
