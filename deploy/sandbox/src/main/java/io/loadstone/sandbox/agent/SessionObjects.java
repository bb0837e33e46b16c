package io.loadstone.sandbox.agent;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of one session, exactly as the real agent builds them ({@code agent_k8s_operations.go};
 * contract section 3): all named after the session id and labelled {@code app=streamspace-session, session,
 * user, template}. Pure functions: nothing here talks to a server.
 */
final class SessionObjects {
  static final String APP_LABEL = "streamspace-session";
  static final String DEFAULT_MEMORY = "2Gi";
  static final String DEFAULT_CPU = "1000m";
  static final ResourceDefinitionContext SESSION_CR = new ResourceDefinitionContext.Builder()
      .withGroup("stream.space").withVersion("v1alpha1").withKind("Session").withPlural("sessions")
      .withNamespaced(true).build();

  private SessionObjects() {
  }

  static Map<String, String> labels(SessionSpec spec) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", APP_LABEL);
    labels.put("session", spec.sessionId());
    labels.put("user", spec.user());
    labels.put("template", spec.template());
    return labels;
  }

  static String pvcName(String sessionId) {
    return sessionId + "-home";
  }

  /**
   * One replica, selector {@code session=<id>}, one container {@code session} with requests = limits; the
   * session's memory/cpu, else the template's defaults, else 2Gi/1000m.
   *
   * @throws CommandException "invalid memory value: ..." / "invalid CPU value: ..."
   */
  static Deployment deployment(String namespace, SessionSpec spec, SessionSpec.Template template) {
    Quantity memory = quantity("memory", firstNonEmpty(spec.memory(), template.defaultMemory(), DEFAULT_MEMORY));
    Quantity cpu = quantity("CPU", firstNonEmpty(spec.cpu(), template.defaultCpu(), DEFAULT_CPU));
    Map<String, Quantity> resources = new LinkedHashMap<>();
    resources.put("memory", memory);
    resources.put("cpu", cpu);
    // session variables override the template's, as in the real agent's merge
    Map<String, String> env = new LinkedHashMap<>();
    template.env().forEach(e -> env.put(e.getName(), e.getValue()));
    env.put("USER", spec.user());
    env.put("SESSION_ID", spec.sessionId());
    env.put("PUID", "1000");
    env.put("PGID", "1000");
    env.put("TZ", "UTC");
    List<EnvVar> envVars = env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();

    DeploymentBuilder builder = new DeploymentBuilder()
        .withNewMetadata().withName(spec.sessionId()).withNamespace(namespace).withLabels(labels(spec)).endMetadata()
        .withNewSpec()
          .withReplicas(1)
          .withNewSelector().withMatchLabels(Map.of("session", spec.sessionId())).endSelector()
          .withNewTemplate()
            .withNewMetadata().withLabels(labels(spec)).endMetadata()
            .withNewSpec()
              .addNewContainer()
                .withName("session").withImage(template.baseImage()).withPorts(template.ports()).withEnv(envVars)
                .withNewResources().withLimits(resources).withRequests(new LinkedHashMap<>(resources)).endResources()
              .endContainer()
            .endSpec()
          .endTemplate()
        .endSpec();
    if (spec.persistentHome()) {
      builder.editSpec().editTemplate().editSpec()
          .addNewVolume().withName("user-home").withNewPersistentVolumeClaim().withClaimName(pvcName(spec.sessionId()))
          .endPersistentVolumeClaim().endVolume()
          .editFirstContainer().addNewVolumeMount().withName("user-home").withMountPath("/config").endVolumeMount()
          .endContainer()
          .endSpec().endTemplate().endSpec();
    }
    return builder.build();
  }

  /** ClusterIP, port {@code vnc} 3000 -> 3000, selector {@code session=<id>}. */
  static Service service(String namespace, SessionSpec spec) {
    return new ServiceBuilder()
        .withNewMetadata().withName(spec.sessionId()).withNamespace(namespace).withLabels(labels(spec)).endMetadata()
        .withNewSpec()
          .withType("ClusterIP")
          .withSelector(Map.of("session", spec.sessionId()))
          .addNewPort().withName("vnc").withPort(VncTunnels.VNC_PORT)
            .withTargetPort(new IntOrString(VncTunnels.VNC_PORT)).withProtocol("TCP").endPort()
        .endSpec()
        .build();
  }

  /** {@code <id>-home}: ReadWriteOnce, class {@code standard}, 10Gi. */
  static PersistentVolumeClaim pvc(String namespace, SessionSpec spec) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(pvcName(spec.sessionId())).withNamespace(namespace).withLabels(labels(spec))
        .endMetadata()
        .withNewSpec()
          .withAccessModes("ReadWriteOnce")
          .withStorageClassName("standard")
          .withNewResources().withRequests(Map.of("storage", new Quantity("10Gi"))).endResources()
        .endSpec()
        .build();
  }

  /** The {@code stream.space/v1alpha1 Session} without status (status goes through the subresource). */
  static GenericKubernetesResource sessionCr(String namespace, SessionSpec spec) {
    Map<String, Object> specMap = new LinkedHashMap<>();
    specMap.put("user", spec.user());
    specMap.put("template", spec.template());
    specMap.put("state", "running");
    specMap.put("persistentHome", spec.persistentHome());
    if (!spec.memory().isEmpty() || !spec.cpu().isEmpty()) {
      Map<String, Object> resources = new LinkedHashMap<>();
      if (!spec.memory().isEmpty()) {
        resources.put("memory", spec.memory());
      }
      if (!spec.cpu().isEmpty()) {
        resources.put("cpu", spec.cpu());
      }
      specMap.put("resources", resources);
    }
    GenericKubernetesResource cr = new GenericKubernetesResource();
    cr.setApiVersion("stream.space/v1alpha1");
    cr.setKind("Session");
    cr.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(spec.sessionId())
        .withNamespace(namespace).withLabels(labels(spec)).build());
    cr.setAdditionalProperty("spec", specMap);
    return cr;
  }

  /** {@code status{phase: Running, podName, url: http://<podIP>:3000}}. */
  static Map<String, Object> sessionCrStatus(String podName, String podIp) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", "Running");
    status.put("podName", podName);
    status.put("url", "http://" + podIp + ":" + VncTunnels.VNC_PORT);
    return status;
  }

  private static Quantity quantity(String what, String text) {
    try {
      Quantity q = new Quantity(text);
      Quantity.getAmountInBytes(q); // throws on a malformed amount or unit
      return q;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new CommandException("failed to create deployment: invalid " + what + " value: quantities must match "
          + "the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }
  }

  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return "";
  }
}
