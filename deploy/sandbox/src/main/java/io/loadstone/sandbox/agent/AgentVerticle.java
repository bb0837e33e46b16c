package io.loadstone.sandbox.agent;

import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.pods.PodNetwork;
import io.loadstone.sandbox.truth.GroundTruth;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent as a verticle: its control-plane link, Kubernetes client, VNC tunnels and command handlers all live
 * on this verticle's event-loop context, so every message to the control plane is written from that one context.
 * Routes the control plane's messages like the real agent's {@code agent_message_handler.go}: a command is
 * acknowledged at once, its handler runs (many concurrently), then {@code complete} or {@code failed} follows.
 */
final class AgentVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AgentVerticle.class);
  private final AgentSettings settings;
  private final Faults faults;
  private final GroundTruth truth;
  private final PodNetwork network;
  private final Runnable onShutdownRequest;
  private final HeartbeatStall stall;
  private final NetworkCut networkCut;
  private boolean crashed;
  private ControlPlaneLink link;
  private SessionKube kube;
  private VncTunnels tunnels;
  private SessionCommands commands;

  AgentVerticle(AgentSettings settings, Faults faults, GroundTruth truth, PodNetwork network,
                Runnable onShutdownRequest, HeartbeatStall stall, NetworkCut networkCut) {
    this.settings = settings;
    this.faults = faults;
    this.truth = truth;
    this.network = network;
    this.onShutdownRequest = onShutdownRequest;
    this.stall = stall;
    this.networkCut = networkCut;
  }

  @Override
  public Future<?> start() {
    return SessionKube.connect(vertx, settings).compose(k -> {
      kube = k;
      link = new ControlPlaneLink(vertx, settings, truth, this::onMessage, () -> commands.runningSessions(),
          stall, networkCut);
      tunnels = new VncTunnels(vertx, network, link, kube, faults, truth, settings.agentId(),
          settings.timings().tunnelReadyTimeout());
      commands = new SessionCommands(settings, kube, tunnels, link, faults, truth);
      return link.start();
    }).recover(err -> {
      LOG.error("[K8sAgent] {} failed to start: {}", settings.agentId(), err.getMessage());
      return release().transform(ar -> Future.failedFuture(err));
    });
  }

  @Override
  public Future<?> stop() {
    LOG.info("[K8sAgent] {} Shutdown signal received, stopping...", settings.agentId());
    return release().onComplete(ar -> {
      if (!crashed) {
        truth.agent(settings.agentId(), "disconnected", "agent stopped");
      }
      LOG.info("[K8sAgent] {} Agent stopped", settings.agentId());
    });
  }

  boolean connected() {
    return link != null && link.connected();
  }

  /** Fault agent-disconnect: cuts the live connection; true if there was one to cut. */
  Future<Boolean> cut(String detail) {
    Promise<Boolean> done = Promise.promise();
    context.runOnContext(v -> done.complete(link != null && link.cut(detail)));
    return done.future();
  }

  /**
   * Fault agent-crash-loop: the process dies at once (connection dropped without a close frame, nothing more sent);
   * the supervisor then undeploys what is left of it.
   */
  Future<Void> die() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      crashed = true;
      if (link != null) {
        link.kill();
      }
      done.complete();
    });
    return done.future();
  }

  /** For tests in this package: the local port of a session's tunnel. */
  Future<Integer> tunnelPort(String sessionId) {
    Promise<Integer> port = Promise.promise();
    context.runOnContext(v -> port.complete(tunnels.find(sessionId).map(VncTunnel::localPort).orElse(-1)));
    return port.future();
  }

  private Future<Void> release() {
    List<Future<?>> closing = new ArrayList<>();
    if (link != null) {
      closing.add(link.close());
    }
    if (tunnels != null) {
      closing.add(tunnels.closeAll());
    }
    Future<Void> closed = Future.join(closing).mapEmpty();
    return closed.eventually(() -> kube == null ? Future.succeededFuture() : kube.close());
  }

  private void onMessage(JsonObject message) {
    JsonObject payload = Envelope.payload(message);
    switch (message.getString("type")) {
      case Envelope.COMMAND -> {
        if (message.getValue("payload") instanceof JsonObject command) {
          onCommand(command);
        } else {
          LOG.warn("[K8sAgent] {} Failed to handle message: failed to parse command", settings.agentId());
        }
      }
      case Envelope.PING -> {
        LOG.debug("[K8sAgent] {} Received ping, sending pong", settings.agentId());
        link.send(Envelope.PONG, null);
      }
      case Envelope.SHUTDOWN -> {
        LOG.info("[K8sAgent] {} Shutdown requested by Control Plane: {}", settings.agentId(),
            payload.getString("reason", ""));
        onShutdownRequest.run();
      }
      case Envelope.VNC_DATA -> tunnels.write(payload.getString("sessionId", ""), text(payload, "data"));
      case Envelope.VNC_CLOSE -> tunnels.viewerClosed(payload.getString("sessionId", ""), text(payload, "reason"));
      default -> LOG.info("[K8sAgent] {} Unknown message type: {}", settings.agentId(), message.getString("type"));
    }
  }

  private void onCommand(JsonObject command) {
    String commandId = text(command, "commandId");
    String action = text(command, "action");
    JsonObject payload = command.getValue("payload") instanceof JsonObject p ? p : new JsonObject();
    LOG.info("[K8sAgent] {} Received command: {} (action: {}, session: {})", settings.agentId(), commandId, action,
        payload.getValue("sessionId"));
    link.send(Envelope.ACK, new JsonObject().put("commandId", commandId));
    BiFunction<String, JsonObject, Future<JsonObject>> handler = switch (action) {
      case "start_session" -> commands::start;
      case "stop_session" -> commands::stop;
      case "hibernate_session" -> commands::hibernate;
      case "wake_session" -> commands::wake;
      default -> null;
    };
    if (handler == null) {
      LOG.warn("[K8sAgent] {} Unknown command action: {}", settings.agentId(), action);
      failed(commandId, "unknown action: " + action);
      return;
    }
    Future<JsonObject> run;
    try {
      run = handler.apply(commandId, payload);
    } catch (CommandException e) {
      run = Future.failedFuture(e);
    } catch (RuntimeException e) {
      LOG.error("[K8sAgent] {} Command {} crashed", settings.agentId(), commandId, e);
      run = Future.failedFuture(new CommandException("internal error: " + e.getClass().getSimpleName()));
    }
    run.onSuccess(result -> {
      if (crashed) {
        return;
      }
      LOG.info("[K8sAgent] {} Command {} completed successfully (session: {})", settings.agentId(), commandId,
          payload.getValue("sessionId"));
      link.send(Envelope.COMPLETE, new JsonObject().put("commandId", commandId).put("result", result));
    }).onFailure(err -> {
      if (crashed) {
        return;
      }
      String error = err instanceof CommandException ? err.getMessage()
          : err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
      LOG.warn("[K8sAgent] {} Command {} failed (session: {}): {}", settings.agentId(), commandId,
          payload.getValue("sessionId"), error);
      failed(commandId, error);
    });
  }

  private void failed(String commandId, String error) {
    link.send(Envelope.FAILED, new JsonObject().put("commandId", commandId).put("error", error));
  }

  private static String text(JsonObject o, String field) {
    return o.getValue(field) instanceof String s ? s : "";
  }
}
