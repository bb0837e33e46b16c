#!/usr/bin/env bash
# Sandbox capacity benchmark: sessions/s create->running with zero pod delay, and heap per live session.
# Usage: bench/sandbox-capacity.sh [sessions=2000] [agents=4] [concurrency=64]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -B -q -DskipTests package -pl bench -am) >/dev/null
exec java -Xmx2g -Xms2g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/bench/target/loadstone-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*" \
  io.loadstone.bench.SandboxCapacityBench "$@"
