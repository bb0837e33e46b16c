package io.loadstone.worker.kube;

/** One line for a failure that fabric8 wrapped in a few layers: the outer cause, and the innermost one. */
final class Causes {
  private Causes() {
  }

  /** The innermost cause's class and message: fabric8 wraps connection errors in a few layers. */
  static String summary(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String text = root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    return root == cause ? text : summaryTop(cause) + " <- " + text;
  }

  private static String summaryTop(Throwable cause) {
    String message = cause.getMessage();
    if (message != null && message.length() > 200) {
      message = message.substring(0, 200) + "...";
    }
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
