package io.loadstone.cli;

import io.loadstone.common.input.InvalidInputException;
import java.net.BindException;

/** Maps failures to the documented exit codes, and to one line a person can act on. */
final class ExitCodes {
  private ExitCodes() {
  }

  static int forException(Throwable t) {
    if (t instanceof picocli.CommandLine.ParameterException) {
      return Main.EXIT_USAGE;
    }
    Throwable root = root(t);
    if (root instanceof InvalidInputException || root instanceof IllegalArgumentException) {
      return Main.EXIT_USAGE;
    }
    return Main.EXIT_INFRASTRUCTURE;
  }

  static String describe(Throwable t) {
    Throwable root = root(t);
    if (root instanceof BindException) {
      return "cannot listen: " + root.getMessage() + " (is the port taken? --port 0 picks a free one)";
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }

  private static Throwable root(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r && !(r instanceof InvalidInputException)) {
      r = r.getCause();
    }
    return r;
  }
}
