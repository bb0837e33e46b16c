package io.loadstone.sandbox.kube;

import io.vertx.core.json.JsonObject;

/** Told of every committed change of the sandbox's Kubernetes API server. */
@FunctionalInterface
public interface KubeChangeListener {

  /**
   * Called synchronously on the server's context after every committed change, in commit order, before any watcher
   * hears of it. Must not block.
   *
   * @param type     {@code ADDED}, {@code MODIFIED} or {@code DELETED}
   * @param resource plural resource name, e.g. {@code pods}, {@code deployments}, {@code sessions}
   * @param object   the object as committed (for DELETED: its last state); a copy the listener may keep
   */
  void onChange(String type, String resource, JsonObject object);
}
