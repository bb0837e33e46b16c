package io.loadstone.sandbox.kube;

import java.util.Random;

/**
 * Hands out Service cluster IPs from 10.96.0.0/16, as a real API server's allocator does: unique among live
 * Services, never the network or broadcast address, and not 10.96.0.1 (the {@code kubernetes} Service) or
 * 10.96.0.10 (DNS). The store tracks the IPs of live Services, so deleted Services free theirs.
 */
final class ClusterIpAllocator {

  private static final int SIZE = 1 << 16;
  private final Random random;

  ClusterIpAllocator(Random random) {
    this.random = random;
  }

  String allocate(KubeStore store) {
    if (store.clusterIpsInUse() >= SIZE - 4) {
      throw new KubeApiException(500, "InternalError",
          "Internal error occurred: failed to allocate a serviceIP: range is full", ResourceKinds.SERVICES, null,
          null);
    }
    // Random probing like the real allocator; the range is far larger than any sandbox run needs.
    int start = random.nextInt(SIZE);
    for (int i = 0; i < SIZE; i++) {
      String ip = toIp((start + i) % SIZE);
      if (allocatable(ip) && !store.clusterIpInUse(ip)) {
        return ip;
      }
    }
    throw new IllegalStateException("no free cluster IP although the range is not full");
  }

  /** Validates a requested cluster IP: inside the range and not taken. Throws 422 Invalid otherwise. */
  void checkRequested(KubeStore store, String name, String ip) {
    if (!inRange(ip)) {
      throw KubeApiException.invalid(ResourceKinds.SERVICES, name, "spec.clusterIPs", "Invalid value",
          "\"" + ip + "\": failed to allocate IP " + ip + ": the provided IP (" + ip
              + ") is not in the valid range. The range of valid IPs is 10.96.0.0/16");
    }
    if (store.clusterIpInUse(ip)) {
      throw KubeApiException.invalid(ResourceKinds.SERVICES, name, "spec.clusterIPs", "Invalid value",
          "\"" + ip + "\": failed to allocate IP " + ip + ": provided IP is already allocated");
    }
  }

  private static boolean inRange(String ip) {
    String[] parts = ip.split("\\.");
    if (parts.length != 4 || !"10".equals(parts[0]) || !"96".equals(parts[1])) {
      return false;
    }
    try {
      int third = Integer.parseInt(parts[2]);
      int fourth = Integer.parseInt(parts[3]);
      return third >= 0 && third <= 255 && fourth >= 0 && fourth <= 255 && allocatable(ip);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean allocatable(String ip) {
    return !ip.equals("10.96.0.0") && !ip.equals("10.96.255.255") && !ip.equals("10.96.0.1")
        && !ip.equals("10.96.0.10");
  }

  private static String toIp(int offset) {
    return "10.96." + (offset >> 8) + "." + (offset & 0xff);
  }
}
