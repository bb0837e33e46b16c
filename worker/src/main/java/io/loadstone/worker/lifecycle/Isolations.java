package io.loadstone.worker.lifecycle;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.loadstone.common.message.Isolation;
import io.loadstone.common.plan.Resources;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The isolation check of one running session, from the worker's informer indexes: its own Deployment, Service and
 * exactly one Pod, all labelled with its id, no pod IP shared with another live session of the worker; every
 * container's requests = limits = the plan's resources; and the desktop name its VNC connection reached.
 */
final class Isolations {
  private Isolations() {
  }

  static Isolation check(LifecycleServices services, String sessionId, String podIp, String desktopName) {
    var kube = services.kube();
    List<Pod> pods = kube.pods(sessionId);
    String ip = podIp != null ? podIp
        : pods.stream().filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null)
            .map(p -> p.getStatus().getPodIP()).findFirst().orElse(null);
    boolean own = kube.deployment(sessionId).isPresent() && kube.service(sessionId).isPresent() && pods.size() == 1
        && (ip == null || services.peers().podIpOwnerOtherThan(ip, sessionId).isEmpty());
    boolean limits = !pods.isEmpty() && pods.stream().allMatch(p -> limitsMatch(p, services.plan().sessions().resources()));
    return new Isolation(own, limits, desktopName);
  }

  static boolean limitsMatch(Pod pod, Resources plan) {
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()) {
      return false;
    }
    for (Container c : pod.getSpec().getContainers()) {
      ResourceRequirements r = c.getResources();
      if (r == null || !matches(r.getRequests(), plan) || !matches(r.getLimits(), plan)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(Map<String, Quantity> values, Resources plan) {
    if (values == null || values.get("memory") == null || values.get("cpu") == null) {
      return false;
    }
    return same(values.get("memory"), plan.memoryBytes()) && same(values.get("cpu"), plan.cpuCores());
  }

  private static boolean same(Quantity q, BigDecimal expected) {
    try {
      return q.getNumericalAmount().compareTo(expected) == 0;
    } catch (ArithmeticException | IllegalArgumentException e) {
      return false;
    }
  }
}
