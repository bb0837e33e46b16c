#!/usr/bin/env bash
# Cluster benchmark: the scale plan on 1 and on 2 worker JVMs (`loadstone run --cluster` + `loadstone worker`) against
# a sandbox in its own JVM: sessions/s, each worker's and the orchestrator's CPU per session, each worker's share.
# Usage: bench/cluster.sh [sessions=1000] [agents=4] [hold=30s] [warmup sessions=sessions] [warmup runs=1] [users=1] [small=sessions/4] [rounds=3]
# (users > 1: the plan spreads its sessions over that many users and the workers split the work by user)
# (each round runs the plan and a smaller one of `small` sessions on both clusters, the order swapped each round;
#  the slope between the two is the marginal cost of a session, the ratio of slopes 2 workers / 1 the headline)
# CLUSTER_PIN_WORKERS=1 pins worker i to CPU i-1 (taskset): each worker a core of its own, as on its own machine
# CLUSTER_CAPACITY=C gives every worker capacity C instead of sessions/W (e.g. 500: one worker runs 1,000 in two waves)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# lib/ afresh: copy-dependencies keeps a jar that is newer than the reactor's (e.g. from a shared ~/.m2)
rm -rf "$root/bench/target/lib"
(cd "$root" && mvn -B -q -DskipTests package -pl bench -am) >/dev/null
# the bench JVM only starts the others and reads their files: a small heap
exec java -Xmx256m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/bench/target/loadstone-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*" \
  io.loadstone.bench.ClusterBench "$@"
