#!/bin/sh
# Prints the versions of judgebox/beam on one line: Erlang/OTP's (the image's), then Elixir's.
set -eu
printf '%s' "$(cat "$(dirname "$(readlink -f "$(command -v erl)")")/../releases/"*/OTP_VERSION | head -n 1)"
printf ' elixir=%s\n' "$(dpkg-query -W -f '${source:Upstream-Version}' elixir | sed 's/\.dfsg.*//')"
