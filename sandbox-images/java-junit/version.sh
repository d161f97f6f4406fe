#!/bin/sh
# Prints the runtime version of judgebox/java-junit (one line); run inside the image.
set -eu
java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p'
