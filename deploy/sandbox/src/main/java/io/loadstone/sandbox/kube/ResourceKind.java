package io.loadstone.sandbox.kube;

import java.util.List;

/**
 * One resource type the sandbox's API server serves, described as a real server's discovery would.
 *
 * @param group        API group; empty for the core group
 * @param version      API version within the group
 * @param plural       resource name in URLs ({@code pods})
 * @param singular     singular name ({@code pod})
 * @param kind         object kind ({@code Pod})
 * @param namespaced   always true here: the sandbox serves no cluster-scoped resources
 * @param hasStatus    the type has a {@code /status} subresource, so the main resource ignores {@code .status}
 * @param hasScale     the type has a {@code /scale} subresource ({@code spec.replicas})
 * @param shortNames   kubectl short names, for discovery only
 */
record ResourceKind(String group, String version, String plural, String singular, String kind, boolean namespaced,
                    boolean hasStatus, boolean hasScale, List<String> shortNames) {

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  String listKind() {
    return kind + "List";
  }

  /** The name real error messages use: {@code pods} in the core group, {@code deployments.apps} elsewhere. */
  String qualifiedResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  boolean isPod() {
    return group.isEmpty() && "pods".equals(plural);
  }

  boolean isService() {
    return group.isEmpty() && "services".equals(plural);
  }
}
