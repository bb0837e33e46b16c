package io.loadstone.sandbox.config;

import io.loadstone.sandbox.fault.FaultSpec;
import java.util.List;

/**
 * Everything a sandbox start needs. Defaults are the real platform's (control plane on a free port here; the
 * CLI defaults it to the contract's 8000). Secrets left null are generated per start and never logged.
 *
 * @param host               interface every sandbox server binds (loopback)
 * @param port               control plane port, 0 = any free port
 * @param kubePort           Kubernetes API port, 0 = any free port
 * @param namespace          namespace of session objects ({@code streamspace})
 * @param agents             number of agents, ids {@code k8s-agent-1} ...
 * @param region             region the agents report
 * @param adminPassword      password of {@code admin}; null = generated
 * @param users              further accounts (e.g. a second user, a disabled one)
 * @param maxSessionsPerUser quota on live sessions per user; 0 = none (403 Quota exceeded beyond it)
 * @param seed               seed of every random draw (pod delays, fault rates, ids); null = random
 * @param timings            platform timings
 * @param pods               pod simulator stages
 * @param faults             faults on from the start
 * @param redeliverCommands  false (the platform's code): a command for a disconnected agent is failed
 *                           ({@code command-lost-while-down} on by default); true: it is kept pending and sent when
 *                           the agent connects again, as StreamSpace's design documents promise
 */
public record SandboxConfig(
    String host,
    int port,
    int kubePort,
    String namespace,
    int agents,
    String region,
    String adminPassword,
    List<UserSpec> users,
    int maxSessionsPerUser,
    Long seed,
    Timings timings,
    PodSettings pods,
    List<FaultSpec> faults,
    boolean redeliverCommands) {

  public static SandboxConfig defaults() {
    return new SandboxConfig("127.0.0.1", 0, 0, "streamspace", 1, "local", null, List.of(), 0, null,
        Timings.defaults(), PodSettings.defaults(), List.of(), false);
  }

  public SandboxConfig withPort(int port) {
    return new SandboxConfig(host, port, kubePort, namespace, agents, region, adminPassword, users, maxSessionsPerUser,
        seed, timings, pods, faults, redeliverCommands);
  }

  public SandboxConfig withAgents(int agents) {
    return new SandboxConfig(host, port, kubePort, namespace, agents, region, adminPassword, users, maxSessionsPerUser,
        seed, timings, pods, faults, redeliverCommands);
  }

  @Override
  public String toString() {
    return "SandboxConfig[port=" + port + ", kubePort=" + kubePort + ", namespace=" + namespace + ", agents=" + agents
        + ", users=" + users + ", faults=" + faults.size() + ", redeliverCommands=" + redeliverCommands + ", adminPassword=" + (adminPassword == null ? "generated" : "***") + "]";
  }
}
