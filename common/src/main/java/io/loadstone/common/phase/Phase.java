package io.loadstone.common.phase;

import java.util.Arrays;
import java.util.Optional;

/**
 * The phases of one session's lifecycle, in the order they happen. Each is a time on the observing worker's
 * monotonic clock: since the create request was sent, except {@link #CLEANED_UP}, which counts from the delete.
 * The {@link #id()} is the name used in plans, reports and {@code results.json}.
 */
public enum Phase {
  /** The create request was answered 202. */
  CREATED("created"),
  /** The session's Deployment and Service exist in Kubernetes. */
  PROVISIONED("provisioned"),
  /** The session's pod reports the Ready condition. */
  POD_READY("podReady"),
  /** The API reports the session's state as running. */
  RUNNING("running"),
  /** The VNC tunnel answered the RFB handshake up to ServerInit. */
  TUNNEL_UP("tunnelUp"),
  /** The delete request was answered 202. */
  TERMINATED("terminated"),
  /** The session's Deployment, Service and Pod are gone; measured since the delete was sent. */
  CLEANED_UP("cleanedUp");

  private final String id;

  Phase(String id) {
    this.id = id;
  }

  /** The plan and report name, e.g. {@code podReady}. */
  public String id() {
    return id;
  }

  public static Optional<Phase> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }
}
