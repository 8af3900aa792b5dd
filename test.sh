#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine with only the .NET SDK: installs what the tests need, then runs them.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use: chromium for the browser tests, node to run seed 003's webhook verification code.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]} from Debian's packages"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

dotnet tool restore >/dev/null
dotnet test Notarial.Portal.sln "$@"
