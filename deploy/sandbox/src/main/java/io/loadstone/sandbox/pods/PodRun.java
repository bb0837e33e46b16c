package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.api.model.Event;
import io.vertx.core.Future;
import java.time.Instant;

/** What the kubelet knows about one pod it runs; small on purpose, since thousands live at once. */
final class PodRun {
  enum Stage { CREATED, SCHEDULED, STARTING, READY, TERMINATING, GONE }

  final String name;
  final String uid;
  /** The pod's {@code session} label, or null. */
  final String session;
  final long firstSeenNanos = System.nanoTime();
  Stage stage = Stage.CREATED;
  long readyDelayNanos;
  boolean neverReady;
  Instant scheduledAt;
  long timer = -1;
  String ip;
  RfbServer rfb;
  /** The image-pull warning, kept to count its repeats. */
  Event pullWarning;
  /** Status writes and events of this pod, in order: a later stage never lands before an earlier one. */
  Future<?> writes = Future.succeededFuture();

  PodRun(String name, String uid, String session) {
    this.name = name;
    this.uid = uid;
    this.session = session;
  }

  /** The VNC desktop name: the session id, or the pod name for a pod that belongs to no session. */
  String desktopName() {
    return session != null ? session : name;
  }

  boolean servingOrStarting() {
    return stage == Stage.STARTING || stage == Stage.READY;
  }
}
