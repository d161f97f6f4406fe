#!/bin/sh
# Prints the runtime version of judgebox/python-ml (one line); run inside the image.
set -eu
python3 -c 'import platform; print(platform.python_version())'
