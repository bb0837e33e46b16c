package io.loadstone.sandbox.controlplane;

import io.loadstone.sandbox.truth.GroundTruth;
import io.loadstone.sandbox.truth.TruthEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/sessions}: create (202, the start command queued to the chosen agent), read, terminate, hibernate,
 * wake and connect, with the platform's checks in the platform's order and its exact answers.
 */
final class SessionsApi {
  private static final Logger LOG = LoggerFactory.getLogger(SessionsApi.class);

  private final SessionStore sessions;
  private final TemplateCatalog catalog;
  private final AgentSelector selector;
  private final SessionCommands commands;
  private final GroundTruth truth;
  private final Ids ids;
  private final String namespace;
  private final int maxSessionsPerUser;

  SessionsApi(SessionStore sessions, TemplateCatalog catalog, AgentSelector selector, SessionCommands commands,
              GroundTruth truth, Ids ids, String namespace, int maxSessionsPerUser) {
    this.sessions = sessions;
    this.catalog = catalog;
    this.selector = selector;
    this.commands = commands;
    this.truth = truth;
    this.ids = ids;
    this.namespace = namespace;
    this.maxSessionsPerUser = maxSessionsPerUser;
  }

  /** POST /api/v1/sessions */
  void create(RoutingContext ctx) {
    try {
      createChecked(ctx);
    } catch (Replies.BadRequest e) {
      e.reply(ctx);
    }
  }

