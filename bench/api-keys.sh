#!/usr/bin/env bash
# API-key authentication throughput (issue 5). One portal (Release build, Production settings, its own temporary data
# directory, 127.0.0.1), measured with wrk in one run:
#   1. 100 keys stored: the anonymous /health/live (baseline) and /api/auth/test with a valid key, alternated ROUNDS times.
#   2. 1,000,000 keys stored (seeded into the same running server's database): /api/auth/test with a key from the
#      new batch, alternated with the anonymous baseline again.
# Alternating and taking medians keeps the ratios honest on a machine whose load drifts (other builds, other tests):
# each key figure is compared with the anonymous figures measured around it, in the same phase.
# Prints each figure and the ratios (targets: key/anonymous >= 0.90; 10^6 keys / 10^2 keys >= 0.95).
# Settings: PORT (5391), DURATION (15s), WARMUP (5s), THREADS (2), CONNECTIONS (16), ROUNDS (3), BIG (1000000).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-5391}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
ROUNDS=${ROUNDS:-3}
BIG=${BIG:-1000000}
BASE="http://127.0.0.1:$PORT"

if ! command -v wrk >/dev/null 2>&1; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk >/dev/null
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building (Release)" >&2
dotnet build -c Release -v q -nologo Portal.Server >/dev/null
dotnet build -c Release -v q -nologo bench/ApiKeySeeder >/dev/null
seed() { dotnet bench/ApiKeySeeder/bin/Release/net10.0/ApiKeySeeder.dll --data-dir "$work/data" --count "$1"; }

echo "== seeding 100 keys" >&2
key_small=$(seed 100)

echo "== starting the portal on $BASE" >&2
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$BASE" Portal__DataDirectory="$work/data" Edge__RequireHttps=false \
  Logging__LogLevel__Default=Warning \
  dotnet Portal.Server/bin/Release/net10.0/Notarial.Portal.Server.dll >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fs "$BASE/health/live" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done
status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $key_small" "$BASE/api/auth/test")
[ "$status" = 200 ] || { echo "the key does not authenticate ($status)" >&2; exit 1; }

# One wrk run: "<requests/s> <server CPU microseconds per request>". CPU per request (from /proc) drifts far less than
# requests/s when other work shares the machine. Non-2xx answers make the run fail rather than count.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
measure() { # url [key]
  local out before after requests
  before=$(cpu_ticks)
  if [ -n "${2:-}" ]; then out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "X-API-Key: $2" "$1"); else out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$1"); fi
  after=$(cpu_ticks)
  if grep -q "Non-2xx" <<<"$out"; then echo "$out" >&2; echo "non-2xx answers from $1" >&2; exit 1; fi
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  awk -v r="$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" -v t="$((after - before))" -v n="$requests" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.0f %.1f", r, t / hz * 1e6 / n }'
}
warm() { # url [key]
  if [ -n "${2:-}" ]; then wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "X-API-Key: $2" "$1" >/dev/null; else wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$1" >/dev/null; fi
}
median() { sort -g | awk '{ v[n++] = $1 } END { if (n % 2) printf "%.0f", v[(n - 1) / 2]; else printf "%.0f", (v[n / 2 - 1] + v[n / 2]) / 2 }'; }

echo "== warming up ($WARMUP each)" >&2
warm "$BASE/health/live"
warm "$BASE/api/auth/test" "$key_small"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
anon_small=(); small=()
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round: anonymous, then key (100 keys stored), $DURATION each" >&2
  anon_small+=("$(measure "$BASE/health/live")")
  small+=("$(measure "$BASE/api/auth/test" "$key_small")")
done

echo "== seeding up to $BIG keys into the running server's database" >&2
key_big=$(seed "$BIG")
warm "$BASE/api/auth/test" "$key_big"
anon_big=(); big=()
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round: anonymous, then key ($BIG keys stored), $DURATION each" >&2
  anon_big+=("$(measure "$BASE/health/live")")
  big+=("$(measure "$BASE/api/auth/test" "$key_big")")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

rps() { for m in "$@"; do echo "${m% *}"; done; }
cpu() { for m in "$@"; do echo "${m#* }"; done; }
anon_small_median=$(rps "${anon_small[@]}" | median)
small_median=$(rps "${small[@]}" | median)
anon_big_median=$(rps "${anon_big[@]}" | median)
big_median=$(rps "${big[@]}" | median)
cpu_median() { sort -g | awk '{ v[n++] = $1 } END { if (n % 2) printf "%.1f", v[(n - 1) / 2]; else printf "%.1f", (v[n / 2 - 1] + v[n / 2]) / 2 }'; }
anon_small_cpu=$(cpu "${anon_small[@]}" | cpu_median)
small_cpu=$(cpu "${small[@]}" | cpu_median)
anon_big_cpu=$(cpu "${anon_big[@]}" | cpu_median)
big_cpu=$(cpu "${big[@]}" | cpu_median)
rss_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$server_pid/status")

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS alternating rounds per phase, after $WARMUP warm-ups; load average $load_before before, $load_after after"
echo "phase 1, 100 keys stored"
echo "  anonymous /health/live (baseline):   $(rps "${anon_small[@]}" | xargs) req/s -> median $anon_small_median ($anon_small_cpu us server CPU per request)"
echo "  /api/auth/test with a key:           $(rps "${small[@]}" | xargs) req/s -> median $small_median ($small_cpu us server CPU per request)"
echo "phase 2, $BIG keys stored"
echo "  anonymous /health/live (baseline):   $(rps "${anon_big[@]}" | xargs) req/s -> median $anon_big_median ($anon_big_cpu us server CPU per request)"
echo "  /api/auth/test with a key:           $(rps "${big[@]}" | xargs) req/s -> median $big_median ($big_cpu us server CPU per request)"
awk -v s="$small_median" -v a="$anon_small_median" 'BEGIN { printf "ratio key / anonymous (100 keys):         %.3f (target >= 0.90)\n", s / a }'
awk -v s="$big_median" -v a="$anon_big_median" 'BEGIN { printf "ratio key / anonymous (10^6 keys):        %.3f\n", s / a }'
awk -v b="$big_median" -v s="$small_median" -v ab="$anon_big_median" -v as="$anon_small_median" \
  'BEGIN { printf "ratio 10^6 keys / 10^2 keys:              %.3f raw, %.3f against each phase'"'"'s baseline (target >= 0.95)\n", b / s, (b / ab) / (s / as) }'
awk -v k="$small_cpu" -v a="$anon_small_cpu" 'BEGIN { printf "server CPU per request, anonymous / key:  %.3f (the same comparison, less sensitive to other load)\n", a / k }'
echo "server resident set at the end: $((rss_kb / 1024)) MB"
