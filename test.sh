#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine with only the .NET SDK: installs what the tests need, then runs them.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use: chromium for the browser tests; node, npm, php-cli with php-curl and curl to run the
# seeds' code samples as written (Portal.Tests/Samples), and newman (through npx) for the Postman collection.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v php >/dev/null 2>&1 || need+=(php-cli)
{ command -v php >/dev/null 2>&1 && php -m 2>/dev/null | grep -qx curl; } || need+=(php-curl)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]} from Debian's packages"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The TypeScript compiler the sample tests transpile the seeds' TypeScript with (versions pinned by package-lock.json).
(cd Portal.Tests/Samples && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

dotnet tool restore >/dev/null
dotnet test Notarial.Portal.sln "$@"
