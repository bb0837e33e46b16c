package io.loadstone.common.plan.criteria;

import java.util.Arrays;
import java.util.Optional;

/** Whole-run figures that are decimals, compared with a decimal number ({@code agents.variance: "<= 1.5"}). */
public enum Gauge {
  /** Population variance of the sessions placed per agent, every listed agent counted (those given none as 0). */
  AGENTS_VARIANCE("agents.variance"),
  /** Most sessions placed on one agent minus fewest. */
  AGENTS_SPREAD("agents.spread");

  private final String id;

  Gauge(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<Gauge> byId(String id) {
    return Arrays.stream(values()).filter(g -> g.id.equals(id)).findFirst();
  }
}
