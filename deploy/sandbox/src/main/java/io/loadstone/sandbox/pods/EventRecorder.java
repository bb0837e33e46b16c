package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events as the kubelet, scheduler and controllers do: named {@code <object>.<hex nanos>},
 * without labels, pointing at their object through {@code involvedObject}. Best effort, as in Kubernetes: a
 * failed write is logged at debug and never fails the caller.
 */
final class EventRecorder {
  static final String KUBELET = "kubelet";
  static final String SCHEDULER = "default-scheduler";
  static final String DEPLOYMENT_CONTROLLER = "deployment-controller";
  static final String REPLICASET_CONTROLLER = "replicaset-controller";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubeAccess kube;
  private final AtomicLong lastNanos = new AtomicLong();

  EventRecorder(KubeAccess kube) {
    this.kube = kube;
  }

  /** Records a Normal event; nothing reads it back, so the server's answer is not decoded. */
  Future<Void> normal(HasMetadata object, String fieldPath, String component, String reason, String message) {
    Event event = build(object, fieldPath, component, "Normal", reason, message);
    return kube.write("POST", kube.collectionPath("v1", "events"), KubeAccess.JSON, event)
        .onFailure(e -> LOG.debug("event Normal {} for {}: not written: {}", reason, object.getMetadata().getName(),
            KubeAccess.describe(e)));
  }

  /** Records a Warning event and returns it as stored, so that {@link #repeat} can count its repeats. */
  Future<Event> warning(HasMetadata object, String fieldPath, String component, String reason, String message) {
    return record(object, fieldPath, component, "Warning", reason, message);
  }

  private Future<Event> record(HasMetadata object, String fieldPath, String component, String type, String reason,
                               String message) {
    Event event = build(object, fieldPath, component, type, reason, message);
    return kube.call(() -> kube.client.v1().events().inNamespace(kube.namespace).resource(event).create())
        .onFailure(e -> LOG.debug("event {} {} for {}: not written: {}", type, reason,
            object.getMetadata().getName(), KubeAccess.describe(e)));
  }

  private Event build(HasMetadata object, String fieldPath, String component, String type, String reason,
                      String message) {
    String now = KubeAccess.now();
    return new EventBuilder()
        .withNewMetadata().withName(object.getMetadata().getName() + "." + Long.toHexString(uniqueNanos()))
        .withNamespace(kube.namespace).endMetadata()
        .withInvolvedObject(reference(object, fieldPath))
        .withReason(reason).withMessage(message).withType(type)
        .withNewSource().withComponent(component)
        .withHost(component.equals(KUBELET) ? KubeAccess.NODE_NAME : null).endSource()
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withReportingComponent(component)
        .withReportingInstance(component.equals(KUBELET) ? KubeAccess.NODE_NAME : component)
        .build();
  }

  /**
   * Counts a repeat of an earlier event, as the event recorder's aggregation does: same object, count + 1,
   * new lastTimestamp. Returns the stored event; when it vanished, a fresh one.
   */
  Future<Event> repeat(Event previous, HasMetadata object, String fieldPath, String component) {
    Event next = new EventBuilder(previous).editMetadata().withResourceVersion(null).endMetadata()
        .withCount(previous.getCount() == null ? 2 : previous.getCount() + 1)
        .withLastTimestamp(KubeAccess.now()).build();
    return kube.call(() -> kube.client.v1().events().inNamespace(kube.namespace).resource(next).update())
        .recover(e -> record(object, fieldPath, component, previous.getType(), previous.getReason(),
            previous.getMessage()));
  }

  private static ObjectReference reference(HasMetadata object, String fieldPath) {
    return new ObjectReferenceBuilder()
        .withApiVersion(object.getApiVersion()).withKind(object.getKind())
        .withName(object.getMetadata().getName()).withNamespace(object.getMetadata().getNamespace())
        .withUid(object.getMetadata().getUid()).withResourceVersion(object.getMetadata().getResourceVersion())
        .withFieldPath(fieldPath).build();
  }

  /** Wall-clock nanos, strictly increasing, so two events in the same nanosecond still get distinct names. */
  private long uniqueNanos() {
    Instant now = Instant.now();
    long candidate = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return lastNanos.updateAndGet(prev -> Math.max(prev + 1, candidate));
  }
}