  private void createChecked(RoutingContext ctx) {
    JsonObject body = Replies.bodyObject(ctx);
    String user = Replies.optString(body, "user");
    String templateField = Replies.optString(body, "template");
    String applicationId = Replies.optString(body, "applicationId");
    JsonObject resources = Replies.optObject(body, "resources");
    String memoryField = resources == null ? null : Replies.optString(resources, "memory");
    String cpuField = resources == null ? null : Replies.optString(resources, "cpu");
    Boolean persistentField = Replies.optBoolean(body, "persistentHome");
    String idleTimeout = Optional.ofNullable(Replies.optString(body, "idleTimeout")).orElse("");
    String maxDuration = Optional.ofNullable(Replies.optString(body, "maxSessionDuration")).orElse("");
    List<String> tags = Replies.optStringList(body, "tags");
    if (user == null || user.isEmpty()) {
      throw new Replies.BadRequest("Invalid request body", "Key: 'user' Error: field validation for 'user' failed on the 'required' tag");
    }

    String templateName = templateField;
    if (applicationId != null && !applicationId.isEmpty()) {
      Optional<TemplateCatalog.Application> app = catalog.application(applicationId);
      if (app.isEmpty()) {
        Replies.error(ctx, 404, "Application not found", "No application found with ID: " + applicationId);
        return;
      }
      if (!app.get().enabled()) {
        Replies.error(ctx, 400, "Application disabled", "The application '" + app.get().displayName() + "' is currently disabled");
        return;
      }
      templateName = app.get().templateName();
    } else if (templateName == null || templateName.isEmpty()) {
      Replies.error(ctx, 400, "Missing required field", "Either 'applicationId' or 'template' must be provided");
      return;
    }
    Optional<TemplateCatalog.Template> template = catalog.template(templateName);
    if (template.isEmpty()) {
      Replies.error(ctx, 404, "Template not found", "Template '" + templateName + "' does not exist in the catalog");
      return;
    }

    String memory = memoryField == null || memoryField.isEmpty() ? "2Gi" : memoryField;
    String cpu = cpuField == null || cpuField.isEmpty() ? "1000m" : cpuField;
    try {
      Quantities.validateRequest(cpu, memory);
    } catch (IllegalArgumentException e) {
      Replies.error(ctx, 400, "Invalid resource request", e.getMessage());
      return;
    }
    if (maxSessionsPerUser > 0) {
      long live = sessions.liveFor(user);
      if (live >= maxSessionsPerUser) {
        Replies.error(ctx, 403, "Quota exceeded",
            "session quota exceeded: user " + user + " has " + live + " active sessions (limit " + maxSessionsPerUser + ")");
        return;
      }
    }

    String sessionName = user + "-" + templateName + "-" + ids.hex8();
    boolean persistentHome = persistentField == null || persistentField;
    Agent agent;
    try {
      agent = selector.select();
    } catch (AgentSelector.NoAgentAvailable e) {
      LOG.warn("no agents available for session {}: {}", sessionName, e.getMessage());
      Replies.error(ctx, 503, "No agents available", "No online agents are currently available: " + e.getMessage());
      return;
    }

    Session session = new Session(sessionName, namespace, user, templateName, agent.agentId, memory, cpu,
        persistentHome, idleTimeout, maxDuration, tags);
    sessions.add(session);
    truth.session(sessionName, TruthEvent.CREATE_REQUESTED, Replies.arrivedNanos(ctx));
    truth.sessionAttribute(sessionName, "agent", agent.agentId);
    truth.sessionAttribute(sessionName, "user", user);
    truth.sessionAttribute(sessionName, "template", templateName);

    JsonObject payload = new JsonObject()
        .put("sessionId", sessionName)
        .put("user", user)
        .put("template", templateName)
        .put("templateManifest", template.get().manifest())
        .put("namespace", namespace)
        .put("memory", memory)
        .put("cpu", cpu)
        .put("persistentHome", persistentHome)
        .put("idleTimeout", idleTimeout)
        .put("maxSessionDuration", maxDuration)
        .put("tags", session.tagsJson());
    Command command = commands.create(agent.agentId, sessionName, "start_session", payload, ids.commandId());
    truth.sessionAttribute(sessionName, "startCommand", command.commandId);
    if (!commands.dispatch(command)) {
      Replies.error(ctx, 500, "Failed to dispatch command to agent", "Failed to dispatch command: command queue is full");
      return;
    }
    LOG.info("session {} created for user {}: command {} queued to agent {}", sessionName, user, command.commandId, agent.agentId);
    Replies.json(ctx, 202, new JsonObject()
        .put("name", sessionName)
        .put("namespace", namespace)
        .put("user", user)
        .put("template", templateName)
        .put("state", "pending")
        .put("persistentHome", persistentHome)
        .put("idleTimeout", idleTimeout)
        .put("maxSessionDuration", maxDuration)
        .put("resources", session.resources())
        .put("status", new JsonObject().put("phase", "Pending").put("message",
            "Session provisioning in progress (agent: " + agent.agentId + ", command: " + command.commandId + ")"))
        .put("tags", session.tagsJson()));
  }

  /** GET /api/v1/sessions[?user=] */
  void list(RoutingContext ctx) {
    // {"sessions":[...],"total":N} spliced from each row's cached encoding: the same bytes as encoding the object
    List<Session> rows = sessions.list(ctx.request().getParam("user"));
    StringBuilder out = new StringBuilder(64 + rows.size() * 512).append("{\"sessions\":[");
    for (int i = 0; i < rows.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(rows.get(i).encoded());
    }
    out.append("],\"total\":").append(rows.size()).append('}');
    Replies.encodedJson(ctx, 200, out.toString());
  }

