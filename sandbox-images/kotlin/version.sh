#!/bin/sh
# Prints the Kotlin version of judgebox/kotlin (one line); run inside the image.
# Debian's kotlinc reports itself as "1.3-SNAPSHOT", so read the packaged upstream version.
set -eu
dpkg-query -W -f '${source:Upstream-Version}\n' kotlin | sed 's/+.*//'
