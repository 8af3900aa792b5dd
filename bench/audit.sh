#!/usr/bin/env bash
# Audit log costs (issue 7), in one run on this machine:
#   1. Throughput of the same endpoint (/api/auth/test with an API key) on two portals of the same Release build, one
#      with the audit log on and one with Audit__Enabled=false, measured in alternating rounds (medians compared, so
#      load drifting between rounds hits both). Then the audited portal is stopped gracefully and its audit_log rows are
#      counted against the requests wrk completed: none may be lost (target: ratio >= 0.95, 0 rows lost).
#   2. The 30-day usage report (UsageReports.GetAsync, what /usage and a key's page run) over ROWS audit rows of one
#      account, written through the audit writer's own store (bench/AuditSeeder) (target: < 200 ms).
# Settings: PORT (5393; PORT+1 for audit off), DURATION (10s), WARMUP (5s), THREADS (2), CONNECTIONS (16), ROUNDS (3),
# ROWS (10000000), RUNS (20).
source "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"

PORT=${PORT:-5393}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
ROUNDS=${ROUNDS:-3}
ROWS=${ROWS:-10000000}
RUNS=${RUNS:-20}
ON="http://127.0.0.1:$PORT"
OFF="http://127.0.0.1:$((PORT + 1))"

bench_need wrk sqlite3 curl
work=$(mktemp -d)
cleanup() { bench_stop "$work/on"; bench_stop "$work/off"; rm -rf "$work"; }
trap cleanup EXIT

echo "== building (Release)" >&2
bench_build
dotnet build -c Release -v q -nologo bench/ApiKeySeeder >/dev/null
dotnet build -c Release -v q -nologo bench/AuditSeeder >/dev/null
key_on=$(dotnet bench/ApiKeySeeder/bin/Release/net10.0/ApiKeySeeder.dll --data-dir "$work/on" --count 100)
key_off=$(dotnet bench/ApiKeySeeder/bin/Release/net10.0/ApiKeySeeder.dll --data-dir "$work/off" --count 100)

echo "== starting two portals: audit on at $ON, audit off at $OFF" >&2
bench_start "$PORT" "$work/on"
bench_start "$((PORT + 1))" "$work/off" Audit__Enabled=false

sent_on=0
# run URL KEY SECONDS DATADIR -> "<requests/s> <server CPU us per request> <requests completed>"; non-2xx answers fail
# the run. CPU per request (from /proc, the audit writer's thread included) drifts far less than requests/s when other
# work shares the machine.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$(cat "$1/server.pid")/stat"; }
run() {
  local out before after
  before=$(cpu_ticks "$4")
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" -H "X-API-Key: $2" "$1/api/auth/test")
  after=$(cpu_ticks "$4")
  if grep -q "Non-2xx" <<<"$out"; then echo "$out" >&2; echo "non-2xx answers from $1" >&2; exit 1; fi
  local n; n=$(awk '/requests in/ { print $1 }' <<<"$out")
  awk -v r="$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" -v t="$((after - before))" -v n="$n" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.0f %.1f %d\n", r, t / hz * 1e6 / n, n }'
}
median() { sort -g | awk '{ v[n++] = $1 } END { if (n % 2) printf "%.0f", v[(n - 1) / 2]; else printf "%.0f", (v[n / 2 - 1] + v[n / 2]) / 2 }'; }

[ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $key_on" "$ON/api/auth/test")" = 200 ] || { echo "key refused" >&2; exit 1; }
sent_on=1
echo "== warming up ($WARMUP each)" >&2
run "$OFF" "$key_off" "$WARMUP" "$work/off" >/dev/null
r=$(run "$ON" "$key_on" "$WARMUP" "$work/on"); sent_on=$((sent_on + ${r##* }))

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
off=(); on=(); off_cpu=(); on_cpu=()
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round: audit off, then audit on, $DURATION each" >&2
  read -r rps cpu n < <(run "$OFF" "$key_off" "$DURATION" "$work/off"); off+=("$rps"); off_cpu+=("$cpu")
  read -r rps cpu n < <(run "$ON" "$key_on" "$DURATION" "$work/on"); on+=("$rps"); on_cpu+=("$cpu"); sent_on=$((sent_on + n))
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
health=$(curl -s "$ON/health/ready")

echo "== stopping the audited portal gracefully and counting its rows" >&2
pid=$(cat "$work/on/server.pid"); kill -TERM "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
rows=$(sqlite3 "$work/on/portal.db" "SELECT COUNT(*) FROM audit_log")
rolled=$(sqlite3 "$work/on/portal.db" "SELECT COALESCE(SUM(Requests), 0) FROM usage_rollups")
bench_stop "$work/off"

off_median=$(printf '%s\n' "${off[@]}" | median)
on_median=$(printf '%s\n' "${on[@]}" | median)
cpu_median() { sort -g | awk '{ v[n++] = $1 } END { if (n % 2) printf "%.1f", v[(n - 1) / 2]; else printf "%.1f", (v[n / 2 - 1] + v[n / 2]) / 2 }'; }
off_cpu_median=$(printf '%s\n' "${off_cpu[@]}" | cpu_median)
on_cpu_median=$(printf '%s\n' "${on_cpu[@]}" | cpu_median)

echo "== seeding $ROWS audit rows for the usage report" >&2
dotnet bench/AuditSeeder/bin/Release/net10.0/AuditSeeder.dll seed --data-dir "$work/report" --rows "$ROWS"
report=$(dotnet bench/AuditSeeder/bin/Release/net10.0/AuditSeeder.dll query --data-dir "$work/report" --runs "$RUNS")

echo
echo "1. audit on vs off: wrk -t$THREADS -c$CONNECTIONS -d$DURATION on /api/auth/test with a key, $ROUNDS alternating rounds after $WARMUP warm-ups; load average $load_before before, $load_after after"
echo "  audit off (baseline): ${off[*]} req/s -> median $off_median ($off_cpu_median us server CPU per request)"
echo "  audit on:             ${on[*]} req/s -> median $on_median ($on_cpu_median us server CPU per request)"
echo "  ratio on / off: $(bench_ratio "$on_median" "$off_median") (target >= 0.95)"
echo "  server CPU per request, off / on: $(bench_ratio "$off_cpu_median" "$on_cpu_median") (the same comparison, less sensitive to other load)"
echo "  requests completed against the audited portal: $sent_on; audit_log rows after a graceful stop: $rows; summed in rollups: $rolled"
echo "  rows lost: $(( sent_on > rows ? sent_on - rows : 0 )) (rows can exceed completed requests by the ones wrk abandoned at its deadline)"
echo "  health before the stop: $health"
echo "2. usage report over $ROWS audit rows"
echo "$report" | sed 's/^/  /'
