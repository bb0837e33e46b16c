package io.loadstone.orchestrator.report;

import java.util.Objects;

/**
 * An object still present after its session was deleted: retained by design, or leaked.
 *
 * @param kind    what it is
 * @param name    its Kubernetes name
 * @param session the slot id of the session it belongs to (e.g. {@code s0001}), or null if unknown
 * @param why     why it is there, for people: {@code kept by design: home PVC}, {@code still present 60s after delete}
 */
public record RemainingResource(ResourceKind kind, String name, String session, String why) {
  public RemainingResource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    why = why == null ? "" : Redaction.apply(why);
  }
}
