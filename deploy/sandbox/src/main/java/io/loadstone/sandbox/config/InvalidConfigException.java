package io.loadstone.sandbox.config;

import java.util.List;

/** A config that cannot be used, with every problem found in it. */
public class InvalidConfigException extends IllegalArgumentException {
  private final String source;
  private final List<String> problems;

  public InvalidConfigException(String source, List<String> problems) {
    super(source + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "\n  "
        + String.join("\n  ", problems.stream().map(p -> source + ": " + p).toList()));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  public String source() {
    return source;
  }

  public List<String> problems() {
    return problems;
  }
}
