package io.loadstone.sandbox.controlplane;

import io.loadstone.sandbox.fault.ActiveFault;
import io.loadstone.sandbox.fault.FaultKind;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.truth.GroundTruth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered agents, their API keys and their status ({@code online | offline | draining}). Every status change goes
 * through here ({@link #reregister}, {@link #connected}, {@link #heartbeat}, {@link #markOffline}) and is written to
 * the agent's ground-truth timeline ({@code online} / {@code offline}, with the reason).
 *
 * <p>Fault {@code agent-status-stuck-offline} (P1-AGENT-STATUS-001) hooks here: while it is on, an agent that
 * (re)registers or connects is kept {@code offline} although connected, and its heartbeats then advance
 * {@code lastHeartbeat} without setting it online, so the selector never picks it. An agent already connected when
 * the fault is added keeps its status until it reconnects. Once the fault is removed, the next heartbeat sets it
 * online. Confined to the control plane's event loop.
 */
final class AgentRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(AgentRegistry.class);
  private static final Pattern KEY_FORMAT = Pattern.compile("[0-9a-fA-F]{64}");

  /** the outcome of an API key check, mapped to the platform's answers */
  enum KeyCheck { MISSING, MALFORMED, WRONG, OK }

  private final Map<String, Agent> agents = new LinkedHashMap<>();
  private final Map<String, String> keys;
  private final GroundTruth truth;
  private final Faults faults;

  AgentRegistry(Map<String, String> expectedKeys, GroundTruth truth, Faults faults) {
    this.keys = new HashMap<>(expectedKeys);
    this.truth = truth;
    this.faults = faults;
  }

  /**
   * Checks {@code X-Agent-API-Key} for {@code agentId}. An id the sandbox has no key for is accepted (its key is
   * remembered by {@link #rememberKey} once it registers), like a bootstrap key.
   */
  KeyCheck checkKey(String agentId, String key) {
    if (key == null || key.isEmpty()) {
      return KeyCheck.MISSING;
    }
    if (!KEY_FORMAT.matcher(key).matches()) {
      return KeyCheck.MALFORMED;
    }
    String expected = keys.get(agentId);
    if (expected == null) {
      return KeyCheck.OK;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), key.getBytes(StandardCharsets.US_ASCII))
        ? KeyCheck.OK : KeyCheck.WRONG;
  }

  void rememberKey(String agentId, String key) {
    keys.putIfAbsent(agentId, key);
  }

  Optional<Agent> find(String agentId) {
    return Optional.ofNullable(agents.get(agentId));
  }

  Collection<Agent> all() {
    return agents.values();
  }

  /** newest first, as the platform lists them, filtered by the non-empty arguments */
  List<Agent> list(String status, String platform, String region) {
    List<Agent> out = new ArrayList<>();
    for (Agent a : agents.values()) {
      if (matches(status, a.status) && matches(platform, a.platform) && matches(region, a.region)) {
        out.add(0, a);
      }
    }
    return out;
  }

  private static boolean matches(String filter, String value) {
    return filter == null || filter.isEmpty() || filter.equals(value);
  }

  /** A new agent is stored offline until it connects. */
  Agent create(String id, String agentId) {
    Agent agent = new Agent(id, agentId);
    agents.put(agentId, agent);
    truth.agent(agentId, "registered", "new");
    return agent;
  }

  /** A known agent registered again: the platform sets it online with a fresh heartbeat. */
  void reregister(Agent agent) {
    truth.agent(agent.agentId, "registered", "known");
    markOnline(agent, "re-registered", false);
  }

  /** Its WebSocket was accepted: online (the platform's hub registers it). */
  void connected(Agent agent) {
    markOnline(agent, "connected", true);
  }

  /** A heartbeat arrived: the platform sets the agent online on every one (its fix for P1-AGENT-STATUS-001). */
  void heartbeat(Agent agent) {
    agent.heartbeat();
    if (agent.keptOffline && stuckOffline(agent).isPresent()) {
      return;
    }
    agent.keptOffline = false;
    setOnline(agent, "heartbeat");
  }

  boolean remove(String agentId) {
    boolean removed = agents.remove(agentId) != null;
    if (removed) {
      truth.agent(agentId, "deregistered", null);
    }
    return removed;
  }

  /** {@code connect} is the WebSocket half of a (re)connection: the moment a stuck-offline firing is recorded. */
  private void markOnline(Agent agent, String why, boolean connect) {
    agent.heartbeat();
    Optional<ActiveFault> stuck = stuckOffline(agent);
    if (stuck.isEmpty()) {
      agent.keptOffline = false;
      setOnline(agent, why);
      return;
    }
    agent.keptOffline = true;
    markOffline(agent, "agent-status-stuck-offline (fault " + stuck.get().id() + ")");
    if (connect) {
      LOG.warn("agent {} reconnected and heartbeating but kept offline (fault {})", agent.agentId, stuck.get().id());
      faults.fire(stuck.get(), null, agent.agentId, "reconnected and heartbeating, kept offline");
      truth.agent(agent.agentId, "kept-offline", "agent-status-stuck-offline (fault " + stuck.get().id() + ")");
    }
  }

  private Optional<ActiveFault> stuckOffline(Agent agent) {
    return faults.standing(FaultKind.AGENT_STATUS_STUCK_OFFLINE, agent.agentId);
  }

  private void setOnline(Agent agent, String why) {
    if (!"online".equals(agent.status)) {
      LOG.info("agent {} is online ({})", agent.agentId, why);
      agent.status = "online";
      agent.updatedAt = Instant.now();
      truth.agent(agent.agentId, "online", why);
    }
  }

  void markOffline(Agent agent, String why) {
    agent.updatedAt = Instant.now();
    if (!"offline".equals(agent.status)) {
      LOG.info("agent {} is offline ({})", agent.agentId, why);
      agent.status = "offline";
      truth.agent(agent.agentId, "offline", why);
    }
  }
}
