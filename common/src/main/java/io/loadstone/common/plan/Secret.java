package io.loadstone.common.plan;

import java.util.Objects;

/**
 * A secret value read at run time (from an environment variable or a file), never from the plan. It prints as
 * {@code ***} so that it cannot reach a log line or a report by accident; only {@link #reveal()} gives the value.
 */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The value, for the one place that must send it (the login request). */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "***";
  }
}
