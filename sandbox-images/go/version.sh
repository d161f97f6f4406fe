#!/bin/sh
# Prints the runtime version of judgebox/go (one line); run inside the image.
set -eu
go env GOVERSION | sed 's/^go//'
