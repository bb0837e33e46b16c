package io.loadstone.sandbox.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.truth.GroundTruth;
import io.loadstone.sandbox.truth.TruthEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four session commands, step for step as the real agent's handlers ({@code agent_handlers.go}), each a
 * {@link Future} of the {@code complete} result or failed with a {@link CommandException} whose message is the
 * real agent's {@code failed.error}. Many run at once on the agent's context; their Kubernetes calls go through
 * {@link SessionKube}.
 */
final class SessionCommands {
  private static final Logger LOG = LoggerFactory.getLogger(SessionCommands.class);
  private final AgentSettings settings;
  private final SessionKube kube;
  private final VncTunnels tunnels;
  private final Outbox outbox;
  private final Faults faults;
  private final GroundTruth truth;
  /** sessions this agent has running (started or woken, not stopped or hibernated), for heartbeats */
  private final Set<String> running = new HashSet<>();

  SessionCommands(AgentSettings settings, SessionKube kube, VncTunnels tunnels, Outbox outbox, Faults faults,
                  GroundTruth truth) {
    this.settings = settings;
    this.kube = kube;
    this.tunnels = tunnels;
    this.outbox = outbox;
    this.faults = faults;
    this.truth = truth;
  }

  int runningSessions() {
    return running.size();
  }

  /**
   * Deployment, Service, PVC (if persistentHome), pod Ready, Session CR, VNC tunnel, {@code status} running.
   * The Session CR and the tunnel are best effort, as in the real agent: their failures are logged only.
   */
  Future<JsonObject> start(String commandId, JsonObject payload) {
    String agent = settings.agentId();
    LOG.info("[StartSessionHandler] {} Starting session from command {}", agent, commandId);
    SessionSpec spec = SessionSpec.parse(payload);
    String id = spec.sessionId();
    LOG.info("[StartSessionHandler] {} Session {} spec: user={}, template={}, persistent={}", agent, id,
        spec.user(), spec.template(), spec.persistentHome());
    SessionSpec.Template template;
    try {
      template = SessionSpec.Template.fromPayload(payload);
    } catch (CommandException e) {
      throw new CommandException("failed to get template " + spec.template() + ": " + e.getMessage());
    }
    LOG.info("[StartSessionHandler] {} Session {} using template: {} (image: {})", agent, id,
        template.displayName(), template.baseImage());
    var deployment = SessionObjects.deployment(kube.namespace(), spec, template);
    truth.sessionAttribute(id, "agent", agent);
    return step("failed to create deployment", () -> kube.createDeployment(deployment))
        .compose(d -> {
          truth.session(id, TruthEvent.DEPLOYMENT_CREATED);
          LOG.info("[K8sOps] {} Created deployment: {}", agent, id);
          return step("failed to create service", () -> kube.createService(SessionObjects.service(kube.namespace(), spec)));
        })
        .compose(s -> {
          truth.session(id, TruthEvent.SERVICE_CREATED);
          LOG.info("[K8sOps] {} Created service: {}", agent, id);
          if (!spec.persistentHome()) {
            return Future.succeededFuture();
          }
          return step("failed to create PVC", () -> kube.createPvc(SessionObjects.pvc(kube.namespace(), spec)))
              .onSuccess(p -> LOG.info("[K8sOps] {} Created PVC: {}", agent, SessionObjects.pvcName(id)));
        })
        .compose(v -> waitReady(id, "pod not ready"))
        .compose(pod -> {
          String podName = pod.getMetadata().getName();
          String podIp = pod.getStatus().getPodIP();
          LOG.info("[StartSessionHandler] {} Session {} started successfully (pod: {}, IP: {})", agent, id, podName,
              podIp);
          return kube.createSessionCr(SessionObjects.sessionCr(kube.namespace(), spec),
                  SessionObjects.sessionCrStatus(podName, podIp))
              .onSuccess(cr -> LOG.info("[K8sOps] {} Created Session CRD: {} (pod: {}, url: http://{}:{})", agent, id,
                  podName, podIp, VncTunnels.VNC_PORT))
              .onFailure(err -> LOG.warn("[StartSessionHandler] {} Warning: Failed to create Session CRD for {}: {}",
                  agent, id, kubeMessage(err)))
              .transform(ar -> openTunnel(id, podName, podIp))
              .map(vncReady -> {
                running.add(id);
                sendStatus(id, "running", vncReady, podName, podIp);
                return new JsonObject().put("sessionId", id).put("deployment", id).put("service", id)
                    .put("pvc", spec.persistentHome() ? SessionObjects.pvcName(id) : "").put("podName", podName)
                    .put("podIP", podIp).put("vncPort", VncTunnels.VNC_PORT).put("state", "running");
              });
        });
  }

