#!/usr/bin/env bash
# Installs what Suite needs to run its infrastructure from plain binaries (no Docker, no systemd):
# PostgreSQL 15, RabbitMQ, Prometheus, maildev (npm, into <repo>/.tools) and the native libraries ML.NET and
# ScottPlot load. Idempotent and quiet when everything is already there. Never starts or enables system services:
# the AppHost and the test fixture start their own private instances.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DEBIAN_FRONTEND=noninteractive

missing=()
need_deb() {   # need_deb <package> [file that proves it is installed]
  local pkg="$1" proof="${2:-}"
  if [ -n "$proof" ]; then
    [ -e "$proof" ] && return 0
  elif dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    return 0
  fi
  missing+=("$pkg")
}

need_deb postgresql-15 /usr/lib/postgresql/15/bin/postgres
need_deb rabbitmq-server /usr/lib/rabbitmq/bin/rabbitmq-server
need_deb prometheus /usr/bin/prometheus
need_deb prometheus-postgres-exporter /usr/bin/prometheus-postgres-exporter
need_deb libgomp1
need_deb fonts-dejavu-core
need_deb fontconfig
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: missing packages (${missing[*]}); run this script as root" >&2
    exit 1
  fi
  echo "install.sh: installing ${missing[*]}"
  # Package scripts must not start services: keep (or put in place) a policy-rc.d that refuses, for this run only.
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created_policy=1
  fi
  trap 'if [ "$created_policy" -eq 1 ]; then rm -f "$policy"; fi' EXIT
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x "$ROOT/.tools/node_modules/.bin/maildev" ]; then
  echo "install.sh: installing maildev into .tools"
  mkdir -p "$ROOT/.tools"
  npm_config_cache="$ROOT/.tools/.npm-cache" npm install --prefix "$ROOT/.tools" --no-audit --no-fund --loglevel=error \
    maildev@3.0.0 >/dev/null
fi

if ! dotnet --version >/dev/null 2>&1; then
  echo "install.sh: the .NET SDK (see global.json) is not installed" >&2
  exit 1
fi
