package io.loadstone.worker.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** What a session's lifecycle reads from the observed Kubernetes objects, by session id (pod name for Events). */
public interface KubeIndex {
  Optional<Deployment> deployment(String sessionId);

  Optional<Service> service(String sessionId);

  List<Pod> pods(String sessionId);

  /**
   * The Events about the pod {@code podName} (at most the last 16, oldest first): evidence, read when a diagnosis
   * needs them.
   */
  Future<List<Event>> podEvents(String podName);
}
