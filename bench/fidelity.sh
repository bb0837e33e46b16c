#!/usr/bin/env bash
# Fidelity benchmark: Loadstone's podReady/cleanedUp vs the sandbox's ground truth, per session.
# Usage: bench/fidelity.sh [sessions=1000] [agents=4] [hold=2s] [warmup sessions=0] [ready median=2s] [ready p99=6s]
#                          [capacity=0: a burst] [platform=embedded|own-core]
# own-core: the sandbox in its own JVM on CPU 1 and this JVM on CPU 0 (needs taskset and 2 CPUs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -B -q -DskipTests package -pl bench -am) >/dev/null
pin=()
if [[ "${8:-embedded}" == own-core ]]; then
  command -v taskset >/dev/null || { echo "fidelity.sh: own-core needs taskset (util-linux)" >&2; exit 2; }
  (( $(nproc) >= 2 )) || { echo "fidelity.sh: own-core needs 2 CPUs, this machine has $(nproc)" >&2; exit 2; }
  pin=(taskset -c 0)
fi
exec "${pin[@]}" java -Xmx2g -Xms2g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/bench/target/loadstone-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*" \
  io.loadstone.bench.FidelityBench "$@"
