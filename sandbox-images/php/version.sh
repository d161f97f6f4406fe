#!/bin/sh
# Prints the runtime version of judgebox/php (one line); run inside the image.
set -eu
php -r 'echo PHP_VERSION, PHP_EOL;'
