#!/usr/bin/env bash
# Soak: the published gateway (sandbox emulator, SQLite audit) under a steady load of sends for a long time, optionally
# killed with SIGKILL and restarted at intervals. At the end it checks the promise of docs/reliability.md: every send
# answered ReturnCode 0 is in the emulator's store, the audit chain verifies, and it reports peak memory.
#
#   bench/soak.sh [seconds=600] [workers=8] [kill-every-seconds=0]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
duration=${1:-600} workers=${2:-8} kill_every=${3:-0} port=${VO_SOAK_PORT:-18091}
work=$(mktemp -d); trap 'kill -9 "$(cat "$work/pid" 2>/dev/null)" 2>/dev/null || true; echo "work folder: $work"' EXIT
dotnet publish src/Gateway/Gateway.csproj -c Release -o "$work/app" >/dev/null
mkdir -p "$work/data" "$work/out"
day=$(date -d yesterday +%F)
sed -e "s|<vo:Datum>[^<]*</vo:Datum>|<vo:Datum>$day</vo:Datum>|" -e 's/22:00:00/14:00:00/' -e 's/07:00:00/17:30:00/' \
  samples/ksz/send-request.xml > "$work/template.xml"

cd "$work/app"
start_gateway() {
  env Gateway__DataDirectory="$work/data" Audit__Instance=soak ASPNETCORE_HTTP_PORTS=$port Logging__LogLevel__Default=Warning \
    dotnet VrijwilligeOppas.Gateway.dll >> "$work/gateway.log" 2>&1 &
  echo $! > "$work/pid"
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)" = 200 ] && return 0
    sleep 0.5
  done
  echo "soak: the gateway did not become ready" >&2; exit 1
}

# One worker: unique PrestatieIds per message; one line per message: ids, then the ReturnCode or "no-answer".
worker() {
  local w=$1 i=0 end=$(( $(date +%s) + duration ))
  while [ "$(date +%s)" -lt "$end" ]; do
    i=$((i + 1))
    local a="S$w-$i-a" b="S$w-$i-b"
    local reply
    reply=$(sed -e "s/A-2026-000123/$a/" -e "s/A-2026-000124/$b/" "$work/template.xml" \
      | curl -s --max-time 120 -H 'Content-Type: text/xml; charset=utf-8' --data-binary @- "http://127.0.0.1:$port/ksz/VrijwilligeOppas" || true)
    local code
    # The ServiceReply's code (the last one): 0 only when every prestatie was applied.
    code=$(grep -o "<common:ReturnCode>[0-9]*</common:ReturnCode>" <<<"$reply" | tail -1 | tr -dc 0-9 || true)
    echo "$a $b ${code:-no-answer}" >> "$work/out/w$w"
    [ -n "$code" ] || sleep 0.2
  done
}

start_gateway
started=$(date +%s) peak=0
pids=()
for w in $(seq 1 "$workers"); do worker "$w" & pids+=($!); done
next_kill=$(( started + kill_every ))
running() { for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
while running; do
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$(cat "$work/pid")/status" 2>/dev/null || echo 0)
  [ "${rss:-0}" -gt "$peak" ] && peak=$rss
  if [ "$kill_every" -gt 0 ] && [ "$(date +%s)" -ge "$next_kill" ]; then
    kill -9 "$(cat "$work/pid")"; wait "$(cat "$work/pid")" 2>/dev/null || true
    echo "soak: killed the gateway with SIGKILL at $(( $(date +%s) - started )) s; restarting"
    start_gateway; next_kill=$(( $(date +%s) + kill_every ))
  fi
  sleep 2
done
wait "${pids[@]}" 2>/dev/null || true
kill -TERM "$(cat "$work/pid")"; wait "$(cat "$work/pid")" 2>/dev/null || true

cat "$work"/out/w* > "$work/results"
total=$(wc -l < "$work/results")
done0=$(awk '$3 == "0"' "$work/results" | wc -l)
echo "soak: $total messages in ${duration} s with $workers workers: $done0 ReturnCode 0, $(awk '$3 == "10000"' "$work/results" | wc -l) ReturnCode 10000, $(awk '$3 == "no-answer"' "$work/results" | wc -l) without answer"
echo "soak: peak resident memory of the gateway process: $(( peak / 1024 )) MB"
Gateway__DataDirectory="$work/data" Audit__Instance=soak dotnet VrijwilligeOppas.Gateway.dll audit verify | tail -1
awk '$3 == "0" {print $1; print $2}' "$work/results" | sort > "$work/promised"
python3 - "$work/data/emulator/central.db" > "$work/stored" <<'PY'
import sqlite3, sys
for (pid,) in sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("SELECT prestatie_id FROM prestatie"):
    print(pid)
PY
missing=$(comm -23 "$work/promised" <(sort "$work/stored") | wc -l)
if [ "$missing" -ne 0 ]; then echo "soak: FAILED: $missing prestaties answered as done are not in the emulator" >&2; exit 1; fi
echo "soak: every prestatie answered as done is in the emulator's store"
