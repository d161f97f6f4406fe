#!/bin/sh
# Prints the libraries of judgebox/java-junit, one "name version" a line; run inside the image.
set -eu
printf 'junit %s\n' "$(dpkg-query -W -f '${Version}' junit5 | sed 's/-[^-]*$//')"
