package io.loadstone.common.plan;

/**
 * A secret the plan points to could not be read: the message names the plan field and the environment variable
 * or file, never a value.
 */
public class MissingSecretException extends IllegalArgumentException {
  public MissingSecretException(String message) {
    super(message);
  }
}
