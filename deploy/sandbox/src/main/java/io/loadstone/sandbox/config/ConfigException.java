package io.loadstone.sandbox.config;

/** A bad value in a sandbox config: which field, what was expected, what was found. */
public class ConfigException extends IllegalArgumentException {
  private final String field;

  public ConfigException(String field, String expected, String found) {
    super(field + ": expected " + expected + ", got " + found);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
