#!/usr/bin/env bash
# Two portal instances on PostgreSQL and Redis, on this machine, for trying scale-out (not for production):
#   scripts/cluster.sh          installs postgresql and redis-server if missing, starts a throwaway PostgreSQL (port 55432)
#                               and Redis (port 56379) on 127.0.0.1, then the portal on http://127.0.0.1:5101 and :5102
#   scripts/cluster.sh stop     stops what it started (by the PIDs it wrote), and deletes the throwaway data
# Put a load balancer with sticky sessions in front of the two ports (README, "Several instances").
set -euo pipefail
cd "$(dirname "$0")/.."
state=${CLUSTER_DIR:-/tmp/notarial-cluster}
pg_port=${PG_PORT:-55432}
redis_port=${REDIS_PORT:-56379}
ports=(${PORTAL_PORTS:-5101 5102})
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "${1:-start}" = "stop" ]; then
  for pid_file in "$state"/portal-*.pid; do
    [ -f "$pid_file" ] && kill "$(cat "$pid_file")" 2>/dev/null || true
  done
  [ -f "$state/redis.pid" ] && kill "$(cat "$state/redis.pid")" 2>/dev/null || true
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -d "$state/db" ] && as_postgres "$pg_bin/pg_ctl" -D "$state/db" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$state"
  echo "cluster stopped"
  exit 0
fi

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

if [ -d "$state" ]; then echo "already running? run: $0 stop" >&2; exit 1; fi
mkdir -p "$state"
[ "$(id -u)" -eq 0 ] && chown postgres "$state"
as_postgres "$pg_bin/initdb" -D "$state/db" -A trust -U portal >/dev/null
as_postgres "$pg_bin/pg_ctl" -D "$state/db" -w -l "$state/postgres.log" \
  -o "-p $pg_port -k $state -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$state/redis.pid" --logfile "$state/redis.log"

dotnet build Portal.Server -c Release -v q -nologo >/dev/null
export Database__Provider=PostgreSql
export ConnectionStrings__Portal="Host=127.0.0.1;Port=$pg_port;Username=portal;Database=postgres"
export Redis__Configuration="127.0.0.1:$redis_port"
# One public address for both (tokens carry it as their issuer); http is for this local trial only.
export OAuth__Issuer="${PUBLIC_URL:-http://localhost:8080/}" OAuth__AllowHttp=true Edge__RequireHttps=false
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
for i in "${!ports[@]}"; do
  port=${ports[$i]}
  Portal__DataDirectory="$state/portal-$port" nohup dotnet Portal.Server/bin/Release/net10.0/Notarial.Portal.Server.dll \
    --urls "http://127.0.0.1:$port" --contentRoot "$PWD/Portal.Server" >"$state/portal-$port.log" 2>&1 &
  echo $! >"$state/portal-$port.pid"
  # The first instance migrates the database (the others would wait for its lock); start them one after the other.
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "instance on $port did not become ready; see $state/portal-$port.log" >&2; exit 1; }
  echo "portal instance on http://127.0.0.1:$port (log: $state/portal-$port.log)"
done
echo "PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port; stop everything with: $0 stop"
