#!/bin/sh
# Prints the libraries of judgebox/cpp-gtest, one "name version" a line; run inside the image.
set -eu
printf 'googletest %s\n' "$(dpkg-query -W -f '${Version}' libgtest-dev | sed 's/-[^-]*$//')"
