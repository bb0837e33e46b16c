package io.loadstone.worker.lifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;

/** Reading a pod's status the way kubectl does. */
final class Pods {
  private Pods() {
  }

  /** True when the pod has the condition {@code Ready=True}. */
  static boolean isReady(Pod pod) {
    return conditions(pod).stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static List<PodCondition> conditions(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return List.of();
    }
    return pod.getStatus().getConditions();
  }
}
