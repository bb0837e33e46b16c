package io.loadstone.sandbox.kube;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The options of a DELETE, from its body ({@code DeleteOptions}) and/or its query; the body wins where both are
 * given.
 *
 * @param gracePeriodSeconds null = the object's default (a pod's terminationGracePeriodSeconds, else 30)
 * @param propagationPolicy  {@code Foreground}, {@code Background}, {@code Orphan} or null (= Background)
 * @param preconditionUid    delete only if the object's uid is this one
 * @param preconditionVersion delete only if the object's resourceVersion is this one
 */
record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
                     String preconditionVersion) {

  static DeleteOptions parse(Buffer body, MultiMap query) {
    Long grace = parseLong(query.get("gracePeriodSeconds"), "gracePeriodSeconds");
    String policy = query.get("propagationPolicy");
    String uid = null;
    String version = null;
    if (body != null && body.length() > 0) {
      JsonObject options = Patches.parseObject(body);
      if (options.getValue("gracePeriodSeconds") != null) {
        grace = options.getLong("gracePeriodSeconds");
      }
      if (options.getString("propagationPolicy") != null) {
        policy = options.getString("propagationPolicy");
      }
      if (policy == null && options.getValue("orphanDependents") != null) {
        policy = options.getBoolean("orphanDependents") ? "Orphan" : "Background";
      }
      JsonObject preconditions = options.getJsonObject("preconditions");
      if (preconditions != null) {
        uid = preconditions.getString("uid");
        version = preconditions.getString("resourceVersion");
      }
    }
    if (policy != null && !policy.equals("Foreground") && !policy.equals("Background") && !policy.equals("Orphan")) {
      throw KubeApiException.badRequest("propagationPolicy must be Foreground, Background or Orphan, got \""
          + policy + "\"");
    }
    return new DeleteOptions(grace, policy, uid, version);
  }

  boolean foreground() {
    return "Foreground".equals(propagationPolicy);
  }

  private static Long parseLong(String value, String name) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw KubeApiException.badRequest(name + " must be an integer, got \"" + value + "\"");
    }
  }
}
