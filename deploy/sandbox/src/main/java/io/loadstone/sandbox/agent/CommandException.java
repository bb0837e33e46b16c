package io.loadstone.sandbox.agent;

/**
 * A command handler's failure; its message is sent verbatim as {@code failed.error}, so it must read like the
 * real agent's (e.g. {@code pod not ready: timeout waiting for pod to be ready}) and never hold a secret.
 */
final class CommandException extends RuntimeException {
  CommandException(String message) {
    super(message, null, false, false);
  }
}
