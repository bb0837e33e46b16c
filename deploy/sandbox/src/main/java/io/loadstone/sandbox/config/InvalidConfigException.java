package io.loadstone.sandbox.config;

import io.loadstone.common.input.InvalidInputException;
import java.util.List;

/** A sandbox config that cannot be used, with every problem found in it (see {@link InvalidInputException}). */
public class InvalidConfigException extends InvalidInputException {
  public InvalidConfigException(String source, List<String> problems) {
    super(source, problems);
  }
}
