package io.loadstone.sandbox.agent;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's Kubernetes operations, each a {@link Future} completed on the calling (agent) context. The fabric8
 * client is blocking, so every call runs through {@code executeBlocking(..., false)}: sessions proceed
 * concurrently and the agent's event loop never waits on the API server.
 */
final class SessionKube {
  private static final Logger LOG = LoggerFactory.getLogger(SessionKube.class);
  private final Vertx vertx;
  private final KubernetesClient client;
  private final String namespace;
  private final String agentId;

  private SessionKube(Vertx vertx, KubernetesClient client, String namespace, String agentId) {
    this.vertx = vertx;
    this.client = client;
    this.namespace = namespace;
    this.agentId = agentId;
  }

  /** A client on {@code kubeUrl} only (no kubeconfig, no service-account auto-configuration). */
  static Future<SessionKube> connect(Vertx vertx, AgentSettings settings) {
    return vertx.executeBlocking(() -> {
      Config config = new ConfigBuilder(Config.empty())
          .withMasterUrl(settings.kubeUrl())
          .withNamespace(settings.namespace())
          .withConnectionTimeout(5_000)
          .withRequestTimeout(10_000)
          .withRequestRetryBackoffLimit(1)
          .build();
      KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
          .withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build();
      return new SessionKube(vertx, client, settings.namespace(), settings.agentId());
    }, false);
  }

  String namespace() {
    return namespace;
  }

  Future<Deployment> createDeployment(Deployment deployment) {
    return blocking(() -> client.apps().deployments().inNamespace(namespace).resource(deployment).create());
  }

  Future<io.fabric8.kubernetes.api.model.Service> createService(io.fabric8.kubernetes.api.model.Service service) {
    return blocking(() -> client.services().inNamespace(namespace).resource(service).create());
  }

  Future<io.fabric8.kubernetes.api.model.PersistentVolumeClaim> createPvc(
      io.fabric8.kubernetes.api.model.PersistentVolumeClaim pvc) {
    return blocking(() -> client.persistentVolumeClaims().inNamespace(namespace).resource(pvc).create());
  }

  /** Creates the Session CR, then sets its status through the {@code /status} subresource. */
  Future<GenericKubernetesResource> createSessionCr(GenericKubernetesResource cr, java.util.Map<String, Object> status) {
    return blocking(() -> {
      var resources = client.genericKubernetesResources(SessionObjects.SESSION_CR).inNamespace(namespace);
      GenericKubernetesResource created = resources.resource(cr).create();
      created.setAdditionalProperty("status", status);
      return resources.resource(created).updateStatus();
    });
  }

  /**
   * Polls pods labelled {@code session=<id>} every {@code pollInterval} (first look after one interval, as the
   * real agent's ticker) until one is Running with condition Ready=True, or fails with
   * {@code timeout waiting for pod to be ready} after {@code timeout}. A list error ends the wait with that
   * error, as in the real agent. Pods already being deleted are skipped: a terminating pod is not Ready.
   */
  Future<Pod> waitForPodReady(String sessionId, Duration pollInterval, Duration timeout) {
    Promise<Pod> promise = Promise.promise();
    long deadline = System.nanoTime() + timeout.toNanos();
    long pollMillis = Math.max(1, pollInterval.toMillis());
    long timeoutTimer = vertx.setTimer(Math.max(1, timeout.toMillis()),
        t -> promise.tryFail(new CommandException("timeout waiting for pod to be ready")));
    poll(sessionId, pollMillis, deadline, promise);
    return promise.future().onComplete(r -> vertx.cancelTimer(timeoutTimer));
  }

  private void poll(String sessionId, long pollMillis, long deadline, Promise<Pod> promise) {
    vertx.setTimer(pollMillis, t -> {
      if (promise.future().isComplete()) {
        return;
      }
      blocking(() -> client.pods().inNamespace(namespace).withLabel("session", sessionId).list().getItems())
          .onSuccess(pods -> {
            Optional<Pod> ready = pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(SessionKube::isReady).findFirst();
            if (ready.isPresent()) {
              LOG.info("[K8sOps] {} Pod ready: {} (IP: {}) for session {}", agentId,
                  ready.get().getMetadata().getName(), ready.get().getStatus().getPodIP(), sessionId);
              promise.tryComplete(ready.get());
            } else if (System.nanoTime() < deadline) {
              poll(sessionId, pollMillis, deadline, promise);
            }
          })
          .onFailure(promise::tryFail);
    });
  }

  static boolean isReady(Pod pod) {
    return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Name of the pod that currently has this IP, if any (names the other pod of a cross-wired tunnel). */
  Future<Optional<String>> podNameByIp(String podIp) {
    return blocking(() -> client.pods().inNamespace(namespace).list().getItems().stream()
        .filter(p -> p.getStatus() != null && podIp.equals(p.getStatus().getPodIP()))
        .map(p -> p.getMetadata().getName()).findFirst());
  }

  /** Sets {@code spec.replicas} with a get + update, as the real agent does (no scale subresource). */
  Future<Void> scaleDeployment(String sessionId, int replicas) {
    return blocking(() -> {
      var resource = client.apps().deployments().inNamespace(namespace).withName(sessionId);
      Deployment deployment = resource.get();
      if (deployment == null) {
        throw new CommandException("deployments.apps \"" + sessionId + "\" not found");
      }
      deployment.getSpec().setReplicas(replicas);
      client.apps().deployments().inNamespace(namespace).resource(deployment).update();
      LOG.info("[K8sOps] {} Scaled deployment {} to {} replicas", agentId, sessionId, replicas);
      return null;
    });
  }

  Future<Void> deleteDeployment(String sessionId) {
    return delete("deployment", "deployments.apps", sessionId, () -> client.apps().deployments().inNamespace(namespace)
        .withName(sessionId).withPropagationPolicy(DeletionPropagation.FOREGROUND).delete());
  }

  Future<Void> deleteService(String sessionId) {
    return delete("service", "services", sessionId, () -> client.services().inNamespace(namespace).withName(sessionId).delete());
  }

  Future<Void> deletePvc(String sessionId) {
    String name = SessionObjects.pvcName(sessionId);
    return delete("PVC", "persistentvolumeclaims", name, () -> client.persistentVolumeClaims().inNamespace(namespace).withName(name).delete());
  }

  Future<Void> deleteSessionCr(String sessionId) {
    return delete("Session CR", "sessions.stream.space", sessionId, () -> client.genericKubernetesResources(SessionObjects.SESSION_CR)
        .inNamespace(namespace).withName(sessionId).delete());
  }

  /** {@code resource} names the kind as the API server does in its NotFound message. */
  private Future<Void> delete(String what, String resource, String name, Callable<java.util.List<?>> call) {
    return blocking(() -> {
      if (call.call().isEmpty()) {
        throw new CommandException(resource + " \"" + name + "\" not found");
      }
      LOG.info("[K8sOps] {} Deleted {}: {}", agentId, what, name);
      return null;
    });
  }

  Future<Void> close() {
    return vertx.executeBlocking(() -> {
      client.close();
      return null;
    }, false);
  }

  private <T> Future<T> blocking(Callable<T> call) {
    return vertx.executeBlocking(call, false);
  }
}
