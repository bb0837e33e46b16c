package io.loadstone.sandbox;

import io.loadstone.sandbox.kube.KubeChangeListener;
import io.loadstone.sandbox.truth.GroundTruth;
import io.loadstone.sandbox.truth.TruthEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Writes the Kubernetes side of the ground truth from the API server's own commit stream, so each time is the
 * moment the object changed in the store (not when some watcher happened to see it).
 */
final class TruthRecorder implements KubeChangeListener {
  private final GroundTruth truth;

  TruthRecorder(GroundTruth truth) {
    this.truth = truth;
  }

  @Override
  public void onChange(String type, String resource, JsonObject object) {
    String session = sessionOf(resource, object);
    if (session == null) {
      return;
    }
    boolean added = "ADDED".equals(type);
    boolean deleted = "DELETED".equals(type);
    switch (resource) {
      case "deployments" -> mark(session, added, deleted, TruthEvent.DEPLOYMENT_CREATED, TruthEvent.DEPLOYMENT_GONE);
      case "services" -> mark(session, added, deleted, TruthEvent.SERVICE_CREATED, TruthEvent.SERVICE_GONE);
      case "persistentvolumeclaims" -> mark(session, false, deleted, null, TruthEvent.PVC_GONE);
      case "sessions" -> mark(session, false, deleted, null, TruthEvent.SESSION_CR_GONE);
      case "pods" -> {
        mark(session, added, deleted, TruthEvent.POD_CREATED, TruthEvent.POD_GONE);
        if (!deleted && isReady(object)) {
          String name = object.getJsonObject("metadata", new JsonObject()).getString("name");
          truth.sessionAttribute(session, "podName", name);
          truth.sessionAttribute(session, "podIP", object.getJsonObject("status", new JsonObject()).getString("podIP"));
          truth.session(session, TruthEvent.POD_READY);
        }
      }
      default -> {
      }
    }
  }

  private void mark(String session, boolean added, boolean deleted, TruthEvent onAdd, TruthEvent onDelete) {
    if (added && onAdd != null) {
      truth.session(session, onAdd);
    } else if (deleted && onDelete != null) {
      truth.session(session, onDelete);
    }
  }

  private static String sessionOf(String resource, JsonObject object) {
    JsonObject metadata = object.getJsonObject("metadata", new JsonObject());
    JsonObject labels = metadata.getJsonObject("labels");
    if (labels != null && labels.getString("session") != null) {
      return labels.getString("session");
    }
    String name = metadata.getString("name");
    if (name == null) {
      return null;
    }
    if ("sessions".equals(resource)) {
      return name;
    }
    if ("persistentvolumeclaims".equals(resource) && name.endsWith("-home")) {
      return name.substring(0, name.length() - "-home".length());
    }
    return null;
  }

  private static boolean isReady(JsonObject pod) {
    JsonArray conditions = pod.getJsonObject("status", new JsonObject()).getJsonArray("conditions");
    if (conditions == null) {
      return false;
    }
    for (Object c : conditions) {
      if (c instanceof JsonObject cond && "Ready".equals(cond.getString("type")) && "True".equals(cond.getString("status"))) {
        return true;
      }
    }
    return false;
  }
}
