#!/usr/bin/env bash
# Issue 6 benchmark: the platform API with each credential against the same server's anonymous endpoint, in one run.
#   bench/platform-api.sh [seconds]     (default 10 s per measure; 5 s warm-up of each; 3 alternating rounds, medians)
# Measures GET /api/auth/test (authentication, scope, rate-limit counting and audit: the whole pipeline, no data access)
# with an API key and with a bearer JWT, and GET /health/live as the anonymous baseline. Limits of the key and of OAuth
# tokens are set far above the load, so the limiter counts every request but refuses none.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SECONDS_PER=${1:-10}
ROUNDS=${ROUNDS:-3}
PORT=5291
DATA=$(mktemp -d /tmp/notarial-bench-platform.XXXX)
trap 'bench_stop "$DATA"; rm -rf "$DATA"' EXIT

bench_need wrk sqlite3 openssl curl
bench_build
dotnet build "$BENCH_ROOT/bench/ApiKeySeeder" -c Release -nologo -v quiet >/dev/null
# AUDIT=off measures without the audit log (to see what the audit costs); on by default, as the targets require.
bench_start $PORT "$DATA" Audit__Enabled=$([ "${AUDIT:-on}" = off ] && echo false || echo true) RateLimits__OAuthToken__PerHour=1000000000 RateLimits__OAuthToken__PerSecond=100000000 \
  OAuth__TokenEndpoint__PerClientPerMinute=100000000 OAuth__TokenEndpoint__PerIpPerMinute=100000000
BASE="http://127.0.0.1:$PORT"

KEY=$(dotnet "$BENCH_ROOT/bench/ApiKeySeeder/bin/Release/net10.0/ApiKeySeeder.dll" --data-dir "$DATA" --count 100 2>/dev/null)

# A machine client, inserted as the portal stores it (secret hashed with SHA-256), and one access token from it.
SECRET=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
bench_machine_client "$DATA" np_bench_client "$SECRET" "$(sqlite3 "$DATA/portal.db" "SELECT Id FROM AspNetUsers LIMIT 1;")"
TOKEN=$(curl -fsS -X POST -H "Content-Type: application/x-www-form-urlencoded" \
  -d "grant_type=client_credentials&client_id=np_bench_client&client_secret=$SECRET&scope=orders:read" "$BASE/auth/oauth/token" |
  python3 -c "import json,sys; print(json.load(sys.stdin)['access_token'])")

[ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $KEY" "$BASE/api/auth/test")" = 200 ] || { echo "the key does not authenticate" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/api/auth/test")" = 200 ] || { echo "the token does not authenticate" >&2; exit 1; }

echo "== warm-up (5 s each)" >&2
bench_wrk 5 "$BASE/health/live" >/dev/null
bench_wrk 5 "$BASE/api/auth/test" -H "X-API-Key: $KEY" >/dev/null
bench_wrk 5 "$BASE/api/auth/test" -H "Authorization: Bearer $TOKEN" >/dev/null

anon=(); key=(); bearer=()
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS: anonymous, key, bearer, ${SECONDS_PER}s each" >&2
  anon+=("$(bench_wrk "$SECONDS_PER" "$BASE/health/live")")
  key+=("$(bench_wrk "$SECONDS_PER" "$BASE/api/auth/test" -H "X-API-Key: $KEY")")
  bearer+=("$(bench_wrk "$SECONDS_PER" "$BASE/api/auth/test" -H "Authorization: Bearer $TOKEN")")
done

# Median round (by requests/s) of each measure: "rps p50 p99 non2xx".
median_row() { printf '%s\n' "$@" | sort -g -k1,1 | awk '{ rows[NR] = $0 } END { print rows[int((NR + 1) / 2)] }'; }
read -r A_RPS A_P50 A_P99 A_ERR < <(median_row "${anon[@]}")
read -r K_RPS K_P50 K_P99 K_ERR < <(median_row "${key[@]}")
read -r B_RPS B_P50 B_P99 B_ERR < <(median_row "${bearer[@]}")

echo
echo "audit ${AUDIT:-on}; wrk -t2 -c16, ${SECONDS_PER}s per measure, $ROUNDS alternating rounds (medians), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| measure | requests/s | p50 ms | p99 ms | non-2xx | ratio to anonymous | target |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
echo "| anonymous /health/live (baseline) | $A_RPS | $A_P50 | $A_P99 | $A_ERR | 1.00 | |"
echo "| API key /api/auth/test | $K_RPS | $K_P50 | $K_P99 | $K_ERR | $(bench_ratio "$K_RPS" "$A_RPS") | >= 0.90 |"
echo "| bearer JWT /api/auth/test | $B_RPS | $B_P50 | $B_P99 | $B_ERR | $(bench_ratio "$B_RPS" "$A_RPS") | >= 0.85 |"
