#!/bin/sh
# Runs in the image's rootfs after its packages: a data dir the redis user owns (a named volume
# takes its owner from here), no config file (docker-compose.yml and deploy/k8s pass every option).
set -eu
install -d -m 0750 -o redis -g redis /data
