package io.loadstone.worker.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /api/v1/sessions}. Null fields are left out, so the platform applies its defaults
 * (memory 2Gi, cpu 1000m, persistentHome true).
 *
 * @param user           owner of the session (required by the platform)
 * @param template       template name, e.g. {@code firefox-browser}
 * @param resources      requested memory and cpu, or null
 * @param persistentHome whether the platform creates a home PVC; null = the platform's default (true)
 * @param tags           free tags, e.g. {@code loadstone-run=<run id>}
 */
public record CreateSessionRequest(String user, String template, Resources resources, Boolean persistentHome,
                                   List<String> tags) {

  /** Kubernetes quantities as strings, e.g. {@code 512Mi} and {@code 250m}; either may be null. */
  public record Resources(String memory, String cpu) {
  }

  public CreateSessionRequest {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(template, "template");
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  JsonObject toJson() {
    JsonObject body = new JsonObject().put("user", user).put("template", template);
    if (resources != null) {
      JsonObject r = new JsonObject();
      if (resources.memory() != null) {
        r.put("memory", resources.memory());
      }
      if (resources.cpu() != null) {
        r.put("cpu", resources.cpu());
      }
      body.put("resources", r);
    }
    if (persistentHome != null) {
      body.put("persistentHome", persistentHome);
    }
    if (!tags.isEmpty()) {
      body.put("tags", new JsonArray(tags));
    }
    return body;
  }
}
