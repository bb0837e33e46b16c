package io.loadstone.common.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A check run on every session once it is running. */
public enum Check {
  /**
   * The session has its own Deployment, Service and Pod (no object or pod IP shared with another session), and
   * its pod's requests and limits equal the plan's resources. With {@link #VNC} also on, the desktop name must be
   * the session's own id.
   */
  ISOLATION("isolation"),
  /** The VNC tunnel completes the RFB handshake and delivers a first frame. */
  VNC("vnc");

  private final String id;

  Check(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<Check> byId(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(Check::id).toList();
  }
}
