#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine with only the .NET SDK: installs what the tests need, then runs them.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use: chromium for the browser tests; node, npm, php-cli with php-curl and curl to run the
# seeds' code samples as written (Portal.Tests/Samples) and the docs' samples (python3 too), and newman (through npx) for
# the Postman collection; postgresql and redis-server for the scale-out tests (Portal.Tests/Infrastructure/ScaleOut starts
# throwaway servers of its own).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v php >/dev/null 2>&1 || need+=(php-cli)
{ command -v php >/dev/null 2>&1 && php -m 2>/dev/null | grep -qx curl; } || need+=(php-curl)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v python3 >/dev/null 2>&1 || need+=(python3)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]} from Debian's packages"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The TypeScript compiler the sample tests transpile the seeds' TypeScript with (versions pinned by package-lock.json).
(cd Portal.Tests/Samples && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# The TypeScript SDK's dependencies (package-lock.json); npm ci also builds the package (its prepare script) and
# pretest compiles the tests (incremental), so a compile error shows at once and TypeScriptSdkTests' `npm test`
# (against a real portal) only runs them.
(cd sdk/typescript && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npm run --silent pretest)

dotnet tool restore >/dev/null
dotnet test Notarial.Portal.sln "$@"
