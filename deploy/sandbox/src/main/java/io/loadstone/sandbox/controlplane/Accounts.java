package io.loadstone.sandbox.controlplane;

import io.loadstone.sandbox.config.UserSpec;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The platform's accounts: {@code admin} (role admin) plus the configured users. Passwords are compared in constant
 * time and never leave this class; {@link #toJson} is the platform's user object without them.
 */
final class Accounts {
  private final Map<String, UserSpec> users = new LinkedHashMap<>();
  private final Instant createdAt = Instant.now();

  Accounts(String adminPassword, List<UserSpec> configured) {
    users.put("admin", new UserSpec("admin", adminPassword, "admin", false));
    configured.forEach(u -> users.put(u.username(), u));
  }

  /** The account whose password matches; empty for an unknown user or a wrong password alike. */
  Optional<UserSpec> verify(String username, String password) {
    UserSpec user = users.get(username);
    if (user == null) {
      return Optional.empty();
    }
    boolean same = MessageDigest.isEqual(user.password().getBytes(StandardCharsets.UTF_8),
        password.getBytes(StandardCharsets.UTF_8));
    return same ? Optional.of(user) : Optional.empty();
  }

  Optional<UserSpec> find(String username) {
    return Optional.ofNullable(users.get(username));
  }

  JsonObject toJson(UserSpec user) {
    return new JsonObject()
        .put("id", UUID.nameUUIDFromBytes(("user:" + user.username()).getBytes(StandardCharsets.UTF_8)).toString())
        .put("username", user.username())
        .put("email", user.username() + "@streamspace.local")
        .put("fullName", user.username())
        .put("role", user.role())
        .put("provider", "local")
        .put("active", !user.disabled())
        .put("createdAt", createdAt.toString())
        .put("updatedAt", createdAt.toString());
  }
}
