package io.loadstone.sandbox.pods;

import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link PodNetwork} of the pod simulator: hands out pod IPs from 10.244.0.0/16 (unique among live pods,
 * not reused until the address space wraps) and maps {@code podIP:3000} to the pod's {@link RfbServer}.
 * Thread-safe: agents resolve from their own event loops while the kubelet registers and releases.
 */
public final class LoopbackPodNetwork implements PodNetwork {
  /** The port every session pod serves VNC on (the template's port {@code vnc}). */
  public static final int VNC_PORT = 3000;
  // .0.0/.0.1 are the network and gateway; the last host is 10.244.255.254.
  private static final int FIRST_HOST = 2;
  private static final int HOSTS = (1 << 16) - 3;

  private final Set<String> allocated = ConcurrentHashMap.newKeySet();
  private final Map<String, SocketAddress> serving = new ConcurrentHashMap<>();
  private int next;

  /** A free IP for a new pod; it stays taken until {@link #release}. */
  synchronized String allocate() {
    for (int tries = 0; tries < HOSTS; tries++) {
      int host = FIRST_HOST + next;
      next = (next + 1) % HOSTS;
      if ((host & 0xff) == 0xff || (host & 0xff) == 0) {
        continue;
      }
      String ip = "10.244." + (host >>> 8) + "." + (host & 0xff);
      if (allocated.add(ip)) {
        return ip;
      }
    }
    throw new IllegalStateException("pod network 10.244.0.0/16 is full");
  }

  /** Claims a given IP (a pod that already has one); false when another pod holds it. */
  boolean claim(String ip) {
    return allocated.add(ip);
  }

  /** Makes {@code ip:3000} reach {@code address}. */
  void serve(String ip, SocketAddress address) {
    serving.put(ip, address);
  }

  /** Stops serving the IP and frees it. */
  void release(String ip) {
    serving.remove(ip);
    allocated.remove(ip);
  }

  @Override
  public Optional<SocketAddress> resolve(String podIp, int port) {
    return port == VNC_PORT && podIp != null ? Optional.ofNullable(serving.get(podIp)) : Optional.empty();
  }

  @Override
  public List<String> servingPodIps() {
    return List.copyOf(serving.keySet());
  }

  /** Number of pod IPs currently taken (serving or not). */
  public int allocatedCount() {
    return allocated.size();
  }
}
