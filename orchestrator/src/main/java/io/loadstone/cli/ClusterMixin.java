package io.loadstone.cli;

import io.loadstone.cluster.ClusterOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every clustered command shares. */
final class ClusterMixin {
  @Option(names = "--join", paramLabel = "HOST:PORT", split = ",",
      description = "Cluster members to join (TCP-IP; no multicast). None: this node starts the cluster.")
  List<String> join = new ArrayList<>();

  @Option(names = "--cluster-host", paramLabel = "H",
      description = "Address this node binds and announces (default: ${DEFAULT-VALUE}: one machine only).")
  String host = ClusterOptions.DEFAULT_HOST;

  @Option(names = "--cluster-port", paramLabel = "P",
      description = "First cluster port to try; the next 9 are tried when taken (default: ${DEFAULT-VALUE}).")
  int port = ClusterOptions.DEFAULT_PORT;

  @Option(names = "--cluster-name", paramLabel = "N",
      description = "Cluster name; nodes with another name never join (default: ${DEFAULT-VALUE}).")
  String name = ClusterOptions.DEFAULT_NAME;

  ClusterOptions options() {
    return new ClusterOptions(host, port, join, name);
  }
}
