#!/usr/bin/env bash
# Coverage-guided fuzzing of the gateway's inbound path (fuzz/Inbound) with afl++ and SharpFuzz.
#   fuzz/run.sh <seconds>
# Builds the harness, instruments the Mapping assembly, runs one afl-fuzz instance for <seconds>, and copies every
# crash into the regression corpus that Mapping.Tests replays (tests/Mapping.Tests/FuzzCorpus/regressions).
# afl's state stays in fuzz/out (ignored by git); its fuzzer_stats is printed at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
seconds=${1:?usage: fuzz/run.sh <seconds>}

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install -y afl++" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

out=$here/out
bin=$out/bin
corpus=$repo/tests/Mapping.Tests/FuzzCorpus
mkdir -p "$out" "$corpus/regressions"

# A fresh build each time: sharpfuzz rewrites the Mapping dll in place, and must never see an instrumented one.
rm -rf "$bin"
(cd "$here" && dotnet tool restore >/dev/null)
dotnet build "$here/Inbound" -c Release -o "$bin" -p:UseAppHost=false >/dev/null
(cd "$here" && dotnet tool run sharpfuzz "$bin/VrijwilligeOppas.Mapping.dll")

# Seeds: the sample requests, the seed corpus, every earlier finding, and the queue of the latest earlier run here,
# so that a second run goes on from where the first stopped.
seeds=$out/seeds
rm -rf "$seeds" && mkdir -p "$seeds"
cp "$repo"/samples/ksz/*request*.xml "$seeds/"
cp "$corpus"/seeds/* "$corpus"/regressions/* "$seeds/" 2>/dev/null || true
previous=$(ls -d "$out"/findings-* 2>/dev/null | tail -1 || true)
if [ -n "$previous" ] && [ -d "$previous/default/queue" ]; then
  for entry in "$previous"/default/queue/id:*; do
    [ -f "$entry" ] && cp "$entry" "$seeds/queue-$(sha256sum "$entry" | cut -c1-16)"
  done
fi

findings=$out/findings-$(date -u +%Y%m%dT%H%M%SZ)
# The target is dotnet, not an afl-compiled binary (SKIP_BIN_CHECK); a .NET start-up takes seconds, so a generous -t.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
afl-fuzz -i "$seeds" -o "$findings" -x "$here/inbound.dict" -t 10000 -m none -V "$seconds" \
  -- dotnet "$bin/VrijwilligeOppas.Fuzz.Inbound.dll" || true

cat "$findings/default/fuzzer_stats"
copied=0
for crash in "$findings"/default/crashes/id:*; do
  [ -e "$crash" ] || continue
  name=crash-$(sha256sum "$crash" | cut -c1-16).xml
  if [ ! -e "$corpus/regressions/$name" ]; then
    cp "$crash" "$corpus/regressions/$name"
    copied=$((copied + 1))
  fi
done
echo "new crashes copied to $corpus/regressions: $copied"
