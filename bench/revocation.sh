#!/usr/bin/env bash
# Issue 15 benchmark: revocation propagation across two instances. Two portals on one throwaway PostgreSQL and one
# throwaway Redis (127.0.0.1 only, stopped at the end by their PIDs); N keys are made at A and used once at B (so B has
# each cached), then each is revoked at A and B is asked again at once, over and over, until it refuses the key.
#   bench/revocation.sh [N]            (default 200 keys; the time of one revocation runs from A's answer to B's first 401)
# Prints p50, p99 and max of the propagation times; target: every one under a second (issue 15).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${1:-200}
STATE=$(mktemp -d /tmp/notarial-bench-revocation.XXXX)
PG_PORT=$(bench_free_port); REDIS_PORT=$(bench_free_port); PORT_A=$(bench_free_port); PORT_B=$(bench_free_port)
cleanup() {
  bench_stop "$STATE/a"; bench_stop "$STATE/b"
  bench_redis_stop "$STATE/redis"; bench_postgres_stop "$STATE/pg"
  rm -rf "$STATE"
}
trap cleanup EXIT

bench_need sqlite3 openssl curl
bench_postgres_start "$STATE/pg" "$PG_PORT"
bench_redis_start "$STATE/redis" "$REDIS_PORT"
bench_build
bench_build_seeder
CS=$(bench_postgres_cs "$PG_PORT")
SCALE_OUT=(Database__Provider=PostgreSql "ConnectionStrings__Portal=$CS" "Redis__Configuration=127.0.0.1:$REDIS_PORT" "${BENCH_NO_LIMITS[@]}")
# A migrates the database; B starts once A is ready.
bench_start "$PORT_A" "$STATE/a" "${SCALE_OUT[@]}"
bench_start "$PORT_B" "$STATE/b" "${SCALE_OUT[@]}"
MANAGER=$(bench_seed_key --postgres "$CS" --scopes "keys:manage orders:read")

echo "== $N revocations at A (127.0.0.1:$PORT_A), watched at B (127.0.0.1:$PORT_B)" >&2
python3 - "$PORT_A" "$PORT_B" "$MANAGER" "$N" <<'PY'
import http.client, json, sys, time
port_a, port_b, manager, n = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
a = http.client.HTTPConnection("127.0.0.1", port_a)
b = http.client.HTTPConnection("127.0.0.1", port_b)

def call(conn, method, path, key, body=None):
    headers = {"X-API-Key": key}
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    response = conn.getresponse()
    return response.status, response.read()

times, slow = [], 0
for i in range(n):
    status, body = call(a, "POST", "/api/v1/keys", manager, {"name": f"revocation {i}", "type": "client", "environment": "live", "scopes": ["orders:read"], "expires": "30d"})
    if status != 201:
        sys.exit(f"creating a key at A answered {status}: {body[:300]!r}")
    created = json.loads(body)
    key, key_id = created["secret"], created["api_key"]["id"]
    status, body = call(b, "GET", "/api/auth/test", key)
    if status != 200:
        sys.exit(f"B refused a new key before its revocation: {status} {body[:300]!r}")
    status, body = call(a, "DELETE", f"/api/v1/keys/{key_id}", manager)
    if status not in (200, 204):
        sys.exit(f"revoking at A answered {status}: {body[:300]!r}")
    revoked = time.perf_counter()
    while True:
        status, answer = call(b, "GET", "/api/auth/test", key)
        elapsed = time.perf_counter() - revoked
        if status == 401:
            break
        if status != 200:
            sys.exit(f"B answered {status} while the revocation travelled: {answer[:300]!r}")
        if elapsed > 10:
            slow += 1
            break
    times.append(elapsed * 1000)

times.sort()
def pct(p):
    return times[min(len(times) - 1, max(0, int(round(p / 100 * len(times) + 0.5)) - 1))]
print()
print(f"{n} revocations; load average {open('/proc/loadavg').read().split()[0:3]}")
print("| revocations | p50 ms | p99 ms | max ms | over 1 s | not refused within 10 s |")
print("| --- | --- | --- | --- | --- | --- |")
print(f"| {n} | {pct(50):.1f} | {pct(99):.1f} | {times[-1]:.1f} | {sum(1 for t in times if t > 1000)} | {slow} |")
PY
