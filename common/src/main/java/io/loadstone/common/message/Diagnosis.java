package io.loadstone.common.message;

import java.util.List;
import java.util.Objects;

/**
 * Why a session failed: a stable code (e.g. {@code start-command-lost}, {@code pod-not-ready},
 * {@code vnc-cross-wired}) and the evidence lines that support it, as a person would quote them.
 */
public record Diagnosis(String code, List<String> evidence) {
  public Diagnosis {
    Objects.requireNonNull(code, "code");
    evidence = List.copyOf(evidence);
  }
}
