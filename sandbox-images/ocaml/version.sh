#!/bin/sh
# Prints the runtime version of judgebox/ocaml (one line); run inside the image.
set -eu
ocamlopt -version