  /** GET /api/v1/sessions/:id */
  void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    sessions.find(id).ifPresentOrElse(s -> Replies.json(ctx, 200, s.toJson()),
        () -> Replies.error(ctx, 404, "Session not found", "No session found with ID: " + id));
  }

  /** DELETE /api/v1/sessions/:id: accepted even while the agent is away (the command then fails at dispatch). */
  void delete(RoutingContext ctx) {
    Optional<Session> found = findOr404(ctx);
    if (found.isEmpty()) {
      return;
    }
    Session session = found.get();
    if (session.agentId == null || session.agentId.isEmpty()) {
      Replies.error(ctx, 409, "Session not ready", "Session has no agent assigned - cannot terminate. Session may still be pending or failed to start.");
      return;
    }
    if (session.state == Session.State.TERMINATING || session.state == Session.State.TERMINATED) {
      Replies.error(ctx, 409, "Session already terminating", "Session is already in " + session.state.json() + " state");
      return;
    }
    JsonObject payload = new JsonObject().put("sessionId", session.name).put("namespace", namespace);
    Command command = commands.create(session.agentId, session.name, "stop_session", payload, ids.commandId());
    session.setState(Session.State.TERMINATING);
    truth.session(session.name, TruthEvent.DELETE_REQUESTED, Replies.arrivedNanos(ctx));
    truth.sessionAttribute(session.name, "stopCommand", command.commandId);
    if (!commands.dispatch(command)) {
      Replies.error(ctx, 500, "Failed to dispatch stop command", "Failed to dispatch command to agent: command queue is full");
      return;
    }
    LOG.info("session {} terminating: command {} queued to agent {}", session.name, command.commandId, session.agentId);
    Replies.json(ctx, 202, new JsonObject().put("name", session.name).put("commandId", command.commandId)
        .put("message", "Session termination requested, agent will delete resources"));
  }

  /** PUT /api/v1/sessions/:id/hibernate */
  void hibernate(RoutingContext ctx) {
    transition(ctx, Session.State.RUNNING, Session.State.HIBERNATING, "hibernate_session", "hibernate",
        "Session hibernation requested, agent will scale down resources");
  }

  /** PUT /api/v1/sessions/:id/wake */
  void wake(RoutingContext ctx) {
    transition(ctx, Session.State.HIBERNATED, Session.State.WAKING, "wake_session", "wake",
        "Session wake requested, agent will scale up resources");
  }

  private void transition(RoutingContext ctx, Session.State from, Session.State to, String action, String verb,
                          String message) {
    Optional<Session> found = findOr404(ctx);
    if (found.isEmpty()) {
      return;
    }
    Session session = found.get();
    if (session.state != from) {
      Replies.error(ctx, 409, "Invalid session state", "Session must be in '" + from.json() + "' state to " + verb
          + ", currently: " + session.state.json());
      return;
    }
    JsonObject payload = new JsonObject().put("sessionId", session.name).put("namespace", namespace);
    Command command = commands.create(session.agentId, session.name, action, payload, ids.commandId());
    session.setState(to);
    if (!commands.dispatch(command)) {
      Replies.error(ctx, 500, "Failed to dispatch " + verb + " command", "Failed to dispatch command to agent: command queue is full");
      return;
    }
    Replies.json(ctx, 202, new JsonObject().put("name", session.name).put("commandId", command.commandId).put("message", message));
  }

  /** GET /api/v1/sessions/:id/connect?user= */
  void connect(RoutingContext ctx) {
    String user = ctx.request().getParam("user");
    if (user == null || user.isEmpty()) {
      Replies.error(ctx, 400, "Missing required field", "user parameter required");
      return;
    }
    Optional<Session> found = findOr404(ctx);
    if (found.isEmpty()) {
      return;
    }
    Session session = found.get();
    String message = "Connection established.";
    boolean ready = true;
    if (session.state == Session.State.HIBERNATED) {
      message = "Connection established. Session is waking from hibernation - please wait.";
      ready = false;
    } else if (session.state == Session.State.PENDING) {
      message = "Connection established. Session is starting up - please wait.";
      ready = false;
    } else if (session.url.isEmpty()) {
      message = "Connection established. Waiting for session endpoint - please wait.";
      ready = false;
    }
    Replies.json(ctx, 200, new JsonObject()
        .put("connectionId", ids.uuid())
        .put("sessionUrl", session.url)
        .put("state", session.state.json())
        .put("ready", ready)
        .put("message", message));
  }

  private Optional<Session> findOr404(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Optional<Session> found = sessions.find(id);
    if (found.isEmpty()) {
      Replies.error(ctx, 404, "Session not found", "The specified session does not exist");
    }
    return found;
  }
}
