package io.loadstone.worker.lifecycle;

import io.loadstone.worker.kube.KubeFact;
import io.loadstone.worker.kube.KubeIndex;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * When one session's Deployment, Service and Pods were all gone, as this worker observed it. Two views must agree:
 * the facts handed to the lifecycle so far, and the observer's indexes. The indexes are updated on the informers'
 * threads before their facts reach the worker's context, so they can already be empty while a deletion's fact, with
 * its own observation time, is still on its way; the indexes also hold objects whose facts an adopting attempt never
 * got. Not thread-safe: the lifecycle's context only.
 */
final class SessionObjects {
  private static final Set<KubeFact.Kind> KINDS = EnumSet.of(KubeFact.Kind.DEPLOYMENT, KubeFact.Kind.SERVICE,
      KubeFact.Kind.POD);

  /** {@code kind/name} of each object the facts say exists */
  private final Set<String> seen = new HashSet<>();
  /** facts of different kinds come from different informer threads, so they need not arrive in observation order */
  private long lastDeletionNanos = Long.MIN_VALUE;

  void onFact(KubeFact fact) {
    if (!KINDS.contains(fact.kind())) {
      return;
    }
    String object = fact.kind() + "/" + fact.name();
    if (fact.change() == KubeFact.Change.DELETED) {
      seen.remove(object);
      lastDeletionNanos = Math.max(lastDeletionNanos, fact.observedNanos());
    } else {
      seen.add(object);
    }
  }

  /** An adopted session: what the indexes hold now was observed before its facts came to this attempt. */
  void seeIndexed(KubeIndex kube, String sessionId) {
    kube.deployment(sessionId).ifPresent(d -> seen.add(KubeFact.Kind.DEPLOYMENT + "/" + d.getMetadata().getName()));
    kube.service(sessionId).ifPresent(s -> seen.add(KubeFact.Kind.SERVICE + "/" + s.getMetadata().getName()));
    kube.pods(sessionId).forEach(p -> seen.add(KubeFact.Kind.POD + "/" + p.getMetadata().getName()));
  }

  /**
   * The observation time of the last deletion when nothing is left, not earlier than {@code atLeast}; empty while
   * anything is.
   */
  OptionalLong goneAt(KubeIndex kube, String sessionId, long atLeast) {
    if (!seen.isEmpty() || kube.deployment(sessionId).isPresent() || kube.service(sessionId).isPresent()
        || !kube.pods(sessionId).isEmpty()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(atLeast, lastDeletionNanos));
  }
}
