#!/usr/bin/env bash
# Issue 3 benchmark: client-credentials tokens/s (revocable JWTs) against the RS256 signing limit of this machine, and a
# bearer-protected endpoint against an anonymous endpoint of the same server, in one run.
#   bench/oauth-tokens.sh [seconds]      (default 15 s per measure, after 5 s of warm-up each)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SECONDS_PER=${1:-15}
PORT=5191
DATA=$(mktemp -d /tmp/notarial-bench-oauth.XXXX)
trap 'bench_stop "$DATA"; rm -rf "$DATA"' EXIT

bench_need wrk sqlite3 openssl curl
echo "== baseline: RS256 signatures (openssl speed -seconds 5 -multi 2 rsa2048)"
RSA=$(openssl speed -seconds 5 -multi 2 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $6}')
echo "RS256 signs/s: $RSA"

bench_build
bench_start $PORT "$DATA" OAuth__TokenEndpoint__PerClientPerMinute=100000000 OAuth__TokenEndpoint__PerIpPerMinute=100000000 \
  RateLimits__OAuthToken__PerHour=1000000000 RateLimits__OAuthToken__PerSecond=100000000

# A machine client, inserted as the portal stores it.
CLIENT_ID=np_bench_client
SECRET=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
bench_machine_client "$DATA" "$CLIENT_ID" "$SECRET"

BODY="grant_type=client_credentials&client_id=$CLIENT_ID&client_secret=$SECRET&scope=orders:read"
cat >"$DATA/token.lua" <<LUA
wrk.method = "POST"
wrk.body = "$BODY"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA
TOKEN=$(curl -fsS -X POST -H "Content-Type: application/x-www-form-urlencoded" -d "$BODY" "http://127.0.0.1:$PORT/auth/oauth/token" | python3 -c "import json,sys; print(json.load(sys.stdin)[\"access_token\"])")

echo "== warm-up (5 s each)"
bench_wrk 5 "http://127.0.0.1:$PORT/auth/oauth/token" -s "$DATA/token.lua" >/dev/null
bench_wrk 5 "http://127.0.0.1:$PORT/api/auth/test" -H "Authorization: Bearer $TOKEN" >/dev/null
bench_wrk 5 "http://127.0.0.1:$PORT/health/live" >/dev/null

read -r TOK_RPS TOK_P50 TOK_P99 TOK_ERR < <(bench_wrk "$SECONDS_PER" "http://127.0.0.1:$PORT/auth/oauth/token" -s "$DATA/token.lua")
read -r ANON_RPS ANON_P50 ANON_P99 ANON_ERR < <(bench_wrk "$SECONDS_PER" "http://127.0.0.1:$PORT/health/live")
read -r BEAR_RPS BEAR_P50 BEAR_P99 BEAR_ERR < <(bench_wrk "$SECONDS_PER" "http://127.0.0.1:$PORT/api/auth/test" -H "Authorization: Bearer $TOKEN")

echo
echo "| measure | requests/s | p50 ms | p99 ms | non-2xx | baseline | ratio |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
echo "| client_credentials tokens | $TOK_RPS | $TOK_P50 | $TOK_P99 | $TOK_ERR | RS256 signs/s $RSA | $(bench_ratio "$TOK_RPS" "$RSA") |"
echo "| anonymous /health/live | $ANON_RPS | $ANON_P50 | $ANON_P99 | $ANON_ERR | | |"
echo "| bearer /api/auth/test | $BEAR_RPS | $BEAR_P50 | $BEAR_P99 | $BEAR_ERR | anonymous $ANON_RPS | $(bench_ratio "$BEAR_RPS" "$ANON_RPS") |"
