#!/usr/bin/env bash
# Aggregator ceiling: phase events/s merged (events + interval histograms from simulated nodes) and histograms/s,
# single-threaded in one JVM, median of 3 timed runs after one warm-up.
# Usage: bench/aggregator.sh [events=1000000] [nodes=4] [eventsPerInterval=2500]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -B -q -DskipTests package -pl bench -am) >/dev/null
exec java -Xmx2g -Xms2g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/bench/target/loadstone-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*" \
  io.loadstone.bench.AggregatorBench "$@"
