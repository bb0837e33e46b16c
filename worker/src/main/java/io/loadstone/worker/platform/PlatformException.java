package io.loadstone.worker.platform;

/**
 * The platform answered, but not with success: which operation, the HTTP status, the platform's {@code error} and
 * {@code message} fields (null when the body had none) and the first 200 characters of the body.
 */
public class PlatformException extends RuntimeException {
  public static final int EXCERPT_CHARS = 200;

  private final String operation;
  private final int status;
  private final String error;
  private final String platformMessage;
  private final String bodyExcerpt;

  public PlatformException(String operation, int status, String error, String platformMessage, String bodyExcerpt) {
    super(describe(operation, status, error, platformMessage, bodyExcerpt));
    this.operation = operation;
    this.status = status;
    this.error = error;
    this.platformMessage = platformMessage;
    this.bodyExcerpt = bodyExcerpt;
  }

  private static String describe(String operation, int status, String error, String message, String excerpt) {
    StringBuilder out = new StringBuilder(operation).append(" failed: HTTP ").append(status);
    if (error != null) {
      out.append(' ').append(error);
    }
    if (message != null) {
      out.append(": ").append(message);
    }
    if (error == null && message == null && excerpt != null && !excerpt.isEmpty()) {
      out.append(", body: ").append(excerpt);
    }
    return out.toString();
  }

  /** e.g. {@code createSession}, {@code login} */
  public String operation() {
    return operation;
  }

  public int status() {
    return status;
  }

  /** the platform's {@code error} field, e.g. {@code No agents available} */
  public String error() {
    return error;
  }

  /** the platform's {@code message} field */
  public String platformMessage() {
    return platformMessage;
  }

  /** the first {@value #EXCERPT_CHARS} characters of the body */
  public String bodyExcerpt() {
    return bodyExcerpt;
  }
}