  /**
   * Closes the tunnel, deletes the Deployment (foreground) and the Service; the PVC only when {@code deletePVC} or
   * when retain-on-stop lets it go; the Session CR only when retain-on-stop lets it go. Errors are logged and the
   * command always completes.
   */
  Future<JsonObject> stop(String commandId, JsonObject payload) {
    String agent = settings.agentId();
    LOG.info("[StopSessionHandler] {} Stopping session from command {}", agent, commandId);
    String id = SessionSpec.required(payload, "sessionId");
    boolean deletePvc = payload.getValue("deletePVC") instanceof Boolean b && b || !faults.retainPvcOnStop();
    boolean deleteCr = !faults.retainSessionCrOnStop();
    LOG.info("[StopSessionHandler] {} Deleting resources for session {} (deletePVC: {}, deleteSessionCR: {})", agent, id,
        deletePvc, deleteCr);
    running.remove(id);
    return tunnels.close(id).otherwise(err -> {
          LOG.warn("[StopSessionHandler] {} Warning: Failed to close VNC tunnel for {}: {}", agent, id, err.getMessage());
          return null;
        })
        .compose(v -> logged(id, "delete deployment", kube.deleteDeployment(id)))
        .compose(v -> logged(id, "delete service", kube.deleteService(id)))
        .compose(v -> deletePvc ? logged(id, "delete PVC", kube.deletePvc(id)) : Future.succeededFuture())
        .compose(v -> deleteCr ? logged(id, "delete Session CR", kube.deleteSessionCr(id)) : Future.succeededFuture())
        .map(v -> {
          LOG.info("[StopSessionHandler] {} Session {} stopped successfully", agent, id);
          return new JsonObject().put("sessionId", id).put("state", "terminated");
        });
  }

  /** Scales the Deployment to 0, closes the tunnel, sends {@code status} hibernated. */
  Future<JsonObject> hibernate(String commandId, JsonObject payload) {
    String agent = settings.agentId();
    LOG.info("[HibernateSessionHandler] {} Hibernating session from command {}", agent, commandId);
    String id = SessionSpec.required(payload, "sessionId");
    LOG.info("[HibernateSessionHandler] {} Scaling deployment to 0 replicas for session {}", agent, id);
    return step("failed to scale deployment", () -> kube.scaleDeployment(id, 0))
        .compose(v -> tunnels.close(id).otherwiseEmpty())
        .map(v -> {
          running.remove(id);
          outbox.send(Envelope.STATUS, new JsonObject().put("sessionId", id).put("state", "hibernated")
              .put("vncReady", false));
          LOG.info("[HibernateSessionHandler] {} Session {} hibernated successfully", agent, id);
          return new JsonObject().put("sessionId", id).put("state", "hibernated");
        });
  }

  /** Scales the Deployment to 1, waits for the new pod to be Ready, reopens the tunnel, sends {@code status} running. */
  Future<JsonObject> wake(String commandId, JsonObject payload) {
    String agent = settings.agentId();
    LOG.info("[WakeSessionHandler] {} Waking session from command {}", agent, commandId);
    String id = SessionSpec.required(payload, "sessionId");
    LOG.info("[WakeSessionHandler] {} Scaling deployment to 1 replica for session {}", agent, id);
    return step("failed to scale deployment", () -> kube.scaleDeployment(id, 1))
        .compose(v -> waitReady(id, "pod not ready after wake"))
        .compose(pod -> {
          String podName = pod.getMetadata().getName();
          String podIp = pod.getStatus().getPodIP();
          LOG.info("[WakeSessionHandler] {} Session {} woke successfully (pod: {}, IP: {})", agent, id, podName, podIp);
          return openTunnel(id, podName, podIp).map(vncReady -> {
            running.add(id);
            sendStatus(id, "running", vncReady, podName, podIp);
            return new JsonObject().put("sessionId", id).put("podName", podName).put("podIP", podIp)
                .put("vncPort", VncTunnels.VNC_PORT).put("state", "running");
          });
        });
  }

  private Future<Pod> waitReady(String sessionId, String prefix) {
    return step(prefix, () -> kube.waitForPodReady(sessionId, settings.timings().podReadyPollInterval(),
        settings.timings().podReadyTimeout()))
        .onSuccess(pod -> {
          truth.sessionAttribute(sessionId, "pod", pod.getMetadata().getName());
          truth.sessionAttribute(sessionId, "podIP", pod.getStatus().getPodIP());
        });
  }

  /** True when the tunnel is up; a failure is reported as {@code vnc_error} and does not fail the command. */
  private Future<Boolean> openTunnel(String sessionId, String podName, String podIp) {
    return tunnels.open(sessionId, podName, podIp).map(t -> true).otherwise(err -> {
      String message = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
      LOG.warn("[VNCHandler] {} Failed to create VNC tunnel for session {}: {}", settings.agentId(), sessionId, message);
      outbox.send(Envelope.VNC_ERROR, new JsonObject().put("sessionId", sessionId).put("error", message));
      return false;
    });
  }

  private void sendStatus(String sessionId, String state, boolean vncReady, String podName, String podIp) {
    outbox.send(Envelope.STATUS, new JsonObject().put("sessionId", sessionId).put("state", state)
        .put("vncReady", vncReady).put("vncPort", VncTunnels.VNC_PORT)
        .put("platformMetadata", new JsonObject().put("podName", podName).put("podIP", podIp)));
  }

  /** Runs one step; its failure becomes {@code "<prefix>: <reason>"}, the real agent's wrapped error. */
  private static <T> Future<T> step(String prefix, Supplier<Future<T>> call) {
    return call.get().recover(err -> Future.failedFuture(new CommandException(prefix + ": " + kubeMessage(err))));
  }

  private Future<Void> logged(String sessionId, String what, Future<Void> call) {
    return call.otherwise(err -> {
      LOG.warn("[StopSessionHandler] {} Warning: Failed to {} for session {}: {}", settings.agentId(), what,
          sessionId, kubeMessage(err));
      return null;
    });
  }

  /** The API server's own message (as client-go reports it), not fabric8's request dump. */
  static String kubeMessage(Throwable err) {
    if (err instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
      return k.getStatus().getMessage();
    }
    return err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
  }
}
