#!/usr/bin/env bash
# Fidelity benchmark: Loadstone's podReady/cleanedUp vs the embedded sandbox's ground truth, per session.
# Usage: bench/fidelity.sh [sessions=1000] [agents=4] [hold=2s] [warmup sessions=0] [ready median=2s] [ready p99=6s] [capacity=0: a burst]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -B -q -DskipTests package -pl bench -am) >/dev/null
exec java -Xmx2g -Xms2g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/bench/target/loadstone-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*" \
  io.loadstone.bench.FidelityBench "$@"
