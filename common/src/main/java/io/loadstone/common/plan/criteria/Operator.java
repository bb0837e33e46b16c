package io.loadstone.common.plan.criteria;

import java.util.Arrays;
import java.util.Optional;

/** A comparison of the actual value (left) with the criterion's threshold (right). */
public enum Operator {
  EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** {@code actual <op> threshold}, treating values closer than {@code tolerance} as equal. */
  public boolean test(double actual, double threshold, double tolerance) {
    boolean equal = Math.abs(actual - threshold) <= tolerance;
    return switch (this) {
      case EQ -> equal;
      case NE -> !equal;
      case LT -> actual < threshold && !equal;
      case LE -> actual < threshold || equal;
      case GT -> actual > threshold && !equal;
      case GE -> actual > threshold || equal;
    };
  }

  public static Optional<Operator> bySymbol(String symbol) {
    return Arrays.stream(values()).filter(o -> o.symbol.equals(symbol)).findFirst();
  }
}
