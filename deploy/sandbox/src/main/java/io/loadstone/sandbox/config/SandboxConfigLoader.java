package io.loadstone.sandbox.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.loadstone.common.plan.Suggestions;
import io.loadstone.sandbox.fault.FaultSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;


/**
 * Reads a sandbox config (YAML or JSON) over the defaults. Every problem is collected and reported at once,
 * each naming the field, what was expected and what was found; unknown fields are errors with a suggestion.
 * <pre>
 * agents: 2
 * timings: {heartbeatInterval: 200ms, staleAfter: 600ms}
 * pods: {readyDelay: {median: 6s, p99: 20s}}
 * faults: [{kind: drop-start-command, count: 1}]
 * redeliverCommands: false
 * </pre>
 */
public final class SandboxConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP = Set.of("host", "port", "kubePort", "namespace", "agents", "region",
      "adminPassword", "users", "maxSessionsPerUser", "seed", "timings", "pods", "faults", "redeliverCommands");
  private static final Set<String> TIMINGS = Set.of("heartbeatInterval", "hubCheckInterval", "staleAfter",
      "selectionWindow", "wsPingInterval", "wsPongWait", "reconnectBackoff", "reconcilerInterval",
      "terminatingResendAfter", "terminatingGiveUpAfter", "pendingFailAfter", "podReadyPollInterval",
      "podReadyTimeout", "tunnelReadyTimeout", "tokenTtl", "commandQueueCapacity", "commandWorkers",
      "agentRestartDelay");
  private static final Set<String> PODS = Set.of("scheduleDelay", "readyDelay", "deleteGrace", "controllerDelay");
  private static final Set<String> USER = Set.of("username", "password", "role", "disabled");

  private SandboxConfigLoader() {
  }

  public static SandboxConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(file.toString(), List.of("file not found"));
    } catch (IOException e) {
      throw new InvalidConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
    }
    return parse(file.toString(), text, SandboxConfig.defaults());
  }

  /** Parses {@code text} over {@code base}; {@code source} names the file (or "inline") in errors. */
  public static SandboxConfig parse(String source, String text, SandboxConfig base) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new InvalidConfigException(source, List.of("not valid YAML/JSON" + where + ": " + e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return base;
    }
    List<String> errors = new ArrayList<>();
    if (!root.isObject()) {
      throw new InvalidConfigException(source, List.of("(top): expected a mapping of settings, got " + root.getNodeType()));
    }
    checkKeys("", root, TOP, errors);
    var b = new Object() {
      String host = base.host();
      int port = base.port();
      int kubePort = base.kubePort();
      String namespace = base.namespace();
      int agents = base.agents();
      String region = base.region();
      String adminPassword = base.adminPassword();
      List<UserSpec> users = base.users();
      int maxSessions = base.maxSessionsPerUser();
      Long seed = base.seed();
      Timings timings = base.timings();
      PodSettings pods = base.pods();
      List<FaultSpec> faults = base.faults();
      boolean redeliverCommands = base.redeliverCommands();
    };
    guard(errors, () -> b.host = text(root, "host", b.host));
    guard(errors, () -> b.port = integer(root, "port", b.port, 0, 65535));
    guard(errors, () -> b.kubePort = integer(root, "kubePort", b.kubePort, 0, 65535));
    guard(errors, () -> b.namespace = text(root, "namespace", b.namespace));
    guard(errors, () -> b.agents = integer(root, "agents", b.agents, 0, 1000));
    guard(errors, () -> b.region = text(root, "region", b.region));
    guard(errors, () -> b.adminPassword = text(root, "adminPassword", b.adminPassword));
    guard(errors, () -> b.maxSessions = integer(root, "maxSessionsPerUser", b.maxSessions, 0, Integer.MAX_VALUE));
    guard(errors, () -> {
      if (root.has("seed")) {
        if (!root.get("seed").isIntegralNumber()) {
          throw new ConfigException("seed", "an integer", root.get("seed").toString());
        }
        b.seed = root.get("seed").asLong();
      }
    });
    guard(errors, () -> {
      if (root.has("redeliverCommands")) {
        if (!root.get("redeliverCommands").isBoolean()) {
          throw new ConfigException("redeliverCommands", "true or false", root.get("redeliverCommands").toString());
        }
        b.redeliverCommands = root.get("redeliverCommands").asBoolean();
      }
    });
    if (root.has("users")) {
      b.users = users(root.get("users"), errors);
    }
    if (root.has("timings")) {
      b.timings = timings(root.get("timings"), base.timings(), errors);
    }
    if (root.has("pods")) {
      b.pods = pods(root.get("pods"), base.pods(), errors);
    }
    if (root.has("faults")) {
      JsonNode list = root.get("faults");
      if (!list.isArray()) {
        errors.add("faults: expected a list of faults, got " + list.getNodeType());
      } else {
        List<FaultSpec> faults = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          int at = i;
          guard(errors, () -> {
            FaultSpec spec = FaultSpec.parse("faults[" + at + "]", list.get(at));
            spec.requireKnownAgent("faults[" + at + "]", b.agents);
            faults.add(spec);
          });
        }
        b.faults = List.copyOf(faults);
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidConfigException(source, errors);
    }
    return new SandboxConfig(b.host, b.port, b.kubePort, b.namespace, b.agents, b.region, b.adminPassword, b.users,
        b.maxSessions, b.seed, b.timings, b.pods, b.faults, b.redeliverCommands);
  }

  private static List<UserSpec> users(JsonNode node, List<String> errors) {
    List<UserSpec> users = new ArrayList<>();
    if (!node.isArray()) {
      errors.add("users: expected a list of {username, password, role, disabled}, got " + node.getNodeType());
      return List.of();
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode u = node.get(i);
      String f = "users[" + i + "]";
      if (!u.isObject()) {
        errors.add(f + ": expected {username, password, role, disabled}, got " + u.getNodeType());
        continue;
      }
      checkKeys(f + ".", u, USER, errors);
      guard(errors, () -> {
        String name = text(u, "username", null);
        String password = text(u, "password", null);
        if (name == null || password == null) {
          throw new ConfigException(f, "username and password", "missing " + (name == null ? "username" : "password"));
        }
        String role = text(u, "role", "user");
        if (!Set.of("user", "admin").contains(role)) {
          throw new ConfigException(f + ".role", "user or admin", "\"" + role + "\"");
        }
        boolean disabled = u.has("disabled") && u.get("disabled").asBoolean();
        users.add(new UserSpec(name, password, role, disabled));
      });
    }
    return List.copyOf(users);
  }

  private static Timings timings(JsonNode node, Timings t, List<String> errors) {
    if (!node.isObject()) {
      errors.add("timings: expected a mapping, got " + node.getNodeType());
      return t;
    }
    checkKeys("timings.", node, TIMINGS, errors);
    Duration[] d = {t.heartbeatInterval(), t.hubCheckInterval(), t.staleAfter(), t.selectionWindow(),
        t.wsPingInterval(), t.wsPongWait(), t.reconcilerInterval(), t.terminatingResendAfter(),
        t.terminatingGiveUpAfter(), t.pendingFailAfter(), t.podReadyPollInterval(), t.podReadyTimeout(),
        t.tunnelReadyTimeout(), t.tokenTtl(), t.agentRestartDelay()};
    String[] names = {"heartbeatInterval", "hubCheckInterval", "staleAfter", "selectionWindow", "wsPingInterval",
        "wsPongWait", "reconcilerInterval", "terminatingResendAfter", "terminatingGiveUpAfter", "pendingFailAfter",
        "podReadyPollInterval", "podReadyTimeout", "tunnelReadyTimeout", "tokenTtl", "agentRestartDelay"};
    for (int i = 0; i < names.length; i++) {
      int at = i;
      if (node.has(names[i])) {
        guard(errors, () -> {
          Duration v = DistributionParser.duration("timings." + names[at], node.get(names[at]));
          if (v.isZero()) {
            throw new ConfigException("timings." + names[at], "a positive duration", "0");
          }
          d[at] = v;
        });
      }
    }
    List<Duration> backoff = new ArrayList<>(t.reconnectBackoff());
    if (node.has("reconnectBackoff")) {
      JsonNode list = node.get("reconnectBackoff");
      if (!list.isArray() || list.isEmpty()) {
        errors.add("timings.reconnectBackoff: expected a non-empty list of durations like [2s, 4s, 8s], got " + list);
      } else {
        backoff.clear();
        for (int i = 0; i < list.size(); i++) {
          int at = i;
          guard(errors, () -> backoff.add(DistributionParser.duration("timings.reconnectBackoff[" + at + "]", list.get(at))));
        }
      }
    }
    int[] ints = {t.commandQueueCapacity(), t.commandWorkers()};
    guard(errors, () -> ints[0] = integer(node, "commandQueueCapacity", ints[0], 1, 1_000_000));
    guard(errors, () -> ints[1] = integer(node, "commandWorkers", ints[1], 1, 1000));
    return new Timings(d[0], d[1], d[2], d[3], d[4], d[5], List.copyOf(backoff), d[6], d[7], d[8], d[9], d[10], d[11],
        d[12], d[13], ints[0], ints[1], d[14]);
  }

  private static PodSettings pods(JsonNode node, PodSettings p, List<String> errors) {
    if (!node.isObject()) {
      errors.add("pods: expected a mapping, got " + node.getNodeType());
      return p;
    }
    checkKeys("pods.", node, PODS, errors);
    Distribution[] d = {p.scheduleDelay(), p.readyDelay(), p.deleteGrace()};
    String[] names = {"scheduleDelay", "readyDelay", "deleteGrace"};
    for (int i = 0; i < names.length; i++) {
      int at = i;
      if (node.has(names[i])) {
        guard(errors, () -> d[at] = DistributionParser.parse("pods." + names[at], node.get(names[at])));
      }
    }
    Duration[] controller = {p.controllerDelay()};
    if (node.has("controllerDelay")) {
      guard(errors, () -> controller[0] = DistributionParser.duration("pods.controllerDelay", node.get("controllerDelay")));
    }
    return new PodSettings(d[0], d[1], d[2], controller[0]);
  }

  private static void guard(List<String> errors, Runnable step) {
    try {
      step.run();
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    if (v == null) {
      return fallback;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new ConfigException(field, "a non-empty string", v.toString());
    }
    return v.asText();
  }

  private static int integer(JsonNode node, String field, int fallback, int min, int max) {
    JsonNode v = node.get(field);
    if (v == null) {
      return fallback;
    }
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw new ConfigException(field, "an integer from " + min + " to " + max, v.toString());
    }
    return v.asInt();
  }

  /** Unknown keys are errors, with the closest known key as a suggestion. */
  static void checkKeys(String prefix, JsonNode node, Set<String> known, List<String> errors) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      String key = it.next().getKey();
      if (!known.contains(key)) {
        errors.add(prefix + key + ": unknown field" + Suggestions.hint(key, known)
            + "; expected one of " + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }
}
