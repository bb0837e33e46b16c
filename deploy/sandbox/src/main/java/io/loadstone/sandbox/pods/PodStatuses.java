package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The pod statuses a kubelet reports at each stage, with the fields and reasons of a real one. */
final class PodStatuses {
  private PodStatuses() {
  }

  /** Bound to the node, image being pulled: Pending, container waiting in ContainerCreating. */
  static PodStatus containerCreating(Pod pod, Instant scheduledAt) {
    String at = KubeAccess.timestamp(scheduledAt);
    List<String> names = containerNames(pod);
    String notReady = "containers with unready status: " + names;
    return base(pod, "Pending", at)
        .withConditions(
            condition("PodScheduled", "True", at, null, null),
            condition("Initialized", "True", at, null, null),
            condition("Ready", "False", at, "ContainersNotReady", notReady),
            condition("ContainersReady", "False", at, "ContainersNotReady", notReady))
        .withContainerStatuses(containers(pod).stream().map(c -> new ContainerStatusBuilder()
            .withName(c.getName()).withImage(c.getImage()).withImageID("")
            .withReady(false).withStarted(false).withRestartCount(0)
            .withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState()
            .build()).toList())
        .build();
  }

  /** Running and Ready, serving on {@code podIp}. */
  static PodStatus running(Pod pod, Instant scheduledAt, Instant readyAt, String podIp) {
    String scheduled = KubeAccess.timestamp(scheduledAt);
    String ready = KubeAccess.timestamp(readyAt);
    return base(pod, "Running", scheduled)
        .withPodIP(podIp).withPodIPs(new PodIP(podIp))
        .withConditions(
            condition("PodScheduled", "True", scheduled, null, null),
            condition("Initialized", "True", scheduled, null, null),
            condition("Ready", "True", ready, null, null),
            condition("ContainersReady", "True", ready, null, null))
        .withContainerStatuses(containers(pod).stream().map(c -> runningStatus(pod, c, ready)).toList())
        .build();
  }

  private static PodStatusBuilder base(Pod pod, String phase, String startTime) {
    return new PodStatusBuilder().withPhase(phase)
        .withHostIP(KubeAccess.NODE_IP).withHostIPs(new HostIP(KubeAccess.NODE_IP))
        .withStartTime(startTime).withQosClass(qosClass(containers(pod)));
  }

  private static ContainerStatus runningStatus(Pod pod, Container c, String startedAt) {
    String digest = sha256(String.valueOf(c.getImage()));
    return new ContainerStatusBuilder()
        .withName(c.getName()).withImage(c.getImage())
        .withImageID(imageRepository(c.getImage()) + "@sha256:" + digest)
        .withContainerID("containerd://" + sha256(pod.getMetadata().getUid() + "/" + c.getName()))
        .withReady(true).withStarted(true).withRestartCount(0)
        .withNewState().withNewRunning().withStartedAt(startedAt).endRunning().endState()
        .build();
  }

  private static PodCondition condition(String type, String status, String at, String reason, String message) {
    return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(at)
        .withLastProbeTime(null).withReason(reason).withMessage(message).build();
  }

  static List<String> containerNames(Pod pod) {
    return containers(pod).stream().map(Container::getName).toList();
  }

  /** The pod's containers; empty for a pod without a spec (the API server may hold one, we must not crash). */
  static List<Container> containers(Pod pod) {
    return pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
  }

  /** Guaranteed when every container's requests equal its limits for cpu and memory, as the API server derives it. */
  static String qosClass(List<Container> containers) {
    boolean any = false;
    boolean guaranteed = true;
    for (Container c : containers) {
      ResourceRequirements r = c.getResources();
      Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
      Map<String, Quantity> requests = r == null || r.getRequests() == null ? limits : r.getRequests();
      any |= !limits.isEmpty() || !requests.isEmpty();
      for (String resource : List.of("cpu", "memory")) {
        Quantity limit = limits.get(resource);
        Quantity request = requests.get(resource);
        if (limit == null || request == null || !sameAmount(limit, request)) {
          guaranteed = false;
        }
      }
    }
    return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
  }

  private static boolean sameAmount(Quantity a, Quantity b) {
    try {
      return a.getNumericalAmount().compareTo(b.getNumericalAmount()) == 0;
    } catch (RuntimeException unparsable) {
      return Objects.equals(a.toString(), b.toString());
    }
  }

  private static String imageRepository(String image) {
    if (image == null) {
      return "";
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon > slash ? image.substring(0, colon) : image;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
