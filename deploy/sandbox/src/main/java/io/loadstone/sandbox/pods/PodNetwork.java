package io.loadstone.sandbox.pods;

import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox's pod network, as a CNI would provide it: pods get cluster-style IPs (10.244.x.y) in their
 * status, and this maps "podIP:port" to the real loopback socket that serves it. The agent's VNC tunnel
 * (the port-forward of the real agent) dials through it; nothing else should.
 */
public interface PodNetwork {
  /** The loopback address that serves {@code podIp:port}, while a Ready pod owns that IP and listens there. */
  Optional<SocketAddress> resolve(String podIp, int port);

  /** IPs of pods currently serving, for the vnc-cross-wire fault (a tunnel that reaches another pod). */
  List<String> servingPodIps();
}
