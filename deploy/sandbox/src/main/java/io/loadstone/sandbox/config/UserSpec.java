package io.loadstone.sandbox.config;

/** A platform account. {@code toString} never shows the password. */
public record UserSpec(String username, String password, String role, boolean disabled) {
  @Override
  public String toString() {
    return "UserSpec[username=" + username + ", role=" + role + ", disabled=" + disabled + ", password=***]";
  }
}
