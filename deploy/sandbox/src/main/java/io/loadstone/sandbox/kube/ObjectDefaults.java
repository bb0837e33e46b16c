package io.loadstone.sandbox.kube;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a real API server's defaulting and create strategies add to a new object: the status a type starts with
 * (the status subresource means a create cannot set status: Pods start {@code Pending}, custom resources start
 * without status), a handful of spec defaults clients commonly read back, and a Service's cluster IP.
 * <p>
 * Simplification: only the defaults listed here are applied; a real server sets many more (security contexts,
 * image pull policies, ...).
 */
final class ObjectDefaults {

  private final ClusterIpAllocator clusterIps;

  ObjectDefaults(ClusterIpAllocator clusterIps) {
    this.clusterIps = clusterIps;
  }

  void applyOnCreate(ResourceKind kind, JsonObject object, KubeStore store) {
    if (kind.hasStatus()) {
      object.remove("status");
    }
    JsonObject spec = object.getJsonObject("spec");
    switch (kind.plural()) {
      case "pods" -> {
        if (spec != null) {
          podSpec(spec);
        }
        object.put("status", new JsonObject().put("phase", "Pending").put("qosClass", qosClass(spec)));
      }
      case "services" -> {
        service(object, spec == null ? new JsonObject() : spec, store);
        object.put("status", new JsonObject().put("loadBalancer", new JsonObject()));
      }
      case "persistentvolumeclaims" -> {
        if (spec != null && spec.getValue("volumeMode") == null) {
          spec.put("volumeMode", "Filesystem");
        }
        object.put("status", new JsonObject().put("phase", "Pending"));
      }
      case "deployments" -> {
        if (spec != null) {
          putIfAbsent(spec, "replicas", 1);
          putIfAbsent(spec, "revisionHistoryLimit", 10);
          putIfAbsent(spec, "progressDeadlineSeconds", 600);
          putIfAbsent(spec, "strategy", new JsonObject().put("type", "RollingUpdate").put("rollingUpdate",
              new JsonObject().put("maxUnavailable", "25%").put("maxSurge", "25%")));
          podTemplate(spec);
        }
        object.put("status", new JsonObject());
      }
      case "replicasets" -> {
        if (spec != null) {
          putIfAbsent(spec, "replicas", 1);
          podTemplate(spec);
        }
        object.put("status", new JsonObject().put("replicas", 0));
      }
      case "secrets" -> putIfAbsent(object, "type", "Opaque");
      default -> {
        // custom resources, events and configmaps get nothing beyond the status rule above
      }
    }
  }

  /** On update a Service keeps its cluster IP: copied when the new object omits it, refused when it changes it. */
  void preserveOnUpdate(ResourceKind kind, JsonObject existing, JsonObject next) {
    if (!kind.isService()) {
      return;
    }
    JsonObject oldSpec = existing.getJsonObject("spec", new JsonObject());
    JsonObject newSpec = next.getJsonObject("spec");
    if (newSpec == null) {
      newSpec = new JsonObject();
      next.put("spec", newSpec);
    }
    String oldIp = oldSpec.getString("clusterIP");
    String newIp = newSpec.getString("clusterIP");
    if (newIp == null || newIp.isEmpty()) {
      if (oldIp != null) {
        newSpec.put("clusterIP", oldIp);
        newSpec.put("clusterIPs", oldSpec.getJsonArray("clusterIPs", new JsonArray().add(oldIp)).copy());
      }
    } else if (!newIp.equals(oldIp)) {
      throw KubeApiException.invalid(kind, KubeObjects.name(existing), "spec.clusterIPs[0]", "Invalid value",
          "\"" + newIp + "\": may not change once set");
    }
  }

  private void service(JsonObject object, JsonObject spec, KubeStore store) {
    object.put("spec", spec);
    putIfAbsent(spec, "type", "ClusterIP");
    putIfAbsent(spec, "sessionAffinity", "None");
    JsonArray ports = spec.getJsonArray("ports");
    if (ports != null) {
      for (Object item : ports) {
        if (item instanceof JsonObject port) {
          putIfAbsent(port, "protocol", "TCP");
          if (port.getValue("targetPort") == null && port.getValue("port") != null) {
            port.put("targetPort", port.getValue("port"));
          }
        }
      }
    }
    String requested = spec.getString("clusterIP");
    if ("None".equals(requested)) {
      spec.put("clusterIPs", new JsonArray().add("None"));
      return;
    }
    String name = KubeObjects.name(object);
    String ip;
    if (requested == null || requested.isEmpty()) {
      ip = clusterIps.allocate(store);
    } else {
      clusterIps.checkRequested(store, name, requested);
      ip = requested;
    }
    spec.put("clusterIP", ip).put("clusterIPs", new JsonArray().add(ip));
    putIfAbsent(spec, "ipFamilies", new JsonArray().add("IPv4"));
    putIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
    putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
  }

  private static void podTemplate(JsonObject spec) {
    JsonObject template = spec.getJsonObject("template");
    JsonObject podSpec = template == null ? null : template.getJsonObject("spec");
    if (podSpec != null) {
      podSpec(podSpec);
    }
  }

  private static void podSpec(JsonObject spec) {
    putIfAbsent(spec, "restartPolicy", "Always");
    putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
    putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
    putIfAbsent(spec, "schedulerName", "default-scheduler");
    JsonArray containers = spec.getJsonArray("containers");
    if (containers != null) {
      for (Object item : containers) {
        if (item instanceof JsonObject container) {
          JsonArray ports = container.getJsonArray("ports");
          if (ports != null) {
            for (Object port : ports) {
              if (port instanceof JsonObject p) {
                putIfAbsent(p, "protocol", "TCP");
              }
            }
          }
        }
      }
    }
  }

  /** Guaranteed when every container's limits for cpu and memory are set and equal its requests. */
  private static String qosClass(JsonObject spec) {
    JsonArray containers = spec == null ? null : spec.getJsonArray("containers");
    if (containers == null || containers.isEmpty()) {
      return "BestEffort";
    }
    boolean any = false;
    boolean guaranteed = true;
    for (Object item : containers) {
      JsonObject resources = item instanceof JsonObject c ? c.getJsonObject("resources") : null;
      JsonObject limits = resources == null ? null : resources.getJsonObject("limits");
      JsonObject requests = resources == null ? null : resources.getJsonObject("requests");
      boolean hasAny = (limits != null && !limits.isEmpty()) || (requests != null && !requests.isEmpty());
      any |= hasAny;
      for (String resource : new String[] {"cpu", "memory"}) {
        Object limit = limits == null ? null : limits.getValue(resource);
        Object request = requests == null ? limit : requests.getValue(resource, limit);
        if (limit == null || !String.valueOf(limit).equals(String.valueOf(request))) {
          guaranteed = false;
        }
      }
    }
    if (!any) {
      return "BestEffort";
    }
    return guaranteed ? "Guaranteed" : "Burstable";
  }

  private static void putIfAbsent(JsonObject object, String key, Object value) {
    if (object.getValue(key) == null) {
      object.put(key, value);
    }
  }
}
