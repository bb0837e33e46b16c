package io.loadstone.worker.platform;

/**
 * No answer from the platform: connection refused, unknown host, TLS failure, connection closed, or no complete
 * answer within the request timeout. {@code url} never carries a token.
 */
public final class PlatformUnreachableException extends RuntimeException {
  private final String operation;
  private final String url;

  public PlatformUnreachableException(String operation, String url, Throwable cause) {
    super(operation + ": platform unreachable at " + url + ": " + describe(cause), cause);
    this.operation = operation;
    this.url = url;
  }

  public String operation() {
    return operation;
  }

  public String url() {
    return url;
  }

  static String describe(Throwable cause) {
    if (cause == null) {
      return "no cause";
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
  }
}
