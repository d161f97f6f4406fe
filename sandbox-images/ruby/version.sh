#!/bin/sh
# Prints the runtime version of judgebox/ruby (one line); run inside the image.
set -eu
ruby -e 'print RUBY_VERSION, "\n"'
