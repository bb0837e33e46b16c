package io.loadstone.cluster;

import java.util.List;
import java.util.Objects;

/**
 * Where a node binds and whom it joins. Defaults keep a cluster on one machine: loopback only, TCP-IP join, no
 * multicast, cluster name {@code loadstone}.
 *
 * @param host  the address this node binds and announces (Hazelcast and the event bus)
 * @param port  the first Hazelcast port to try (the next 9 are tried when taken)
 * @param join  {@code host:port} of members to join; empty: this node starts the cluster
 * @param name  the cluster name: nodes with another name never join
 */
public record ClusterOptions(String host, int port, List<String> join, String name) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5801;
  public static final String DEFAULT_NAME = "loadstone";

  public ClusterOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(name, "name");
    join = List.copyOf(join);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("cluster port: expected 1-65535, got " + port);
    }
    for (String member : join) {
      int colon = member.lastIndexOf(':');
      if (colon <= 0 || !member.substring(colon + 1).matches("\\d{1,5}")) {
        throw new IllegalArgumentException("--join: expected HOST:PORT, got \"" + member + "\"");
      }
    }
  }

  /** Which members this node tries to join, for messages. */
  public String describeJoin() {
    return join.isEmpty() ? "none (this node starts the cluster)" : String.join(",", join);
  }
}
