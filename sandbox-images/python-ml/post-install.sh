#!/bin/sh
# matplotlib draws with Agg (files only, no display): Debian's /etc/matplotlibrc
# names TkAgg, which needs tkinter and a display. The catalog's run command also
# sets MPLBACKEND=Agg and a writable MPLCONFIGDIR under /tmp.
set -eu
if [ -f /etc/matplotlibrc ]; then
  sed -i 's/^ *#* *backend *:.*/backend: Agg/' /etc/matplotlibrc
  grep -q '^backend: Agg' /etc/matplotlibrc || echo 'backend: Agg' >> /etc/matplotlibrc
else
  echo 'backend: Agg' > /etc/matplotlibrc
fi
