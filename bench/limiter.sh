#!/usr/bin/env bash
# Issue 15 benchmark: API-key requests/s with the rate-limit counters in Redis against the in-process counters.
# Two portals on SQLite, the same but for "Redis:Configuration" (a throwaway Redis on 127.0.0.1, stopped at the end by
# its PID); GET /api/auth/test with an API key (authentication, scope, both rate-limit windows counted, audit), the
# key's limits far above the load so every request is counted and none refused; alternating rounds, medians.
#   bench/limiter.sh [seconds]      (default 10 s per measure; WARMUP=5 s of each first; ROUNDS=3)
# Target: Redis / in-process >= 0.85.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SECONDS_PER=${1:-10}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-5}
STATE=$(mktemp -d /tmp/notarial-bench-limiter.XXXX)
REDIS_PORT=$(bench_free_port); PORT_MEM=$(bench_free_port); PORT_REDIS=$(bench_free_port)
cleanup() { bench_stop "$STATE/memory"; bench_stop "$STATE/redis-portal"; bench_redis_stop "$STATE/redis"; rm -rf "$STATE"; }
trap cleanup EXIT

bench_need wrk sqlite3 openssl curl
bench_redis_start "$STATE/redis" "$REDIS_PORT"
bench_build
bench_build_seeder
bench_start "$PORT_MEM" "$STATE/memory" "${BENCH_NO_LIMITS[@]}"
bench_start "$PORT_REDIS" "$STATE/redis-portal" "Redis__Configuration=127.0.0.1:$REDIS_PORT" "${BENCH_NO_LIMITS[@]}"
KEY_MEM=$(bench_seed_key --data-dir "$STATE/memory" --count 100)
KEY_REDIS=$(bench_seed_key --data-dir "$STATE/redis-portal" --count 100)
MEM="http://127.0.0.1:$PORT_MEM/api/auth/test"; RED="http://127.0.0.1:$PORT_REDIS/api/auth/test"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $KEY_MEM" "$MEM")" = 200 ] || { echo "the in-process portal refuses its key" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $KEY_REDIS" "$RED")" = 200 ] || { echo "the Redis portal refuses its key" >&2; exit 1; }

echo "== warm-up (${WARMUP} s each)" >&2
bench_wrk "$WARMUP" "$MEM" -H "X-API-Key: $KEY_MEM" >/dev/null
bench_wrk "$WARMUP" "$RED" -H "X-API-Key: $KEY_REDIS" >/dev/null
# The Redis portal really counts in Redis (and is not falling back to its own memory).
[ "$(redis-cli -p "$REDIS_PORT" DBSIZE)" -gt 0 ] || { echo "no counter reached Redis" >&2; exit 1; }
grep -q "Redis unreachable" "$STATE/redis-portal/server.log" && { echo "the Redis portal fell back to in-process counters" >&2; exit 1; }

memory=(); redis=()
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS: in-process, Redis, ${SECONDS_PER}s each" >&2
  memory+=("$(bench_wrk "$SECONDS_PER" "$MEM" -H "X-API-Key: $KEY_MEM")")
  redis+=("$(bench_wrk "$SECONDS_PER" "$RED" -H "X-API-Key: $KEY_REDIS")")
done
read -r M_RPS M_P50 M_P99 M_ERR < <(bench_median_row "${memory[@]}")
read -r R_RPS R_P50 R_P99 R_ERR < <(bench_median_row "${redis[@]}")

echo
echo "wrk -t2 -c16, ${SECONDS_PER}s per measure, $ROUNDS alternating rounds (medians), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| limiter | requests/s | p50 ms | p99 ms | non-2xx | ratio to in-process | target |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
echo "| in-process counters | $M_RPS | $M_P50 | $M_P99 | $M_ERR | 1.00 | |"
echo "| Redis counters | $R_RPS | $R_P50 | $R_P99 | $R_ERR | $(bench_ratio "$R_RPS" "$M_RPS") | >= 0.85 |"
