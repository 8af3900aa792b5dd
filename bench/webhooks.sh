#!/usr/bin/env bash
# Webhook delivery throughput (issue 11). One portal (Release, Production settings, a temporary data directory,
# 127.0.0.1, loopback destinations allowed) and a local receiver (node, answers 200 at once):
#   1. idle: platform API requests/s (GET /api/auth/test with an API key) while nothing is being sent;
#   2. EVENTS order.created events are committed to the outbox (through the portal's own WebhookEvents code) and the
#      running server's background sender drains them to the receiver; during the drain the same wrk run is repeated.
# Prints deliveries/s (EVENTS / time from the first to the last delivery at the receiver), the API figures and the
# ratio during-drain / idle (target >= 0.90). The wrk run during the drain is shorter than the drain only if the drain
# lasts longer than DURATION: the script prints both so a reader can tell.
# The idle run is repeated after the drain; the baseline is the mean of the two.
# Settings: PORT (5395), RECEIVER_PORT (5396), EVENTS (10000), DURATION (8s), WARMUP (5s), PER_ENDPOINT (16), OVERALL (64),
# EXTRA_SETTINGS (more NAME=VALUE settings for the portal, e.g. Webhooks__BusyDeliveriesPerSecond=20).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

PORT=${PORT:-5395}
RECEIVER_PORT=${RECEIVER_PORT:-5396}
EVENTS=${EVENTS:-10000}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-5}
PER_ENDPOINT=${PER_ENDPOINT:-16}
OVERALL=${OVERALL:-64}
BASE="http://127.0.0.1:$PORT"

bench_need wrk node curl
work=$(mktemp -d)
receiver_pid=""
cleanup() {
  bench_stop "$work/data"
  [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building (Release)" >&2
bench_build
dotnet build -c Release -v q -nologo bench/ApiKeySeeder >/dev/null
dotnet build -c Release -v q -nologo bench/WebhookQueue >/dev/null
key=$(dotnet bench/ApiKeySeeder/bin/Release/net10.0/ApiKeySeeder.dll --data-dir "$work/data" --count 10)

node bench/webhook-receiver.js "$RECEIVER_PORT" "$EVENTS" "$work/received" &
receiver_pid=$!

echo "== starting the portal on $BASE" >&2
bench_start "$PORT" "$work/data" Webhooks__AllowLoopback=true Webhooks__MaxConcurrencyPerEndpoint="$PER_ENDPOINT" \
  Webhooks__MaxConcurrency="$OVERALL" ExpiryReminders__RunInBackground=false ${EXTRA_SETTINGS:-}
hdr="X-API-Key: $key"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "$hdr" "$BASE/api/auth/test")" = 200 ] || { echo "the key does not authenticate" >&2; exit 1; }

echo "== warm-up ${WARMUP}s, then idle ${DURATION}s" >&2
bench_wrk "$WARMUP" "$BASE/api/auth/test" -H "$hdr" >/dev/null
read -r idle_rps idle_p50 idle_p99 idle_non2xx < <(bench_wrk "$DURATION" "$BASE/api/auth/test" -H "$hdr")

echo "== queueing $EVENTS events" >&2
dotnet bench/WebhookQueue/bin/Release/net10.0/WebhookQueue.dll --data-dir "$work/data" --url "http://127.0.0.1:$RECEIVER_PORT/hook" --count "$EVENTS" >/dev/null
queued_at=$(date +%s%3N)
read -r drain_rps drain_p50 drain_p99 drain_non2xx < <(bench_wrk "$DURATION" "$BASE/api/auth/test" -H "$hdr")
wrk_done=$(date +%s%3N)

for _ in $(seq 1 600); do
  read -r count first last <"$work/received" || true
  [ "${count:-0}" -ge "$EVENTS" ] && break
  sleep 0.5
done
read -r count first last <"$work/received"
drain_ms=$((last - first))
# The same wrk run once more after the drain: the baseline is the mean of the idle runs before and after, so drift of
# the machine during the run (other load, tiered compilation) falls on both sides.
read -r after_rps after_p50 after_p99 after_non2xx < <(bench_wrk "$DURATION" "$BASE/api/auth/test" -H "$hdr")
baseline_rps=$(awk -v a="$idle_rps" -v b="$after_rps" 'BEGIN{printf "%.2f", (a+b)/2}')
deliveries=$(awk -v n="$count" -v ms="$drain_ms" 'BEGIN{ if (ms>0) printf "%.0f", n*1000/ms; else print "n/a" }')
pending=$(sqlite3 "$work/data/portal.db" "SELECT COUNT(*) FROM webhook_deliveries WHERE State <> 'Succeeded'" 2>/dev/null || echo "?")

echo
echo "deliveries: $count of $EVENTS received in ${drain_ms} ms from first to last: ${deliveries} deliveries/s (not succeeded in the database: $pending)"
echo "drain started $((first - queued_at)) ms after the queue committed; the wrk run during it ended $((wrk_done - last)) ms after the last delivery (negative: wrk ran entirely inside the drain)"
echo "platform API idle before:  ${idle_rps} req/s (p50 ${idle_p50} ms, p99 ${idle_p99} ms, non-2xx ${idle_non2xx})"
echo "platform API during drain: ${drain_rps} req/s (p50 ${drain_p50} ms, p99 ${drain_p99} ms, non-2xx ${drain_non2xx})"
echo "platform API idle after:   ${after_rps} req/s (p50 ${after_p50} ms, p99 ${after_p99} ms, non-2xx ${after_non2xx})"
echo "ratio during drain / idle (mean of before and after, ${baseline_rps}): $(bench_ratio "$drain_rps" "$baseline_rps") (target >= 0.90)"
