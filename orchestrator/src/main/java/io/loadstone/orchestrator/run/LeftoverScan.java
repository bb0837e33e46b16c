package io.loadstone.orchestrator.run;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.loadstone.orchestrator.report.RemainingResource;
import io.loadstone.orchestrator.report.ResourceKind;
import io.loadstone.worker.kube.KubeConfigs;
import io.loadstone.worker.kube.KubeTarget;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * After a run, lists what remains in Kubernetes of the run's sessions: a home PVC ({@code <id>-home}) or Session CR
 * ({@code <id>}) is retained by design; a Deployment, Service or Pod labelled {@code session=<id>} is leaked.
 * Blocking (fabric8 list calls): call it from a worker thread.
 */
public final class LeftoverScan {
  private static final ResourceDefinitionContext SESSION_CR = new ResourceDefinitionContext.Builder()
      .withGroup("stream.space").withVersion("v1alpha1").withKind("Session").withPlural("sessions")
      .withNamespaced(true).build();

  /** What was found. */
  public record Found(List<RemainingResource> retained, List<RemainingResource> leaked) {
  }

  private LeftoverScan() {
  }

  /**
   * @param slotsByPlatformId the run's platform session ids -> slot ids ({@code s0001})
   */
  public static Found scan(Vertx vertx, KubeTarget target, Map<String, String> slotsByPlatformId) {
    List<RemainingResource> retained = new ArrayList<>();
    List<RemainingResource> leaked = new ArrayList<>();
    if (slotsByPlatformId.isEmpty()) {
      return new Found(retained, leaked);
    }
    try (KubernetesClient client = KubeConfigs.client(vertx, target)) {
      String ns = client.getNamespace();
      String still = "still present after the session was deleted and its cleanedUp deadline";
      addLabelled(client.apps().deployments().inNamespace(ns).list().getItems(), ResourceKind.DEPLOYMENT,
          slotsByPlatformId, still, leaked);
      addLabelled(client.services().inNamespace(ns).list().getItems(), ResourceKind.SERVICE, slotsByPlatformId,
          still, leaked);
      addLabelled(client.pods().inNamespace(ns).list().getItems(), ResourceKind.POD, slotsByPlatformId, still, leaked);
      client.persistentVolumeClaims().inNamespace(ns).list().getItems().forEach(pvc -> {
        String name = pvc.getMetadata().getName();
        String slot = name.endsWith("-home") ? slotsByPlatformId.get(name.substring(0, name.length() - 5)) : null;
        if (slot != null) {
          retained.add(new RemainingResource(ResourceKind.PVC, name, slot, "kept by design: the session's home PVC"));
        }
      });
      client.genericKubernetesResources(SESSION_CR).inNamespace(ns).list().getItems().forEach(cr -> {
        String slot = slotsByPlatformId.get(cr.getMetadata().getName());
        if (slot != null) {
          retained.add(new RemainingResource(ResourceKind.SESSION_CR, cr.getMetadata().getName(), slot,
              "kept by design: the platform keeps the Session resource after a delete"));
        }
      });
    }
    return new Found(retained, leaked);
  }

  private static void addLabelled(List<? extends HasMetadata> objects, ResourceKind kind, Map<String, String> slots,
                                  String why, List<RemainingResource> out) {
    for (HasMetadata o : objects) {
      Map<String, String> labels = o.getMetadata().getLabels();
      String slot = labels == null ? null : slots.get(labels.get("session"));
      if (slot != null) {
        out.add(new RemainingResource(kind, o.getMetadata().getName(), slot, why));
      }
    }
  }
}
