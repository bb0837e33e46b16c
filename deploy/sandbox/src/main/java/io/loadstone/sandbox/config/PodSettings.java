package io.loadstone.sandbox.config;

import java.time.Duration;

/**
 * How the pod simulator moves pods, like KWOK's stages. Each delay is drawn per pod.
 *
 * @param scheduleDelay  pod created -> scheduled and ContainerCreating (default fixed 100 ms)
 * @param readyDelay     pod created -> Running and Ready (default log-normal, median 6 s, p99 15 s: the
 *                       contract's "pod Ready in ~6 s")
 * @param deleteGrace    deletionTimestamp set -> pod gone (default log-normal, median 1 s, p99 4 s)
 * @param controllerDelay Deployment created -> its pod created; also pod gone -> Deployment gone (20 ms)
 */
public record PodSettings(Distribution scheduleDelay, Distribution readyDelay, Distribution deleteGrace,
                          Duration controllerDelay) {

  public static PodSettings defaults() {
    return new PodSettings(
        Distribution.fixed(Duration.ofMillis(100)),
        Distribution.logNormal(Duration.ofSeconds(6), Duration.ofSeconds(15)),
        Distribution.logNormal(Duration.ofSeconds(1), Duration.ofSeconds(4)),
        Duration.ofMillis(20));
  }
}
