package io.loadstone.sandbox.config;

import java.time.Duration;
import java.util.List;

/**
 * Every timing of the platform, defaulting to the real values of the contract (section 2.6, 2.8, 2.4).
 * Tests run the same logic with the same ratios in milliseconds (see {@code sandbox-fast.yaml}).
 *
 * @param heartbeatInterval      how often an agent sends a heartbeat (30 s)
 * @param hubCheckInterval       how often the control plane's hub looks for silent agents (10 s)
 * @param staleAfter             an agent silent for longer is set offline (45 s)
 * @param selectionWindow        agent selection only considers agents with a heartbeat this recent (90 s)
 * @param wsPingInterval         control plane -> agent WebSocket ping period (54 s)
 * @param wsPongWait             the connection is dropped when no pong/message arrives within this (60 s)
 * @param reconnectBackoff       agent reconnect delays; the last one repeats (2, 4, 8, 16, 32 s)
 * @param reconcilerInterval     reconciler period (60 s)
 * @param terminatingResendAfter a session terminating for longer gets stop_session again (5 min)
 * @param terminatingGiveUpAfter ... or, with its agent away, is marked terminated (10 min)
 * @param pendingFailAfter       a pending session with no connected agent is marked failed (10 min)
 * @param podReadyPollInterval   the agent's start handler polls the pod this often (2 s)
 * @param podReadyTimeout        ... and fails the command after this (120 s)
 * @param tunnelReadyTimeout     the agent gives up opening a VNC tunnel after this (30 s)
 * @param tokenTtl               JWT lifetime (24 h)
 * @param commandQueueCapacity   dispatcher queue size (1000)
 * @param commandWorkers         dispatcher workers (10)
 * @param agentRestartDelay      under {@code agent-crash-loop}, a crashed agent process is started again after this
 *                               (2 s; the real agent runs under a Deployment, restarted by the kubelet)
 */
public record Timings(
    Duration heartbeatInterval,
    Duration hubCheckInterval,
    Duration staleAfter,
    Duration selectionWindow,
    Duration wsPingInterval,
    Duration wsPongWait,
    List<Duration> reconnectBackoff,
    Duration reconcilerInterval,
    Duration terminatingResendAfter,
    Duration terminatingGiveUpAfter,
    Duration pendingFailAfter,
    Duration podReadyPollInterval,
    Duration podReadyTimeout,
    Duration tunnelReadyTimeout,
    Duration tokenTtl,
    int commandQueueCapacity,
    int commandWorkers,
    Duration agentRestartDelay) {

  public static Timings defaults() {
    return new Timings(
        Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(45), Duration.ofSeconds(90),
        Duration.ofSeconds(54), Duration.ofSeconds(60),
        List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(32)),
        Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(10),
        Duration.ofSeconds(2), Duration.ofSeconds(120), Duration.ofSeconds(30), Duration.ofHours(24),
        1000, 10, Duration.ofSeconds(2));
  }
}
