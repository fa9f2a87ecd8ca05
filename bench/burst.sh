#!/usr/bin/env bash
# Memory under a burst of bulk sends: the published gateway (sandbox) with the given slot counts, each run taking
# N 10 000-prestatie sends (≈ 4.3 MB each) posted at once. Prints the time for all, RSS when ready and peak RSS.
#
#   bench/burst.sh [messages=20] [slots...=2 16]
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-20}; shift || true; slots=("${@:-2 16}"); port=${VO_BURST_PORT:-18095}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dotnet publish src/Gateway/Gateway.csproj -c Release -o "$work/app" >/dev/null
python3 - "$work/bulk.xml" <<'PY'
import datetime, re, sys
t = open('samples/ksz/send-request.xml').read()
day = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
block = re.search(r'          <vo:Prestatie>.*?</vo:Prestatie>\n', t, re.S).group(0)
block = re.sub(r'<vo:Datum>[^<]*</vo:Datum>', f'<vo:Datum>{day}</vo:Datum>', block).replace('22:00:00', '14:00:00').replace('07:00:00', '17:30:00')
body = ''.join(block.replace('A-2026-000123', f'B-{i:05d}') for i in range(10000))
open(sys.argv[1], 'w').write(re.sub(r'          <vo:Prestatie>.*</vo:Prestatie>\n', lambda _: body, t, flags=re.S))
PY
cd "$work/app"
for n in ${slots[*]}; do
  mkdir -p "$work/d$n"
  env Gateway__DataDirectory="$work/d$n" ASPNETCORE_HTTP_PORTS=$port Reliability__MaxConcurrentMessages=$n \
    Reliability__QueueLimit=1000 Reliability__QueueTimeout=00:05:00 Logging__LogLevel__Default=Warning \
    dotnet VrijwilligeOppas.Gateway.dll > "$work/log$n" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)" = 200 ] && break; sleep 0.5; done
  ready=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  start=$(date +%s%N) clients=()
  for i in $(seq 1 "$messages"); do
    curl -s --max-time 600 -H 'Content-Type: text/xml; charset=utf-8' --data-binary @"$work/bulk.xml" \
      "http://127.0.0.1:$port/ksz/VrijwilligeOppas" -o "$work/r$n-$i" & clients+=($!)
  done
  wait "${clients[@]}"
  seconds=$(( ($(date +%s%N) - start) / 100000000 ))
  ok=$(grep -l '<common:ReturnCode>0</common:ReturnCode></common:ResultSummary><ServiceId>' "$work"/r$n-* | wc -l)
  echo "slots=$n: $messages x 10000-prestatie sends at once: $ok ReturnCode 0 in $((seconds / 10)).$((seconds % 10)) s; RSS when ready $((ready / 1024)) MB, peak $(( $(awk '/VmHWM/ {print $2}' "/proc/$pid/status") / 1024 )) MB"
  kill -TERM "$pid"; wait "$pid" || true
done
