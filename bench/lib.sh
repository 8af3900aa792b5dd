#!/usr/bin/env bash
# Shared helpers of the benchmark scripts: build, start and stop a Release portal on 127.0.0.1, run wrk, parse figures.
set -euo pipefail

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_OUT="$BENCH_ROOT/bench/results"
mkdir -p "$BENCH_OUT"

bench_need() {
  local missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

bench_build() {
  dotnet publish "$BENCH_ROOT/Portal.Server" -c Release -o "$BENCH_OUT/publish" -nologo -v quiet >/dev/null
}

# bench_start PORT DATADIR [NAME=VALUE ...]: starts the published portal, waits until /health/ready answers.
bench_start() {
  local port=$1 data=$2; shift 2
  mkdir -p "$data"
  (
    cd "$BENCH_OUT/publish"
    env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
      Portal__DataDirectory="$data" Edge__RequireHttps=false OAuth__AllowHttp=true \
      Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Warning \
      "$@" dotnet Notarial.Portal.Server.dll >"$data/server.log" 2>&1 &
    echo $! >"$data/server.pid"
  )
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "server did not start; log:" >&2; cat "$data/server.log" >&2; return 1
}

# bench_machine_client DATADIR CLIENT_ID SECRET [OWNER_ID]: inserts a confidential machine client allowed client
# credentials with orders:read, its secret hashed as the portal stores it (SHA-256).
bench_machine_client() {
  local data=$1 client=$2 secret=$3 owner=${4:-}
  local hash="sha256:$(printf '%s' "$secret" | openssl dgst -sha256 -binary | base64)"
  sqlite3 "$data/portal.db" "INSERT INTO OpenIddictApplications (Id, ClientId, ClientSecret, ClientType, ConsentType, DisplayName, Permissions, Kind, Environment, Disabled, CreatedAt, OwnerId)
    VALUES ('bench-$client', '$client', '$hash', 'confidential', 'explicit', 'Bench', '[\"ept:token\",\"gt:client_credentials\",\"scp:orders:read\"]', 'Machine', 'live', 0, 0, NULLIF('$owner', ''));"
}

bench_stop() {
  local data=$1
  [ -f "$data/server.pid" ] && kill "$(cat "$data/server.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}

# bench_wrk SECONDS URL [wrk args...]: prints "rps p50_ms p99_ms non2xx".
bench_wrk() {
  local seconds=$1 url=$2; shift 2
  local out
  out=$(wrk -t2 -c16 -d"${seconds}s" --latency "$@" "$url")
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  echo "$rps $(bench_ms "$p50") $(bench_ms "$p99") ${non2xx:-0}"
}

# wrk prints latencies as 1.23ms, 950.00us or 1.02s.
bench_ms() {
  local v=$1
  case "$v" in
    *us) awk -v x="${v%us}" 'BEGIN{printf "%.2f", x/1000}' ;;
    *ms) awk -v x="${v%ms}" 'BEGIN{printf "%.2f", x}' ;;
    *s) awk -v x="${v%s}" 'BEGIN{printf "%.2f", x*1000}' ;;
    *) echo "$v" ;;
  esac
}

bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "n/a" }'; }
