#!/usr/bin/env bash
# Scale benchmark: Loadstone JVM wall, CPU and heap per session against a sandbox in its own JVM.
# Usage: bench/scale.sh [sessions=1000] [agents=4] [hold=30s] [warmup sessions=200] [runs=2]
# Runs the measured plan `runs` times in one JVM after the warm-up: CPU per session "first run" (JIT still compiling)
# and "steady state" (median of the later runs); heap per live session for each run. See ScaleBench's javadoc.
# 2026-11-24, 2-core machine shared with other builds, defaults with runs=3, two invocations: first run 4.35 / 4.75 ms,
# steady state 4.05 / 4.16 ms CPU per session lifecycle (goal 5); 14.4 / 14.5 KiB heap per live session (goal 50).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -B -q -DskipTests package -pl bench -am) >/dev/null
# -XX:TieredStopAtLevel=1 as ./loadstone run uses; SCALE_JAVA_OPTS=-XX:TieredStopAtLevel=4 measures tiered C1+C2.
exec java -Xmx2g -Xms2g -XX:+UseG1GC -XX:TieredStopAtLevel=1 ${SCALE_JAVA_OPTS:-} \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/bench/target/loadstone-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*" \
  io.loadstone.bench.ScaleBench "$@"
