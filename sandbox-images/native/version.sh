#!/bin/sh
# Prints the versions of judgebox/native on one line: Clang's (the image's, also C/C++/Objective-C),
# then "<language id>=<version>" for the languages whose runtime has its own version.
set -eu
printf '%s' "$(clang -dumpversion)"
printf ' llvm-ir=%s' "$(lli --version | sed -n 's/.*LLVM version \([0-9][0-9.]*\).*/\1/p' | head -n 1)"
printf ' nasm=%s' "$(nasm -v | awk '{print $3}')"
printf ' cobol=%s' "$(cobc --version | sed -n '1s/.* \([0-9][0-9.]*\)$/\1/p')"
printf ' nim=%s' "$(nim --version 2>&1 | sed -n '1s/.*Version \([0-9][0-9.]*\).*/\1/p')"
printf ' gnu-prolog=%s\n' "$(gprolog --version 2>&1 | sed -n '1s/.* \([0-9][0-9.]*\)$/\1/p')"
