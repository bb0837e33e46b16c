package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

/**
 * The simulator's only door to the Kubernetes API: the fabric8 client, whose calls block, run on a worker pool
 * reserved for the simulator so that a burst of writes neither blocks an event loop nor starves other users of
 * Vert.x's shared pool. Futures complete on the calling context.
 */
final class KubeAccess {
  /** The one node of the sandbox cluster; every pod is bound to it. */
  static final String NODE_NAME = "sandbox-node-1";
  static final String NODE_IP = "172.18.0.2";

  final KubernetesClient client;
  final String namespace;
  private final WorkerExecutor workers;

  KubeAccess(KubernetesClient client, String namespace, WorkerExecutor workers) {
    this.client = client;
    this.namespace = namespace;
    this.workers = workers;
  }

  <T> Future<T> call(Callable<T> blocking) {
    return workers.executeBlocking(blocking, false);
  }

  static boolean notFound(Throwable error) {
    return code(error) == 404;
  }

  /** 409: a conflicting resourceVersion, or a create of a name that exists. */
  static boolean conflict(Throwable error) {
    return code(error) == 409;
  }

  static int code(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() > 0) {
        return k.getCode();
      }
    }
    return -1;
  }

  /** A short description for logs: status code and reason, never a request body. */
  static String describe(Throwable error) {
    int code = code(error);
    String message = String.valueOf(error.getMessage());
    if (message.length() > 200) {
      message = message.substring(0, 200) + "...";
    }
    return code > 0 ? code + " " + message : message;
  }

  /** RFC 3339 in UTC with milliseconds, as a Kubernetes timestamp; Go's RFC 3339 parser accepts the fraction. */
  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  static String now() {
    return timestamp(Instant.now());
  }

  void close() {
    workers.close();
    client.close();
  }
}
