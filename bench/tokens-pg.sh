#!/usr/bin/env bash
# Issue 15 benchmark: client_credentials token issuance with PostgreSQL against SQLite. Two portals, the same but for
# the database (a throwaway PostgreSQL on 127.0.0.1, stopped at the end by its PID; no Redis for either, so only the
# store differs); each gets a machine client registered through its own platform API (POST /api/v1/apps with a key
# holding apps:manage), and wrk posts the token request; alternating rounds, medians.
#   bench/tokens-pg.sh [seconds]      (default 15 s per measure; WARMUP=5 s of each first; ROUNDS=3)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SECONDS_PER=${1:-15}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-5}
STATE=$(mktemp -d /tmp/notarial-bench-tokens-pg.XXXX)
PG_PORT=$(bench_free_port); PORT_SQLITE=$(bench_free_port); PORT_PG=$(bench_free_port)
cleanup() { bench_stop "$STATE/sqlite"; bench_stop "$STATE/postgres"; bench_postgres_stop "$STATE/pg"; rm -rf "$STATE"; }
trap cleanup EXIT

bench_need wrk sqlite3 openssl curl
bench_postgres_start "$STATE/pg" "$PG_PORT"
bench_build
bench_build_seeder
CS=$(bench_postgres_cs "$PG_PORT")
bench_start "$PORT_SQLITE" "$STATE/sqlite" "${BENCH_NO_LIMITS[@]}"
bench_start "$PORT_PG" "$STATE/postgres" Database__Provider=PostgreSql "ConnectionStrings__Portal=$CS" "${BENCH_NO_LIMITS[@]}"

# machine_client PORT MANAGER_KEY: registers a machine client allowed orders:read; writes its token request for wrk
# to $STATE/token-PORT.lua and prints the request body (for a first check with curl).
machine_client() {
  local port=$1 manager=$2 app id secret
  app=$(curl -fsS -X POST -H "X-API-Key: $manager" -H "Content-Type: application/json" \
    -d '{"name":"Bench tokens","type":"machine","scopes":["orders:read"]}' "http://127.0.0.1:$port/api/v1/apps")
  id=$(echo "$app" | python3 -c "import json,sys; print(json.load(sys.stdin)['client_id'])")
  secret=$(echo "$app" | python3 -c "import json,sys; print(json.load(sys.stdin)['client_secret'])")
  local body="grant_type=client_credentials&client_id=$id&client_secret=$secret&scope=orders:read"
  printf 'wrk.method = "POST"\nwrk.body = "%s"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n' "$body" >"$STATE/token-$port.lua"
  echo "$body"
}
BODY_SQLITE=$(machine_client "$PORT_SQLITE" "$(bench_seed_key --data-dir "$STATE/sqlite" --scopes "apps:manage orders:read")")
BODY_PG=$(machine_client "$PORT_PG" "$(bench_seed_key --postgres "$CS" --scopes "apps:manage orders:read")")
for pair in "$PORT_SQLITE|$BODY_SQLITE" "$PORT_PG|$BODY_PG"; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Content-Type: application/x-www-form-urlencoded" -d "${pair#*|}" "http://127.0.0.1:${pair%%|*}/auth/oauth/token")" = 200 ] ||
    { echo "the token request fails on port ${pair%%|*}" >&2; exit 1; }
done
SQ="http://127.0.0.1:$PORT_SQLITE/auth/oauth/token"; PG="http://127.0.0.1:$PORT_PG/auth/oauth/token"

echo "== warm-up (${WARMUP} s each)" >&2
bench_wrk "$WARMUP" "$SQ" -s "$STATE/token-$PORT_SQLITE.lua" >/dev/null
bench_wrk "$WARMUP" "$PG" -s "$STATE/token-$PORT_PG.lua" >/dev/null

sqlite=(); postgres=()
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS: SQLite, PostgreSQL, ${SECONDS_PER}s each" >&2
  sqlite+=("$(bench_wrk "$SECONDS_PER" "$SQ" -s "$STATE/token-$PORT_SQLITE.lua")")
  postgres+=("$(bench_wrk "$SECONDS_PER" "$PG" -s "$STATE/token-$PORT_PG.lua")")
done
read -r S_RPS S_P50 S_P99 S_ERR < <(bench_median_row "${sqlite[@]}")
read -r P_RPS P_P50 P_P99 P_ERR < <(bench_median_row "${postgres[@]}")

echo
echo "wrk -t2 -c16, ${SECONDS_PER}s per measure, $ROUNDS alternating rounds (medians), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| store | tokens/s | p50 ms | p99 ms | non-2xx | ratio to SQLite |"
echo "| --- | --- | --- | --- | --- | --- |"
echo "| SQLite | $S_RPS | $S_P50 | $S_P99 | $S_ERR | 1.00 |"
echo "| PostgreSQL | $P_RPS | $P_P50 | $P_P99 | $P_ERR | $(bench_ratio "$P_RPS" "$S_RPS") |"
