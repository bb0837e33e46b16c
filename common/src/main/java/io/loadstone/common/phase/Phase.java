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
  CREATED("created", Origin.CREATE_SENT),
  /** The session's Deployment and Service exist in Kubernetes. */
  PROVISIONED("provisioned", Origin.CREATE_SENT),
  /** The session's pod reports the Ready condition. */
  POD_READY("podReady", Origin.CREATE_SENT),
  /** The API reports the session's state as running. */
  RUNNING("running", Origin.CREATE_SENT),
  /** The VNC tunnel answered the RFB handshake up to ServerInit. */
  TUNNEL_UP("tunnelUp", Origin.CREATE_SENT),
  /** The delete request was answered 202. */
  TERMINATED("terminated", Origin.CREATE_SENT),
  /** The session's Deployment, Service and Pod are gone; measured since the delete was sent. */
  CLEANED_UP("cleanedUp", Origin.DELETE_SENT);

  /** Which request a phase's time is measured from. */
  public enum Origin { CREATE_SENT, DELETE_SENT }

  private final String id;
  private final Origin origin;

  Phase(String id, Origin origin) {
    this.id = id;
    this.origin = origin;
  }

  /** Which request this phase's time counts from. */
  public Origin origin() {
    return origin;
  }

  /** The plan and report name, e.g. {@code podReady}. */
  public String id() {
    return id;
  }

  public static Optional<Phase> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }
}
