package io.loadstone.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Where a running sandbox is and how to log in: what {@code --endpoints-file} holds, so scripts and other JVMs
 * can find it. {@link #toString()} redacts the password; {@link #toJson()} carries it (the file is private).
 */
public record SandboxEndpoints(String api, String kubernetes, String namespace, String username, String password,
                               List<String> agents) {

  /**
   * A kubeconfig whose current context reaches this sandbox's Kubernetes API in its namespace, without credentials (the
   * sandbox's API asks for none): what a plan's {@code target.kubeconfig} names when the sandbox plays the platform.
   */
  public String kubeconfigYaml() {
    return """
        apiVersion: v1
        kind: Config
        clusters: [{name: sandbox, cluster: {server: "%s"}}]
        users: [{name: loadstone, user: {}}]
        contexts: [{name: sandbox, context: {cluster: sandbox, user: loadstone, namespace: %s}}]
        current-context: sandbox
        """.formatted(kubernetes, namespace);
  }

  public JsonObject toJson() {
    return new JsonObject().put("api", api).put("kubernetes", kubernetes).put("namespace", namespace)
        .put("username", username).put("password", password).put("agents", new JsonArray(agents));
  }

  public static SandboxEndpoints fromJson(JsonObject json) {
    return new SandboxEndpoints(json.getString("api"), json.getString("kubernetes"), json.getString("namespace"),
        json.getString("username"), json.getString("password"),
        json.getJsonArray("agents", new JsonArray()).stream().map(Object::toString).toList());
  }

  @Override
  public String toString() {
    return "SandboxEndpoints[api=" + api + ", kubernetes=" + kubernetes + ", namespace=" + namespace + ", username="
        + username + ", password=***, agents=" + agents + "]";
  }
}
