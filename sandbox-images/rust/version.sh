#!/bin/sh
# Prints the runtime version of judgebox/rust (one line); run inside the image.
set -eu
rustc --version | cut -d' ' -f2
