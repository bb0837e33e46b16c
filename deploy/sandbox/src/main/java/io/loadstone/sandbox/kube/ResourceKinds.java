package io.loadstone.sandbox.kube;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fixed set of resource types the sandbox serves, looked up by (group, version, plural). */
final class ResourceKinds {

  static final ResourceKind PODS = core("pods", "pod", "Pod", true, false, "po");
  static final ResourceKind SERVICES = core("services", "service", "Service", true, false, "svc");
  static final ResourceKind PVCS =
      core("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, false, "pvc");
  static final ResourceKind EVENTS = core("events", "event", "Event", false, false, "ev");
  static final ResourceKind CONFIGMAPS = core("configmaps", "configmap", "ConfigMap", false, false, "cm");
  static final ResourceKind SECRETS = core("secrets", "secret", "Secret", false, false);
  static final ResourceKind DEPLOYMENTS =
      new ResourceKind("apps", "v1", "deployments", "deployment", "Deployment", true, true, true, List.of("deploy"));
  static final ResourceKind REPLICASETS =
      new ResourceKind("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, true, true, List.of("rs"));
  static final ResourceKind SESSIONS = new ResourceKind("stream.space", "v1alpha1", "sessions", "session", "Session",
      true, true, false, List.of("ss"));
  static final ResourceKind TEMPLATES = new ResourceKind("stream.space", "v1alpha1", "templates", "template",
      "Template", true, true, false, List.of("tpl"));

  static final List<ResourceKind> ALL =
      List.of(PODS, SERVICES, PVCS, EVENTS, CONFIGMAPS, SECRETS, DEPLOYMENTS, REPLICASETS, SESSIONS, TEMPLATES);

  private static final Map<String, ResourceKind> BY_PATH = new LinkedHashMap<>();

  static {
    for (ResourceKind kind : ALL) {
      BY_PATH.put(key(kind.group(), kind.version(), kind.plural()), kind);
    }
  }

  private ResourceKinds() {
  }

  static Optional<ResourceKind> find(String group, String version, String plural) {
    return Optional.ofNullable(BY_PATH.get(key(group, version, plural)));
  }

  /** Group/versions served, in discovery order: {@code v1}, {@code apps/v1}, {@code stream.space/v1alpha1}. */
  static List<String> groupVersions() {
    return ALL.stream().map(ResourceKind::apiVersion).distinct().toList();
  }

  static List<ResourceKind> inGroupVersion(String group, String version) {
    return ALL.stream().filter(k -> k.group().equals(group) && k.version().equals(version)).toList();
  }

  private static ResourceKind core(String plural, String singular, String kind, boolean hasStatus, boolean hasScale,
                                   String... shortNames) {
    return new ResourceKind("", "v1", plural, singular, kind, true, hasStatus, hasScale, List.of(shortNames));
  }

  private static String key(String group, String version, String plural) {
    return group + "/" + version + "/" + plural;
  }
}
