package io.loadstone.common.plan;

import io.loadstone.common.input.InvalidInputException;
import java.util.List;

/** A plan that cannot be run, with every problem found in it (see {@link InvalidInputException}). */
public class InvalidPlanException extends InvalidInputException {
  public InvalidPlanException(String source, List<String> problems) {
    super(source, problems);
  }
}
