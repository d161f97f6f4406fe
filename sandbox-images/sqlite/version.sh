#!/bin/sh
# Prints the runtime version of judgebox/sqlite (one line); run inside the image.
set -eu
sqlite3 -version | cut -d' ' -f1
