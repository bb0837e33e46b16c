package io.loadstone.common.input;

import java.util.List;

/**
 * An input file (plan, sandbox config) that cannot be used, with every problem found in it. Each problem reads
 * {@code <field path>: expected <what>, got <found>}; the message prefixes each with the source (the file name),
 * one per line, so it can be printed as is. Problems never contain a secret's value.
 */
public class InvalidInputException extends IllegalArgumentException {
  private final String source;
  private final List<String> problems;

  public InvalidInputException(String source, List<String> problems) {
    super(source + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "\n  "
        + String.join("\n  ", problems.stream().map(p -> source + ": " + p).toList()));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** The file name (or other label) the input came from. */
  public String source() {
    return source;
  }

  /** The problems, without the source prefix, in the order they were found. */
  public List<String> problems() {
    return problems;
  }

  /** The problems as printed: {@code plan.yaml: sessions.count: expected an integer >= 1, got 0}. */
  public List<String> lines() {
    return problems.stream().map(p -> source + ": " + p).toList();
  }
}
