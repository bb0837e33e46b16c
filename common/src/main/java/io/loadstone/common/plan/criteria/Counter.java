package io.loadstone.common.plan.criteria;

import java.util.Arrays;
import java.util.Optional;

/** Whole-run counts a criterion can gate on; each compares with a whole number. */
public enum Counter {
  /** Session objects (Deployment, Service, Pod) still present after the cleanedUp timeout. */
  LEAKED("leaked"),
  /** Sessions that failed at some phase. */
  FAILED("failed"),
  /** Objects the platform keeps by design after a delete (PVCs and Session CRs together). */
  RETAINED("retained"),
  /** Home PVCs kept after a delete. */
  RETAINED_PVC("retained.pvc"),
  /** Session custom resources kept after a delete. */
  RETAINED_SESSION_CR("retained.sessionCr");

  private final String id;

  Counter(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<Counter> byId(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }
}
