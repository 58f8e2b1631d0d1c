#!/bin/bash
# Container health check without curl: an HTTP/1.1 GET over bash's /dev/tcp, healthy on a 200.
#   healthcheck.sh [PORT] [PATH]   defaults: $HEALTH_PORT (the service port), /observe/health/ready
# The gateway answers /observe/health/ready on its management port (NOVAI_MANAGEMENT_PORT, 8081), never its public
# one; the backends serve /observe/health on their gRPC port too.
port="${1:-${HEALTH_PORT:-8080}}"
path="${2:-/observe/health/ready}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
[[ "$status" == "HTTP/1.1 200"* ]]
