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

# bench_stop DATADIR: stops the portal started there and waits for it to exit (killed after 20 s), so a database or
# Redis stopped next is not pulled from under a server still shutting down.
bench_stop() {
  local data=$1 pid
  [ -f "$data/server.pid" ] || return 0
  pid=$(cat "$data/server.pid")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "portal $pid did not exit within 20 s of SIGTERM; killed" >&2
  kill -9 "$pid" 2>/dev/null || true
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

# A free TCP port on 127.0.0.1 (the machine is shared: fixed ports may be taken).
bench_free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

bench_as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# bench_postgres_start DIR PORT: a throwaway PostgreSQL on 127.0.0.1:PORT with its data in DIR (as scripts/cluster.sh);
# user portal, trust authentication. Prints nothing; its connection string is bench_postgres_cs PORT.
bench_postgres_start() {
  local dir=$1 port=$2
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || bench_need postgresql
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses root: the postgres user runs it, and must reach DIR through its (mktemp, owner-only) parent.
    chown postgres "$dir"; chmod o+x "$(dirname "$dir")"
  fi
  bench_as_postgres "$bin/initdb" -D "$dir/db" -A trust -U portal >/dev/null
  bench_as_postgres "$bin/pg_ctl" -D "$dir/db" -w -l "$dir/postgres.log" \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
}

bench_postgres_stop() {
  local dir=$1
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -d "$dir/db" ] && bench_as_postgres "$bin/pg_ctl" -D "$dir/db" -m fast stop >/dev/null 2>&1 || true
}

bench_postgres_cs() { echo "Host=127.0.0.1;Port=$1;Username=portal;Database=postgres"; }

# bench_redis_start DIR PORT / bench_redis_stop DIR: a throwaway Redis on 127.0.0.1:PORT, no persistence, stopped by its PID.
bench_redis_start() {
  local dir=$1 port=$2
  command -v redis-server >/dev/null 2>&1 || bench_need redis-server
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in $(seq 1 50); do [ -s "$dir/redis.pid" ] && return 0; sleep 0.1; done
  echo "redis did not start; log:" >&2; cat "$dir/redis.log" >&2; return 1
}

bench_redis_stop() { local dir=$1; [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; }

bench_build_seeder() { dotnet build "$BENCH_ROOT/bench/ApiKeySeeder" -c Release -nologo -v quiet >/dev/null; }

# bench_seed_key [--data-dir DIR | --postgres CS] [--scopes "..."]: prints a new live key made by bench/ApiKeySeeder
# (bench_build_seeder first), with limits far above the load.
bench_seed_key() { dotnet "$BENCH_ROOT/bench/ApiKeySeeder/bin/Release/net10.0/ApiKeySeeder.dll" "$@" 2>/dev/null; }

# Settings that lift every rate limit far above what one machine sends, so limiters count every request but refuse none.
BENCH_NO_LIMITS=(RateLimits__OAuthToken__PerHour=1000000000 RateLimits__OAuthToken__PerSecond=100000000
  OAuth__TokenEndpoint__PerClientPerMinute=100000000 OAuth__TokenEndpoint__PerIpPerMinute=100000000
  ApiKeys__DefaultRequestsPerHour=1000000000 ApiKeys__DefaultBurstPerSecond=1000000
  ApiKeys__ClientMaxRequestsPerHour=1000000000 ApiKeys__ClientMaxBurstPerSecond=1000000
  RateLimits__ApiKey__PerHour=1000000000 RateLimits__ApiKey__PerSecond=100000000
  RateLimits__Anonymous__PerHour=1000000000 RateLimits__Anonymous__PerSecond=100000000)

# Median row (by its first column) of rows "rps p50 p99 non2xx".
bench_median_row() { printf '%s\n' "$@" | sort -g -k1,1 | awk '{ rows[NR] = $0 } END { print rows[int((NR + 1) / 2)] }'; }
