package io.loadstone.worker.platform;

/**
 * The platform refused the credentials: 401 {@code Invalid credentials}, or 403 {@code Account is disabled}. Carries
 * neither the password nor a token.
 */
public final class LoginRefusedException extends PlatformException {
  public LoginRefusedException(int status, String error, String platformMessage, String bodyExcerpt) {
    super("login", status, error, platformMessage, bodyExcerpt);
  }
}
