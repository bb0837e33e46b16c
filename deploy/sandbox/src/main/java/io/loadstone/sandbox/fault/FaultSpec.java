package io.loadstone.sandbox.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadstone.sandbox.SandboxSecrets;
import io.loadstone.sandbox.config.ConfigException;
import io.loadstone.sandbox.config.Distribution;
import io.loadstone.sandbox.config.DistributionParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One fault as configured: its kind and parameters. {@code count} fires it that many times, {@code rate} fires
 * it with that probability each time; with neither it fires every time. {@code agent} and {@code sessions}
 * narrow it to one agent or to sessions whose id contains one of the given strings.
 */
public record FaultSpec(
    FaultKind kind,
    Integer count,
    Double rate,
    String agent,
    List<String> sessions,
    Distribution delay,
    Duration forDuration,
    Duration period,
    Boolean pvc,
    Boolean sessionCr) {

  public static FaultSpec of(FaultKind kind) {
    return new FaultSpec(kind, null, null, null, List.of(), null, null, null, null, null);
  }

  /** Parses {@code {kind: drop-start-command, count: 1}}; {@code field} names it in errors (e.g. faults[0]). */
  public static FaultSpec parse(String field, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ConfigException(field, "an object like {kind: drop-start-command, count: 1}", String.valueOf(node));
    }
    JsonNode kindNode = node.get("kind");
    if (kindNode == null || !kindNode.isTextual()) {
      throw new ConfigException(field + ".kind", "one of " + FaultKind.allIds(), String.valueOf(kindNode));
    }
    FaultKind kind = FaultKind.byId(kindNode.asText()).orElseThrow(
        () -> new ConfigException(field + ".kind", "one of " + FaultKind.allIds(), "\"" + kindNode.asText() + "\""));
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!name.equals("kind") && !kind.params().contains(name)) {
        throw new ConfigException(field + "." + name, kind.id() + " takes only " + kind.params(), "unknown field \"" + name + "\"");
      }
    }
    Integer count = null;
    if (node.has("count")) {
      if (!node.get("count").canConvertToInt() || node.get("count").asInt() < 1 || !node.get("count").isIntegralNumber()) {
        throw new ConfigException(field + ".count", "an integer >= 1", node.get("count").toString());
      }
      count = node.get("count").asInt();
    }
    Double rate = null;
    if (node.has("rate")) {
      rate = parseRate(field + ".rate", node.get("rate"));
    }
    if (count != null && rate != null) {
      throw new ConfigException(field, "either count or rate", "both");
    }
    String agent = text(field + ".agent", node.get("agent"));
    List<String> sessions = new ArrayList<>();
    if (node.has("sessions")) {
      JsonNode s = node.get("sessions");
      if (!s.isArray()) {
        throw new ConfigException(field + ".sessions", "a list of session id fragments", s.toString());
      }
      s.forEach(x -> sessions.add(x.asText()));
    }
    Distribution delay = node.has("delay") ? DistributionParser.parse(field + ".delay", node.get("delay")) : null;
    if (delay == null && Set.of(FaultKind.SLOW_PODS, FaultKind.SLOW_DELETE).contains(kind)) {
      throw new ConfigException(field + ".delay", kind.id() + " needs a delay such as {median: 40s, p99: 90s}", "nothing");
    }
    Duration forDuration = node.has("for") ? durationField(field + ".for", node.get("for")) : null;
    Duration period = node.has("period") ? durationField(field + ".period", node.get("period")) : null;
    if (forDuration != null && forDuration.isZero()) {
      throw new ConfigException(field + ".for", "a positive duration like \"15s\"", node.get("for").toString());
    }
    if (kind == FaultKind.AGENT_CRASH_LOOP && period == null) {
      throw new ConfigException(field + ".period", "agent-crash-loop needs a period such as \"4m\" (time between crashes)",
          "nothing");
    }
    if (period != null && period.isZero()) {
      throw new ConfigException(field + ".period", "a positive duration like \"4m\"", node.get("period").toString());
    }
    Boolean pvc = bool(field + ".pvc", node.get("pvc"));
    Boolean sessionCr = bool(field + ".sessionCr", node.get("sessionCr"));
    return new FaultSpec(kind, count, rate, agent, List.copyOf(sessions), delay, forDuration, period, pvc, sessionCr);
  }

  /**
   * Refuses an {@code agent} that is not one of the sandbox's agents {@code k8s-agent-1..agents}; {@code field}
   * names the fault (e.g. {@code faults[0]}), the error names {@code <field>.agent}.
   */
  public void requireKnownAgent(String field, int agents) {
    if (agent == null) {
      return;
    }
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= agents; i++) {
      ids.add(SandboxSecrets.agentId(i));
    }
    if (!ids.contains(agent)) {
      String choices = ids.isEmpty() ? "no agent (the sandbox has agents: 0)" : "one of " + String.join(", ", ids);
      throw new ConfigException(field + ".agent", choices, "\"" + agent + "\"");
    }
  }

  /** Whether the fault is for this agent: no {@code agent} parameter means every agent. */
  public boolean appliesTo(String agentId) {
    return agent == null || agent.equals(agentId);
  }

  private static Duration durationField(String field, JsonNode node) {
    return DistributionParser.parse(field, node) instanceof Distribution.Fixed f ? f.value()
        : failDuration(field, node);
  }

  private static Duration failDuration(String field, JsonNode node) {
    throw new ConfigException(field, "a duration like \"15s\"", node.toString());
  }

  private static double parseRate(String field, JsonNode node) {
    double value;
    if (node.isNumber()) {
      value = node.asDouble();
    } else if (node.isTextual() && node.asText().trim().endsWith("%")) {
      try {
        value = Double.parseDouble(node.asText().trim().replace("%", "")) / 100.0;
      } catch (NumberFormatException e) {
        throw new ConfigException(field, "a probability like 0.2 or \"20%\"", node.toString());
      }
    } else {
      throw new ConfigException(field, "a probability like 0.2 or \"20%\"", node.toString());
    }
    if (value < 0 || value > 1) {
      throw new ConfigException(field, "a probability between 0 and 1 (or 0% and 100%)", node.toString());
    }
    return value;
  }

  private static String text(String field, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new ConfigException(field, "a string", node.toString());
    }
    return node.asText();
  }

  private static Boolean bool(String field, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw new ConfigException(field, "true or false", node.toString());
    }
    return node.asBoolean();
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("kind", kind.id());
    if (count != null) {
      json.put("count", count);
    }
    if (rate != null) {
      json.put("rate", rate);
    }
    if (agent != null) {
      json.put("agent", agent);
    }
    if (!sessions.isEmpty()) {
      json.put("sessions", new JsonArray(sessions));
    }
    if (delay != null) {
      json.put("delay", delay.describe());
    }
    if (forDuration != null) {
      json.put("for", io.loadstone.common.time.Durations.format(forDuration));
    }
    if (period != null) {
      json.put("period", io.loadstone.common.time.Durations.format(period));
    }
    if (pvc != null) {
      json.put("pvc", pvc);
    }
    if (sessionCr != null) {
      json.put("sessionCr", sessionCr);
    }
    return json;
  }
}
