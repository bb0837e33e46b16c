package io.loadstone.sandbox.kube;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The discovery documents of a real API server ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/{g}},
 * {@code /apis/{g}/{v}}, {@code /version}), generated from {@link ResourceKinds}. fabric8 reads them to map a
 * kind to its plural for generic resources (e.g. {@code stream.space/v1alpha1 Session} to {@code sessions}).
 */
final class Discovery {

  static final String KUBERNETES_VERSION = "v1.31.0";
  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  private Discovery() {
  }

  static JsonObject coreVersions(String serverAddress) {
    return new JsonObject().put("kind", "APIVersions").put("versions", new JsonArray().add("v1"))
        .put("serverAddressByClientCIDRs", new JsonArray().add(new JsonObject().put("clientCIDR", "0.0.0.0/0")
            .put("serverAddress", serverAddress)));
  }

  static JsonObject groupList() {
    JsonArray groups = new JsonArray();
    for (String group : groups()) {
      groups.add(group(group));
    }
    return new JsonObject().put("kind", "APIGroupList").put("apiVersion", "v1").put("groups", groups);
  }

  static Optional<JsonObject> group(String name, boolean withKind) {
    if (!groups().contains(name)) {
      return Optional.empty();
    }
    JsonObject group = group(name);
    return Optional.of(withKind ? group.put("kind", "APIGroup").put("apiVersion", "v1") : group);
  }

  static Optional<JsonObject> resourceList(String group, String version) {
    List<ResourceKind> kinds = ResourceKinds.inGroupVersion(group, version);
    if (kinds.isEmpty()) {
      return Optional.empty();
    }
    JsonArray resources = new JsonArray();
    for (ResourceKind kind : kinds) {
      resources.add(new JsonObject().put("name", kind.plural()).put("singularName", kind.singular())
          .put("namespaced", kind.namespaced()).put("kind", kind.kind()).put("verbs", new JsonArray(VERBS))
          .put("shortNames", new JsonArray(kind.shortNames())).put("storageVersionHash", ""));
      if (kind.hasStatus()) {
        resources.add(subresource(kind.plural() + "/status", kind.kind(), kind));
      }
      if (kind.hasScale()) {
        resources.add(subresource(kind.plural() + "/scale", "Scale", kind).put("group", "autoscaling")
            .put("version", "v1"));
      }
    }
    String groupVersion = group.isEmpty() ? version : group + "/" + version;
    return Optional.of(new JsonObject().put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", groupVersion).put("resources", resources));
  }

  static JsonObject version() {
    return new JsonObject().put("major", "1").put("minor", "31").put("gitVersion", KUBERNETES_VERSION)
        .put("gitCommit", "loadstone-sandbox").put("gitTreeState", "clean").put("buildDate", "2025-01-01T00:00:00Z")
        .put("goVersion", "go1.22.5").put("compiler", "gc").put("platform", "linux/amd64");
  }

  private static JsonObject subresource(String name, String kindName, ResourceKind kind) {
    return new JsonObject().put("name", name).put("singularName", "").put("namespaced", kind.namespaced())
        .put("kind", kindName).put("verbs", new JsonArray(SUBRESOURCE_VERBS));
  }

  private static JsonObject group(String name) {
    JsonArray versions = new JsonArray();
    JsonObject preferred = null;
    for (ResourceKind kind : ResourceKinds.ALL) {
      if (kind.group().equals(name)) {
        JsonObject version = new JsonObject().put("groupVersion", kind.apiVersion()).put("version", kind.version());
        if (!versions.contains(version)) {
          versions.add(version);
        }
        if (preferred == null) {
          preferred = version;
        }
      }
    }
    return new JsonObject().put("name", name).put("versions", versions).put("preferredVersion", preferred);
  }

  private static Set<String> groups() {
    Set<String> groups = new LinkedHashSet<>();
    for (ResourceKind kind : ResourceKinds.ALL) {
      if (!kind.group().isEmpty()) {
        groups.add(kind.group());
      }
    }
    return groups;
  }
}
