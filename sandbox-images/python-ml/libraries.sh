#!/bin/sh
# Prints the libraries of judgebox/python-ml, one "name version" a line; run inside the image.
set -eu
python3 - <<'PY'
from importlib.metadata import version
for name in ["numpy", "pandas", "scipy", "matplotlib", "scikit-learn", "sympy", "pytest", "pytest-timeout"]:
    print(name, version(name))
PY
