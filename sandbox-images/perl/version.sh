#!/bin/sh
# Prints the runtime version of judgebox/perl (one line); run inside the image.
set -eu
perl -e 'printf "%vd\n", $^V'
