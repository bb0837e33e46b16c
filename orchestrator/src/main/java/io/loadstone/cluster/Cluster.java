package io.loadstone.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.function.Consumer;

/**
 * A clustered Vert.x on Hazelcast, configured as {@code stack-notes.md} section 2 found to work here: Vert.x's own
 * Hazelcast defaults (its maps and locks), the cluster name, TCP-IP join to the given members, no multicast or
 * auto-detection, the given interface only, and failure detection bounded at 5 s without heartbeats (a killed JVM
 * on the same host is seen in under a second, since its port refuses connections).
 */
public final class Cluster {
  private Cluster() {
  }

  /** Starts this node; fails when Hazelcast or the event bus cannot bind. */
  public static Future<Vertx> start(ClusterOptions options) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(options.name());
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(options.port()).setPortAutoIncrement(true).setPortCount(10);
    network.getInterfaces().setEnabled(true).addInterface(options.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
    options.join().forEach(member -> join.getTcpIpConfig().addMember(member));
    if (options.join().isEmpty()) {
      join.getTcpIpConfig().addMember(options.host() + ":" + options.port());
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(hz);
    return Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(options.host()).setPort(0)
            .setClusterPublicHost(options.host())))
        .withClusterManager(manager)
        .buildClustered();
  }

  /** This node's cluster id. */
  public static String nodeId(Vertx vertx) {
    return manager(vertx).getNodeId();
  }

  /** How many members the cluster has, this one included. */
  public static int members(Vertx vertx) {
    return manager(vertx).getNodes().size();
  }

  /**
   * Tells {@code left} / {@code joined} the node ids of members that leave / join, on the given Vert.x's event
   * loop context of the caller (the cluster manager calls from its own threads).
   */
  public static void onMembership(Vertx vertx, io.vertx.core.Context context, Consumer<String> joined,
                                  Consumer<String> left) {
    manager(vertx).nodeListener(new NodeListener() {
      @Override
      public void nodeAdded(String nodeId) {
        context.runOnContext(v -> joined.accept(nodeId));
      }

      @Override
      public void nodeLeft(String nodeId) {
        context.runOnContext(v -> left.accept(nodeId));
      }
    });
  }

  private static ClusterManager manager(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager();
  }
}
