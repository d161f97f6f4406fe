#!/bin/sh
# Prints the versions of judgebox/java on one line: OpenJDK's (the image's, Java's), then
# "<language id>=<version>" for Groovy and Clojure.
set -eu
printf '%s' "$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')"
printf ' groovy=%s' "$(dpkg-query -W -f '${source:Upstream-Version}' groovy)"
printf ' clojure=%s\n' "$(dpkg-query -W -f '${source:Upstream-Version}' libclojure-java)"
