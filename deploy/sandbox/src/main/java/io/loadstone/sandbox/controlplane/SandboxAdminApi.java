package io.loadstone.sandbox.controlplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.loadstone.sandbox.fault.ActiveFault;
import io.loadstone.sandbox.fault.FaultSpec;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.truth.GroundTruth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's own API under {@code /sandbox/v1} (not StreamSpace's): ground truth, faults at run time and the
 * command records. No authentication; answers loopback callers only.
 */
final class SandboxAdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxAdminApi.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final GroundTruth truth;
  private final Faults faults;
  private final CommandLog commands;
  private final int agents;

  /** {@code agents}: the sandbox's agents are {@code k8s-agent-1..agents}; a fault naming another is refused */
  SandboxAdminApi(GroundTruth truth, Faults faults, CommandLog commands, int agents) {
    this.truth = truth;
    this.faults = faults;
    this.commands = commands;
    this.agents = agents;
  }

  /** Route handler in front of the others: 403 unless the caller is on loopback. */
  void loopbackOnly(RoutingContext ctx) {
    var remote = ctx.request().remoteAddress();
    String host = remote == null ? null : remote.hostAddress();
    if (host == null || !(host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1"))) {
      Replies.error(ctx, 403, "Forbidden", "the sandbox API answers loopback callers only");
      return;
    }
    ctx.next();
  }

  void truth(RoutingContext ctx) {
    Replies.json(ctx, 200, truth.toJson());
  }

  void listFaults(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    faults.active().forEach(f -> out.add(f.toJson()));
    Replies.json(ctx, 200, new JsonObject().put("faults", out).put("total", out.size()));
  }

  /**
   * POST /sandbox/v1/faults with one fault spec as a YAML or JSON object: 201 with its id; it acts at once (agents
   * are told through {@link Faults#onChange}).
   */
  void addFault(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      Replies.error(ctx, 400, "Invalid fault", "expected one fault as a YAML or JSON object, e.g. {kind: drop-start-command, count: 1}");
      return;
    }
    JsonNode node;
    try {
      node = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      Replies.error(ctx, 400, "Invalid fault", "not valid YAML/JSON: " + e.getOriginalMessage());
      return;
    }
    FaultSpec spec;
    try {
      spec = FaultSpec.parse("fault", node);
      spec.requireKnownAgent("fault", agents);
    } catch (IllegalArgumentException e) {
      Replies.error(ctx, 400, "Invalid fault", e.getMessage());
      return;
    }
    ActiveFault fault = faults.add(spec);
    LOG.info("fault {} added at run time: {}", fault.id(), spec.toJson().encode());
    Replies.json(ctx, 201, fault.toJson());
  }

  void removeFault(RoutingContext ctx) {
    String raw = ctx.pathParam("id");
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      Replies.error(ctx, 400, "Invalid fault id", "expected a number, got \"" + raw + "\"");
      return;
    }
    if (!faults.remove(id)) {
      Replies.error(ctx, 404, "Fault not found", "No active fault with id " + id);
      return;
    }
    LOG.info("fault {} removed at run time", id);
    Replies.json(ctx, 200, new JsonObject().put("removed", id));
  }

  void clearFaults(RoutingContext ctx) {
    faults.clear();
    LOG.info("faults cleared at run time");
    listFaults(ctx);
  }

  /** GET /sandbox/v1/commands[?session=&agent=&action=] */
  void listCommands(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    commands.list(ctx.request().getParam("session"), ctx.request().getParam("agent"), ctx.request().getParam("action"))
        .forEach(c -> out.add(c.toJson()));
    Replies.json(ctx, 200, new JsonObject().put("commands", out).put("total", out.size()));
  }

  void getCommand(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    commands.find(id).ifPresentOrElse(c -> Replies.json(ctx, 200, c.toJson()),
        () -> Replies.error(ctx, 404, "Command not found", "No command with ID: " + id));
  }
}
