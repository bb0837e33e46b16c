package io.loadstone.orchestrator.report;

/**
 * Kinds of object a session leaves behind or should not. Deployment, Service and Pod must be gone after a delete
 * (leaked otherwise); the home PVC and the Session custom resource are kept by the platform by design (retained).
 */
public enum ResourceKind {
  DEPLOYMENT("deployment", "Deployment"),
  SERVICE("service", "Service"),
  POD("pod", "Pod"),
  PVC("pvc", "PVC"),
  SESSION_CR("sessionCr", "Session CR");

  private final String id;
  private final String displayName;

  ResourceKind(String id, String displayName) {
    this.id = id;
    this.displayName = displayName;
  }

  /** The key in {@code results.json}; matches the plan counters ({@code retained.pvc}, {@code retained.sessionCr}). */
  public String id() {
    return id;
  }

  /** The name people read, e.g. {@code Session CR}. */
  public String displayName() {
    return displayName;
  }

  /** True for the kinds the platform keeps after a delete on purpose. */
  public boolean keptByDesign() {
    return this == PVC || this == SESSION_CR;
  }
}
