package io.loadstone.common.plan;

import java.math.BigDecimal;

/**
 * What each session asks for; the platform sets the pod's requests and limits to these, and the isolation check
 * compares them. Values are Kubernetes quantities, already validated.
 *
 * @param memory e.g. {@code 512Mi}
 * @param cpu    e.g. {@code 250m}
 */
public record Resources(String memory, String cpu) {
  /** The platform's defaults when a create request names no resources. */
  public static final Resources PLATFORM_DEFAULTS = new Resources("2Gi", "1000m");

  public BigDecimal memoryBytes() {
    return Quantities.memoryBytes(memory).orElseThrow();
  }

  public BigDecimal cpuCores() {
    return Quantities.cpuCores(cpu).orElseThrow();
  }
}
